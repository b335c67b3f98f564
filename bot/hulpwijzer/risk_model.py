"""The learnt half of the risk screen: one linear model per risk on character n-grams.

Why a second model beside DIET: DIET decides the topic, and its confidence is near 1.0
even when it is wrong, so a message it has never seen can land in ``out_of_scope``.
This model is trained separately, on other features (character n-grams that run across
word boundaries, so "is aan het sl", "onderweg hier" and "мене б'є" are features too),
and answers one narrower question per risk: does this message show it? It does not
depend on Dutch words alone, and it gives a score that can be compared to a threshold
chosen for recall on data it was not trained on (cross-validation, see ``fit``).

Measured against alternatives in docs/risk-screen.md (the choice and its figures).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion

from hulpwijzer.danger import normalise
from hulpwijzer.risk import RISKS, Thresholds

#: Recall each threshold must reach on held-out folds, counted over the positives the
#: rule nets do not catch (the model's own share of the work): "raise" routes, "ask"
#: (danger now: 112 first and the question) asks. Chosen on the dev set
#: (docs/risk-screen.md): for danger now 85 % / 90 % and for suicide 85 % / 95 % kept
#: every dev message at risk caught, because the classifier and the rules catch the rest,
#: while 97 % / 99.5 % put 112 first for 20 % of not-now dev messages and 113 beside one
#: in five other messages, without catching one more.
TARGET_RECALL: Mapping[str, tuple[float, float]] = {
    "danger_now": (0.85, 0.90),
    "suicide": (0.85, 0.95),
    "sexual_violence": (0.95, 0.98),
    "child": (0.90, 0.95),
}
#: A threshold is never set below this: a score under it is noise on any message.
MIN_THRESHOLD = 0.05
FOLDS = 5


def features() -> FeatureUnion:
    """Character 2-5-grams across word boundaries plus word uni- and bigrams."""
    return FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=(2, 5), min_df=2,
                                      sublinear_tf=True, preprocessor=normalise)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2,
                                      sublinear_tf=True, preprocessor=normalise,
                                      token_pattern=r"(?u)\b\w+\b")),
        ]
    )


def _classifier(seed: int) -> LogisticRegression:
    return LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)


def threshold_for_recall(scores: np.ndarray, positive: np.ndarray, recall: float) -> float:
    """The highest threshold whose recall on ``scores`` of the positives is >= ``recall``."""
    pos = np.sort(scores[positive.astype(bool)])
    if len(pos) == 0:
        return 0.5
    allowed_misses = int(np.floor((1.0 - recall) * len(pos) + 1e-9))
    return float(max(MIN_THRESHOLD, min(0.95, pos[allowed_misses] - 1e-6)))


@dataclass
class RiskModel:
    """Scores per risk for a text; ``thresholds`` were chosen on held-out folds."""

    vectorizer: FeatureUnion
    classifiers: dict[str, LogisticRegression]
    thresholds: dict[str, Thresholds]
    #: Out-of-fold figures measured while choosing the thresholds (for the report).
    cross_validation: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Mapping[str, Sequence[bool | None]],
        covered: Mapping[str, Sequence[bool]] | None = None,
        seed: int = 42,
    ) -> RiskModel:
        """Train on ``texts``; ``labels[risk][i]`` is None where example i says nothing.

        The thresholds come from out-of-fold scores (5-fold, stratified): each example is
        scored by a model that did not see it, and the threshold is the highest that
        still reaches ``TARGET_RECALL`` on those scores. Positives in ``covered[risk]``
        (caught by the rule nets whatever the model says) do not pull the threshold
        down: the model must find the others. The final model is fit on everything.
        """
        vectorizer = features()
        matrix = vectorizer.fit_transform(list(texts))
        classifiers: dict[str, LogisticRegression] = {}
        thresholds: dict[str, Thresholds] = {}
        report: dict[str, dict[str, float]] = {}
        for risk in RISKS:
            known = np.array([v is not None for v in labels[risk]])
            y = np.array([bool(v) for v in labels[risk]])[known]
            x = matrix[known]
            if y.sum() < FOLDS or (~y).sum() < FOLDS:
                continue
            oof = np.zeros(len(y))
            for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, y):
                fold = _classifier(seed).fit(x[train], y[train])
                oof[test] = fold.predict_proba(x[test])[:, 1]
            raise_recall, ask_recall = TARGET_RECALL[risk]
            rules = np.zeros(len(y), dtype=bool)
            if covered and risk in covered:
                rules = np.array(covered[risk], dtype=bool)[known]
            needed = y & ~rules
            if needed.sum() < FOLDS:
                needed = y
            raised = threshold_for_recall(oof, needed, raise_recall)
            ask = min(raised, threshold_for_recall(oof, needed, ask_recall))
            thresholds[risk] = Thresholds(raise_=raised, ask=ask)
            report[risk] = {
                "examples": float(len(y)),
                "positives": float(y.sum()),
                "recall_at_raise": float((oof[y] >= raised).mean()),
                "recall_with_rules_at_raise": float(((oof >= raised) | rules)[y].mean()),
                "false_alarms_at_raise": float((oof[~y] >= raised).mean()),
                "false_alarms_at_ask": float((oof[~y] >= ask).mean()),
            }
            classifiers[risk] = _classifier(seed).fit(x, y)
        return cls(vectorizer, classifiers, thresholds, report)

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """One dict of risk -> probability per text."""
        if not texts:
            return []
        matrix = self.vectorizer.transform(list(texts))
        columns = {
            risk: clf.predict_proba(matrix)[:, 1] for risk, clf in self.classifiers.items()
        }
        return [{risk: float(col[i]) for risk, col in columns.items()} for i in range(len(texts))]

    def save(self, path: Path) -> None:
        """Pickle (scikit-learn's own format); only ever loaded from our own model files."""
        path.write_bytes(pickle.dumps(self))

    @classmethod
    def load(cls, path: Path) -> RiskModel:
        model = pickle.loads(path.read_bytes())
        if not isinstance(model, cls):
            raise TypeError(f"{path} does not hold a RiskModel")
        return model
