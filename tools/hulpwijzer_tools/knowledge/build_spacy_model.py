"""Build Hulpwijzer's own small Dutch spaCy pipeline and save it to disk.

Why: Rasa's ``SpacyNLP`` needs a spaCy pipeline, and the usual ``nl_core_news_sm``
cannot be downloaded on machines without access to GitHub (it is not on PyPI).
``SpacyNLP`` refuses ``blank:nl`` but accepts a pipeline saved to a directory, so we
build one from what PyPI gives us: spaCy's Dutch tokenizer rules plus the Dutch
lookup lemmatizer from ``spacy-lookups-data``. Lemmas let the count-vector featurizer
treat "slaat", "sloeg" and "geslagen" alike, which matters with small training data.

Where ``nl_core_news_sm`` can be installed, set ``model: nl_core_news_sm`` in
``bot/config.yml`` instead (see README); this script is then not needed.

Usage: hulpwijzer-spacy [--out build/spacy/nl_hulpwijzer]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import spacy

from hulpwijzer_tools.paths import ROOT

DEFAULT_OUT = ROOT / "build" / "spacy" / "nl_hulpwijzer"
#: Bump when the recipe changes, so `make` rebuilds stale pipelines.
RECIPE_VERSION = 1


def build(out: Path) -> Path:
    """Create the pipeline and write it to ``out`` (replacing what is there)."""
    nlp = spacy.blank("nl")
    # "lookup" mode needs no part-of-speech tagger, which a blank pipeline lacks.
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "hulpwijzer"
    nlp.meta["version"] = f"0.0.{RECIPE_VERSION}"
    nlp.meta["description"] = (
        "Dutch tokenizer + lookup lemmatizer (spacy-lookups-data), built by "
        "tools/hulpwijzer_tools/knowledge/build_spacy_model.py because nl_core_news_sm cannot be downloaded here."
    )
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    (out / "hulpwijzer_recipe.json").write_text(json.dumps({"recipe": RECIPE_VERSION}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    path = build(args.out)
    nlp = spacy.load(path)
    sample = "Hij sloeg de kinderen gisteren"
    lemmas = " ".join(token.lemma_ for token in nlp(sample))
    print(f"spaCy pipeline written to {path} (check: '{sample}' -> '{lemmas}')")


if __name__ == "__main__":
    main()
