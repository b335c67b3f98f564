"""Flesch-Douma readability for Dutch, and checks on wording that blames, over-promises
or is misspelled.

Why: the people who read Hulpwijzer's answers may be scared, young, or read Dutch as a
second language; the brief asks for B1 Dutch. Flesch-Douma (W.H. Douma, 1960) adapts
Flesch's Reading Ease to Dutch:

    score = 206.835 - 0.93 * (words per sentence) - 77 * (syllables per word)

Higher is easier; about 60 and up reads as plain language. Syllables are counted as
vowel groups, with Dutch diphthongs and double vowels (ij, ei, ui, oe, ou, au, eu, ie,
aa, ee, oo, uu) as one group: an approximation that is right for most everyday words.

A test helper, not product code: tests/unit/test_language.py and test_truth.py hold every
text the assistant says to these checks; the assistant itself never scores a text.
"""

from __future__ import annotations

import re

_VOWEL_GROUP = re.compile(r"(ij|ei|ui|oe|ou|au|eu|ie|aa|ee|oo|uu|[aeiouyéëïèáóú])", re.I)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_SENTENCE_END = re.compile(r"[.!?]+(\s|$)|:\s")
#: Phrases that blame the person; none may appear in an answer.
BLAMING = (
    "had je maar", "je had moeten", "waarom heb je niet", "eigen schuld", "jouw schuld is",
    "had je kunnen weten", "je moet gewoon weggaan", "waarom ga je niet gewoon weg",
    "je lokt het uit", "stel je niet aan",
    # Said to a person who may be the one exploited, "dat is strafbaar" can read as if
    # they did something punishable (the audit of utter_intro_human_trafficking).
    "dat is strafbaar", "dit is strafbaar",
)
#: Promises no service can keep (Veilig Thuis may have to act on a report).
OVERPROMISES = (
    "niemand komt het te weten", "100% geheim", "wordt nooit gedeeld", "blijft altijd geheim",
    "volledig anoniem", "we vertellen het nooit", "niemand zal het ooit weten",
    # services.md does not say that anyone comes, nor that a call stays unseen: a person
    # who is watched must not count on it.
    "ze komen je helpen", "ze komen naar je toe", "niemand hoeft te weten",
)
#: Spelling the audit found, and the right form.
MISSPELLINGS = {"dichtbij huis": "dicht bij huis"}


def syllables(word: str) -> int:
    return max(1, len(_VOWEL_GROUP.findall(word.lower())))


def flesch_douma(text: str) -> float:
    """The Flesch-Douma score of ``text`` (numbers and URLs removed first)."""
    clean = re.sub(r"https?://\S+|\S+\.nl\b|\d[\d\- ]*", " ", text)
    words = _WORD.findall(clean)
    if not words:
        return 100.0
    sentences = max(1, len([m for m in _SENTENCE_END.finditer(clean.strip() + " ")]))
    per_sentence = len(words) / sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return 206.835 - 0.93 * per_sentence - 77 * per_word


def wording_problems(text: str) -> list[str]:
    lowered = text.lower()
    return [f"blames: {p!r}" for p in BLAMING if p in lowered] + [
        f"over-promises: {p!r}" for p in OVERPROMISES if p in lowered
    ]


def spelling_problems(text: str) -> list[str]:
    lowered = text.lower()
    return [f"spelling: {wrong!r} -> {right!r}" for wrong, right in MISSPELLINGS.items()
            if wrong in lowered]
