"""The risk screen: which risks a message shows, independent of the intent.

Why: the intent classifier answers "what is this about?", and when it is wrong it is
often wrong with confidence near 1.0 (a person in danger answered as out-of-scope).
Whether 112, 113 or the Centrum Seksueel Geweld must come first is a different question,
answered here for every message by two independent means:

- rules (``danger.py`` for danger now, ``risk_cues.py`` for the other risks and for
  danger in other languages): words that mean the risk in any sentence;
- a separately trained model (``risk_model.py``) whose scores are compared to two
  thresholds chosen for recall on data it did not train on: at or above ``raise_`` the
  risk is raised; between ``ask`` and ``raise_`` it is uncertain, a reason to ask
  ("Is er nu direct gevaar?") rather than to guess; below ``ask`` it is cleared.

When the classifier says danger now but the screen clears it and the message itself
says past or habit ("vorig jaar", "elke week"), the classifier is overruled: two
independent judges and the person's own words against one.

This module only combines: it takes the model's scores as plain numbers, so it runs and
is tested without scikit-learn, Rasa or a trained model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hulpwijzer.danger import detect_danger, not_real, says_not_now
from hulpwijzer.incident_time import days_since
from hulpwijzer.risk_cues import (
    child_cue,
    codeword_question,
    codeword_use,
    mentions_violence_at_home,
    other_language_danger_cue,
    sexual_violence_cue,
    suicide_cue,
    suicide_underway,
)

RISKS: tuple[str, ...] = ("danger_now", "suicide", "sexual_violence", "child")
#: The intent each raised risk stands for, strongest first.
INTENT_FOR_RISK: dict[str, str] = {
    "danger_now": "acute_danger",
    "suicide": "suicidal_thoughts",
    "sexual_violence": "sexual_violence",
}
#: Intents that give no route of their own: a raised risk replaces them, so no person at
#: risk gets the out-of-scope answer or small talk.
NO_ROUTE_INTENTS = frozenset(
    {"out_of_scope", "nlu_fallback", "greet", "goodbye", "thanks", "bot_challenge",
     "ask_capabilities", "affirm", "deny", "inform"}
)
#: Short answers to the assistant's own questions ("ik ben 16", "ja"): a model score on
#: three words is weak evidence, so only a rule turns them into a risk's topic.
ANSWER_INTENTS = frozenset({"inform", "affirm", "deny"})
#: Danger now outranks every intent but the codeword, whose own answer puts 112 first.
CODEWORD_INTENT = "masker19_codeword"
KEEP_WITH_DANGER = frozenset({"acute_danger", CODEWORD_INTENT})
CODEWORD_QUESTION_INTENT = "masker19_question"
LOCAL_SUPPORT_INTENT = "local_support"
#: Small talk whose answer has no route: a message read as one that tells of violence at
#: home is about that violence.
SMALL_TALK_INTENTS = frozenset({"greet", "bot_challenge", "ask_capabilities"})
#: The topics violence at home can be, for a local-help request that names no place.
VIOLENCE_AT_HOME_INTENTS = frozenset({"domestic_violence", "child_abuse", "elder_abuse"})


@dataclass(frozen=True)
class Thresholds:
    """Score thresholds of one risk: ``raise_`` routes, ``ask`` is a reason to ask."""

    raise_: float
    ask: float


@dataclass(frozen=True)
class RiskAssessment:
    """What the screen concluded about one message."""

    raised: frozenset[str] = frozenset()
    uncertain: frozenset[str] = frozenset()
    #: Risks the model scored below ``ask`` and no rule raised: checked and low.
    cleared: frozenset[str] = frozenset()
    scores: Mapping[str, float] = field(default_factory=dict)
    #: Why each risk was raised: "rule:<cue>" or "model:<score>".
    reasons: Mapping[str, str] = field(default_factory=dict)
    #: The message itself places what happened in the past or as a habit.
    not_now: bool = False
    #: The codeword Masker 19 typed as a use, not asked about (``risk_cues.codeword_use``).
    codeword: bool = False
    #: A plain question about the codeword (``risk_cues.codeword_question``).
    codeword_question: bool = False
    #: Violence between people at home, in any tense (``risk_cues.mentions_violence_at_home``).
    violence_at_home: bool = False

    def intent(self, intent: str, ranking: Sequence[str] = (), names_place: bool = True) -> str:
        """The intent to act on: the classifier's, unless a raised risk must win.

        ``ranking`` (the classifier's intents, best first) gives the topic when a
        danger-now verdict of the classifier is overruled. ``names_place``: the message
        names a place (the place extractor found one).
        """
        small_talk = intent in SMALL_TALK_INTENTS
        if self.violence_at_home and (small_talk or (intent == LOCAL_SUPPORT_INTENT and not names_place)):
            # "since my dad lost his job he screams ... pushed her down the stairs" read as
            # a wish for local help, or "hoi, mijn vader slaat mijn moeder" read as a
            # greeting: it is about the violence, which gets Veilig Thuis now instead of
            # only the question where the person lives, or a hello.
            intent = next((r for r in ranking if r in VIOLENCE_AT_HOME_INTENTS),
                          "domestic_violence")
        if self.codeword and intent != CODEWORD_INTENT:
            return CODEWORD_INTENT
        if intent == CODEWORD_INTENT and self.codeword_question and not self.raised & {"danger_now"}:
            # "wat is masker 19? zag het op tiktok": the calm explanation, not 112 first.
            return CODEWORD_QUESTION_INTENT
        if "danger_now" in self.raised and intent not in KEEP_WITH_DANGER:
            return INTENT_FOR_RISK["danger_now"]
        if intent == INTENT_FOR_RISK["danger_now"] and self.overrules_danger:
            return next((r for r in ranking if r != intent), "nlu_fallback")
        # A local-help request with no place gets only the question where the person
        # lives: no route yet, so a raised risk must win there too.
        if intent in NO_ROUTE_INTENTS or (intent == LOCAL_SUPPORT_INTENT and not names_place):
            for risk in ("suicide", "sexual_violence"):
                trusted = intent not in ANSWER_INTENTS or self.reasons.get(risk, "").startswith("rule:")
                if risk in self.raised and trusted:
                    return INTENT_FOR_RISK[risk]
        return intent

    @property
    def overrules_danger(self) -> bool:
        """Rules and model clear danger now, and the message says past or habit."""
        return "danger_now" in self.cleared and self.not_now


def rule_cue(risk: str, text: str) -> str | None:
    """The rule nets' cue for ``risk`` in ``text``, or None."""
    if risk == "danger_now":
        signal = detect_danger(text)
        if signal is not None:
            return signal.category
        if suicide_underway(text):
            return "suicide_underway"
        return other_language_danger_cue(text)
    if risk == "suicide":
        return suicide_cue(text)
    if risk == "sexual_violence":
        return sexual_violence_cue(text)
    return child_cue(text)


def _not_now(text: str) -> bool:
    """The message places what happened in the past or as a habit, or says it is not real
    (a game, a film, a book report, a joke): the model's danger score alone is no reason
    for 112 then."""
    days = days_since(text)
    return says_not_now(text) or not_real(text) or (days is not None and days >= 1)


def assess(
    text: str,
    scores: Mapping[str, float] | None = None,
    thresholds: Mapping[str, Thresholds] | None = None,
) -> RiskAssessment:
    """Combine the rules and the model's ``scores`` for one message.

    A rule raises its risk whatever the score. The model raises a risk at or above its
    ``raise_`` threshold; between ``ask`` and ``raise_`` the risk is uncertain. For danger
    now the model is not trusted when the message itself says the violence is past or
    habitual ("vorig jaar", "elke week"): then 112 must not come first.
    """
    scores = dict(scores or {})
    thresholds = thresholds or {}
    not_now = _not_now(text)
    raised: set[str] = set()
    uncertain: set[str] = set()
    cleared: set[str] = set()
    reasons: dict[str, str] = {}
    for risk in RISKS:
        cue = rule_cue(risk, text)
        if cue:
            raised.add(risk)
            reasons[risk] = f"rule:{cue}"
            continue
        score, limits = scores.get(risk), thresholds.get(risk)
        if score is None or limits is None:
            continue
        if score >= limits.ask and risk == "danger_now" and not_now:
            cleared.add(risk)
        elif score >= limits.raise_:
            raised.add(risk)
            reasons[risk] = f"model:{score:.2f}"
        elif score >= limits.ask:
            uncertain.add(risk)
        else:
            cleared.add(risk)
    return RiskAssessment(frozenset(raised), frozenset(uncertain), frozenset(cleared),
                          scores, reasons, not_now, codeword=codeword_use(text) is not None,
                          codeword_question=codeword_question(text),
                          violence_at_home=mentions_violence_at_home(text))


#: How the screen's verdict travels in Rasa's parse data: one entity per risk.
RISK_ENTITY = "risk"


def to_entities(assessment: RiskAssessment, extractor: str) -> list[dict[str, object]]:
    """Entities ``{"entity": "risk", "value": <risk>, "status": raised|uncertain|cleared}``."""
    found = []
    for status, risks in (("raised", assessment.raised), ("uncertain", assessment.uncertain),
                          ("cleared", assessment.cleared)):
        for risk in sorted(risks):
            found.append({"entity": RISK_ENTITY, "value": risk, "status": status,
                          "confidence_entity": round(assessment.scores.get(risk, 1.0), 3),
                          "extractor": extractor})
    return found


def from_entities(
    entities: Iterable[Mapping[str, object]],
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(raised, uncertain, cleared) risks read back from parse-data entities."""
    found: dict[str, set[str]] = {"raised": set(), "uncertain": set(), "cleared": set()}
    for entity in entities:
        if entity.get("entity") != RISK_ENTITY or entity.get("value") not in RISKS:
            continue
        found.get(str(entity.get("status", "raised")), found["raised"]).add(str(entity["value"]))
    raised = frozenset(found["raised"])
    uncertain = frozenset(found["uncertain"]) - raised
    return raised, uncertain, frozenset(found["cleared"]) - raised - uncertain

