"""How big and how varied the training data is, and that the evaluation sets stay unseen.

Why: a model trained on templates and near-duplicates looks better on its own data than
it is. This prints the number of training examples per intent, the pairs of training
examples above ``MAX_SIMILARITY`` (character n-gram cosine), and the most similar
training example for every dev and blind message (leakage). ``make test`` runs it and
fails when the data is smaller than ``MIN_EXAMPLES`` or when a near-duplicate pair or a
leaked evaluation message appears.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from hulpwijzer_tools.paths import ROOT

NLU = ROOT / "bot" / "data" / "nlu"
EVALUATION = [ROOT / "tests" / "dev", ROOT / "tests" / "blind", ROOT / "tests" / "heldout"]
MAX_SIMILARITY = 0.8
MIN_EXAMPLES = 3500
_ANNOTATION = re.compile(r"\[([^\]]+)\]\{[^}]*\}|\[([^\]]+)\]\([^)]*\)")


def _plain(text: str) -> str:
    """Example text without entity annotations: "[Almere](place)" -> "Almere"."""
    return " ".join(_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), text).split())


def training_examples() -> list[tuple[str, str, Path]]:
    """(text, intent, file) of every NLU example, in both of Rasa's example formats."""
    found = []
    for path in sorted(NLU.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            intent, examples = block.get("intent"), block.get("examples")
            if not intent or not examples:
                continue
            if isinstance(examples, str):
                texts = [line[2:] for line in examples.splitlines() if line.startswith("- ")]
            else:
                texts = [str(e["text"]) for e in examples]
            found.extend((_plain(t), intent, path) for t in texts if t.strip())
    return found


def evaluation_texts(folders: Sequence[Path] = EVALUATION) -> list[str]:
    texts = []
    for folder in folders:
        for path in sorted(folder.glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            texts += [str(m["text"]) for m in data.get("messages") or []]
            texts += [str(t) for c in data.get("conversations") or [] for t in c["turns"]]
    return texts


def similarity_vectorizer() -> TfidfVectorizer:
    """Character 2-4-grams within words: the near-duplicate measure of the brief."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True)


def most_similar(texts: Sequence[str], corpus: Sequence[str]) -> list[float]:
    """For each text, the highest cosine to any *other* string in ``corpus``."""
    if not texts or not corpus:
        return [0.0] * len(texts)
    vectorizer = similarity_vectorizer().fit(list(corpus) + list(texts))
    sims = (vectorizer.transform(list(texts)) @ vectorizer.transform(list(corpus)).T).toarray()
    for i, text in enumerate(texts):
        sims[i, [j for j, other in enumerate(corpus) if other == text]] = -1.0
    return [float(row.max(initial=0.0)) for row in sims]


def near_duplicate_pairs(texts: Sequence[str]) -> tuple[list[tuple[float, str, str]], float]:
    """Pairs of texts above ``MAX_SIMILARITY``, and the share of texts in such a pair."""
    matrix = similarity_vectorizer().fit_transform(list(texts))
    sims = (matrix @ matrix.T).tocoo()
    pairs, members = [], set()
    for i, j, value in zip(sims.row, sims.col, sims.data, strict=True):
        if i < j and value > MAX_SIMILARITY:
            pairs.append((float(value), texts[i], texts[j]))
            members |= {i, j}
    return sorted(pairs, reverse=True), len(members) / max(1, len(texts))


def prune() -> int:
    """Remove the second example of every near-duplicate pair from the block-style files.

    Why only those: the writers' files (bot/data/nlu/written/) are imported without
    near-duplicates already (hulpwijzer_tools.knowledge.import_written).
    """
    examples = training_examples()
    unique = list(dict.fromkeys(t for t, _, _ in examples))
    pairs, _ = near_duplicate_pairs(unique)
    drop: set[str] = set()
    for _, first, second in pairs:
        if first not in drop:
            drop.add(second)
    removed = 0
    for path in sorted({p for _, _, p in examples if "written" not in p.parts}):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [ln for ln in lines
                if not (ln.lstrip().startswith("- ") and _plain(ln.strip()[2:]) in drop)]
        removed += len(lines) - len(kept)
        path.write_text("".join(kept), encoding="utf-8")
    print(f"removed {removed} near-duplicate examples")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--prune"]:
        return prune()
    examples = training_examples()
    texts = [t for t, _, _ in examples]
    counts = Counter(intent for _, intent, _ in examples)
    written = sum(1 for _, _, path in examples if "written" in path.parts)
    print(f"training examples: {len(texts)} ({written} from independent writers), "
          f"{len(counts)} intents")
    for intent, n in counts.most_common():
        print(f"  {intent:<22}{n:>5}")
    unique = list(dict.fromkeys(texts))
    pairs, share = near_duplicate_pairs(unique)
    exact = len(texts) - len(unique)
    print(f"near-duplicates (char 2-4-gram cosine > {MAX_SIMILARITY}): {len(pairs)} pairs, "
          f"{share:.1%} of examples in a pair; exact repeats: {exact}")
    for value, a, b in pairs[:20]:
        print(f"  {value:.2f}  {a!r}  ~  {b!r}")
    for folder in EVALUATION:
        evaluation = evaluation_texts([folder])
        if not evaluation:
            continue
        leak = np.array(most_similar(evaluation, unique))
        short = sum(len(t.split()) <= 3 for v, t in zip(leak, evaluation, strict=True) if v > MAX_SIMILARITY)
        print(f"{folder.name} set: {len(evaluation)} messages; similarity to the nearest training "
              f"example median {np.median(leak):.2f}; above {MAX_SIMILARITY}: "
              f"{int((leak > MAX_SIMILARITY).sum())} ({short} of them 3 words or fewer)")
    problems = []
    if len(texts) < MIN_EXAMPLES:
        problems.append(f"{len(texts)} training examples, fewer than {MIN_EXAMPLES}")
    if pairs or exact:
        problems.append(f"{len(pairs)} near-duplicate pairs, {exact} exact repeats")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
