"""Compare feature sets for the risk screen's model on the dev set (docs/risk-screen.md).

Why kept: the choice of features and regularisation for ``hulpwijzer.risk_model`` was
measured, not guessed; this re-measures it after the training data grows. For each
variant it prints, per risk, the average precision on the dev set and the share of dev
negatives at or above the threshold that keeps every dev positive (false alarms at
100 % dev recall). Never run on the blind set.

Usage: python -m hulpwijzer_tools.evaluation.compare_risk_models
"""

from __future__ import annotations

import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.pipeline import FeatureUnion

from hulpwijzer_tools.evaluation.evaluate import SETS, load_cases
from hulpwijzer_tools.paths import ROOT


def variants() -> dict[str, object]:
    from hulpwijzer.danger import normalise

    def tfidf(analyzer: str, ngrams: tuple[int, int]) -> TfidfVectorizer:
        return TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, min_df=2, sublinear_tf=True,
                               preprocessor=normalise, token_pattern=r"(?u)\b\w+\b")

    return {
        "char 2-5 across words + words 1-2": FeatureUnion(
            [("c", tfidf("char", (2, 5))), ("w", tfidf("word", (1, 2)))]),
        "char 2-5 across words": tfidf("char", (2, 5)),
        "char 2-5 within words (DIET's)": tfidf("char_wb", (2, 5)),
        "words 1-2": tfidf("word", (1, 2)),
        "char 3-6 across words + words 1-2": FeatureUnion(
            [("c", tfidf("char", (3, 6))), ("w", tfidf("word", (1, 2)))]),
    }


def training() -> tuple[list[str], dict[str, list[bool | None]]]:
    from rasa.shared.nlu.training_data.loading import load_data

    from hulpwijzer.risk import RISKS
    from hulpwijzer_rasa.nlu.risk_screen import risk_labels

    data = load_data(str(ROOT / "bot" / "data" / "nlu"))
    texts, labels = [], {risk: [] for risk in RISKS}
    for example in data.intent_examples:
        row = risk_labels(example.get("intent") or "", (example.get("metadata") or {}).get("example"))
        texts.append(example.get("text"))
        for risk in RISKS:
            labels[risk].append(row[risk])
    return texts, labels


def main() -> int:
    from hulpwijzer.risk import RISKS

    texts, labels = training()
    dev = [c for c in load_cases(SETS["dev"]) if c.single]
    dev_texts = [c.turns[0] for c in dev]
    print(f"training examples {len(texts)}, dev messages {len(dev)}")
    for name, features in variants().items():
        for c in (1.0, 4.0, 16.0):
            start = time.monotonic()
            x = features.fit_transform(texts)
            d = features.transform(dev_texts)
            cells = []
            for risk in RISKS:
                known = np.array([v is not None for v in labels[risk]])
                y = np.array([bool(v) for v in labels[risk]])[known]
                clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(x[known], y)
                p = clf.predict_proba(d)[:, 1]
                gold = np.array([risk in case.risks for case in dev])
                fa = float((p[~gold] >= p[gold].min()).mean()) if gold.any() else 0.0
                cells.append(f"{risk} AP {average_precision_score(gold, p):.3f} FA {fa:.3f}")
            print(f"{name:<36} C={c:<4} {time.monotonic() - start:5.1f}s  " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
