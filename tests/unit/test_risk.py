"""The risk screen: rules, model scores against thresholds, and what wins over the intent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hulpwijzer.risk import RiskAssessment, Thresholds, assess, from_entities, to_entities
from hulpwijzer.risk_model import RiskModel, threshold_for_recall

LIMITS = {r: Thresholds(raise_=0.6, ask=0.3) for r in ("danger_now", "suicide", "sexual_violence", "child")}


@pytest.mark.parametrize("text, risk", [
    ("hij staat nu met een mes voor de deur", "danger_now"),
    ("ik heb afscheidsbrieven geschreven en weet welke brug", "suicide"),
    ("thuis word ik steeds geslagen en ik wil er een eind aan maken", "suicide"),
    ("ik ben gisteren verkracht", "sexual_violence"),
    ("I was raped at a party", "sexual_violence"),
    ("hij is mn moeder aan het slaan ik ben 11", "child"),
    ("mijn juf zegt dat ik het moet vertellen", "child"),
    # Danger now in other languages: help or now, beside violence or a weapon.
    ("Pomocy, mąż mnie bije teraz", "danger_now"),
    ("Yardım edin, kocam şimdi beni dövüyor", "danger_now"),
    ("Допоможіть, він зараз б'є мене", "danger_now"),
    ("ساعدوني زوجي يضربني الآن", "danger_now"),
])
def test_rules_raise_without_a_model(text: str, risk: str) -> None:
    assessment = assess(text)
    assert risk in assessment.raised
    assert assessment.reasons[risk].startswith("rule:")


@pytest.mark.parametrize("text", [
    "wat wordt het weer morgen",
    "zelfmoordaanslag in het nieuws, vreselijk",
    "ik ben 45 en mijn man controleert mijn telefoon",
    "hebben jullie seksuele voorlichting voor scholen",
])
def test_rules_stay_quiet_on_calm_messages(text: str) -> None:
    assert assess(text).raised == frozenset()


def test_model_scores_raise_at_the_threshold_and_are_uncertain_below() -> None:
    text = "er is iets mis bij ons thuis"
    assert "danger_now" in assess(text, {"danger_now": 0.7}, LIMITS).raised
    middle = assess(text, {"danger_now": 0.4}, LIMITS)
    assert middle.raised == frozenset() and middle.uncertain == {"danger_now"}
    low = assess(text, {"danger_now": 0.1}, LIMITS)
    assert low.raised == low.uncertain == frozenset() and low.cleared == {"danger_now"}


@pytest.mark.parametrize("text", [
    "vorig jaar sloeg hij me elke week",
    "hij slaat me al jaren als hij gedronken heeft",
    "gisteren heeft hij me geduwd",
])
def test_the_model_alone_does_not_put_112_first_for_the_past_or_a_habit(text: str) -> None:
    assessment = assess(text, {"danger_now": 0.99}, LIMITS)
    assert "danger_now" not in assessment.raised | assessment.uncertain
    assert assessment.overrules_danger


def test_the_classifiers_danger_now_is_overruled_only_by_rules_model_and_words_together() -> None:
    ranking = ["acute_danger", "domestic_violence"]
    past = assess("vorig jaar sloeg hij me elke week", {"danger_now": 0.05}, LIMITS)
    assert past.intent("acute_danger", ranking) == "domestic_violence"
    unsure = assess("elke week slaat hij me en nu wurgt hij me", {"danger_now": 0.05}, LIMITS)
    assert unsure.intent("acute_danger", ranking) == "acute_danger", "a rule cue keeps it"
    no_time = assess("mijn man slaat me", {"danger_now": 0.05}, LIMITS)
    assert no_time.intent("acute_danger", ranking) == "acute_danger", "no words of past or habit"


def test_a_raised_risk_wins_over_intents_that_give_no_route() -> None:
    danger = RiskAssessment(raised=frozenset({"danger_now"}))
    assert danger.intent("out_of_scope") == "acute_danger"
    assert danger.intent("sexual_violence") == "acute_danger"
    assert danger.intent("masker19_codeword") == "masker19_codeword"
    suicide = RiskAssessment(raised=frozenset({"suicide", "sexual_violence"}))
    assert suicide.intent("nlu_fallback") == "suicidal_thoughts"
    assert suicide.intent("domestic_violence") == "domestic_violence"
    assert RiskAssessment(raised=frozenset({"child"})).intent("out_of_scope") == "out_of_scope"
    assert RiskAssessment(uncertain=frozenset({"danger_now"})).intent("out_of_scope") == "out_of_scope"


def test_entities_carry_the_verdict_both_ways() -> None:
    assessment = RiskAssessment(raised=frozenset({"suicide"}), uncertain=frozenset({"danger_now"}),
                                scores={"suicide": 0.91, "danger_now": 0.4})
    entities = to_entities(assessment, "RiskScreen")
    assert from_entities(entities) == ({"suicide"}, {"danger_now"}, frozenset())
    assert from_entities([{"entity": "risk", "value": "unknown"}]) == (frozenset(),) * 3


def test_threshold_for_recall_keeps_the_asked_share_of_positives() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01])
    positive = np.array([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0])
    threshold = threshold_for_recall(scores, positive, 0.9)
    assert (scores[positive == 1] >= threshold).mean() >= 0.9
    assert threshold > 0.05


def test_the_model_learns_trains_thresholds_and_survives_a_round_trip(tmp_path: Path) -> None:
    danger = ["hij komt eraan en zei dat hij me pakt", "ze is aan het gillen hiernaast, glas breekt",
              "hij rijdt nu hierheen met zijn vrienden", "er bonkt iemand op mijn deur en schreeuwt",
              "hij zwaait met een stok in de gang", "mijn vader staat beneden te razen, help",
              "hij heeft de deur op slot gedaan en ik kan niet weg", "ze komen me zo halen"]
    calm = ["wat wordt het weer morgen", "hoe laat gaat de apotheek open", "ik zoek een recept",
            "vorig jaar was het thuis onrustig", "kan ik anoniem bellen", "hoi", "dank je wel",
            "wanneer is de bieb open", "ik heb een vraag over mijn toeslag", "tot ziens"]
    texts = danger + calm
    labels = {"danger_now": [True] * len(danger) + [False] * len(calm),
              "suicide": [False] * len(texts), "sexual_violence": [None] * len(texts),
              "child": [None] * len(texts)}
    model = RiskModel.fit(texts, labels)
    assert set(model.thresholds) == {"danger_now"}, "risks without positives get no model"
    assert model.thresholds["danger_now"].ask <= model.thresholds["danger_now"].raise_
    path = tmp_path / "risk.pkl"
    model.save(path)
    loaded = RiskModel.load(path)
    (scores,) = loaded.scores(["hij komt eraan en bonkt op de deur"])
    (calm_scores,) = loaded.scores(["hoe laat gaat de bieb open"])
    assert scores["danger_now"] > calm_scores["danger_now"]


def test_short_answers_become_a_risk_topic_only_by_a_rule() -> None:
    by_model = RiskAssessment(raised=frozenset({"sexual_violence"}),
                              reasons={"sexual_violence": "model:0.40"})
    assert by_model.intent("inform") == "inform"
    assert by_model.intent("out_of_scope") == "sexual_violence"
    by_rule = RiskAssessment(raised=frozenset({"suicide"}), reasons={"suicide": "rule:zelfmoord"})
    assert by_rule.intent("deny") == "suicidal_thoughts"


@pytest.mark.parametrize("text", [
    "masker 19",
    "help. masker 19",
    "kan niet praten. masker 19",
    "code masker 19, hij leest mee dus kort houden aub",
    "Ik zou graag een Masker 19 willen, zoals op de poster bij de apotheek stond",
    "masker19 graag. voor mijn moeder, ze zit naast me",
    "Mask 19 please help",
])
def test_the_codeword_typed_as_a_use_is_the_codeword_whatever_the_classifier_says(text: str) -> None:
    assessment = assess(text)
    assert assessment.codeword
    assert assessment.intent("masker19_question") == "masker19_codeword"
    assert assessment.intent("out_of_scope") == "masker19_codeword"


@pytest.mark.parametrize("text", [
    "wat is masker 19 eigenlijk",
    "werkt masker 19 ook bij de kruidvat of alleen bij een echte apotheek",
    "geldt masker 19 ook in Almere",
    "heb je een recept nodig voor masker 19 of kun je gewoon binnenlopen",
    "als iemand masker 19 zegt bij de apotheek, bellen jullie dan de politie",
    "what does masker 19 mean",
    "bestaat masker 19 nog?",
])
def test_a_question_about_the_codeword_is_left_to_the_classifier(text: str) -> None:
    assessment = assess(text)
    assert not assessment.codeword
    assert assessment.intent("masker19_question") == "masker19_question"


@pytest.mark.parametrize("text", [
    "mn broertje heeft me net afgemaakt in fortnite 😂😂",
    "boekverslag: het meisje wordt door haar vader geslagen, ik snap het einde niet",
])
def test_the_models_danger_score_alone_does_not_raise_danger_in_a_game_or_a_book(text: str) -> None:
    assessment = assess(text, {"danger_now": 0.99}, {"danger_now": Thresholds(raise_=0.5, ask=0.3)})
    assert "danger_now" not in assessment.raised and "danger_now" in assessment.cleared
    assert assessment.intent("acute_danger", ["acute_danger", "out_of_scope"]) == "out_of_scope"


@pytest.mark.parametrize("text", [
    "ik spaar al een tijdje mijn oxazepam op in een doosje",
    "de slaappillen liggen klaar in mijn kast",
    "vorige week een strop besteld, niemand weet ervan",
    "ik weet al precies waar ik het ga doen",
    "mijn broer vroeg hoeveel tabletten dodelijk zijn",
    "hoeveel insuline is te veel, vraag het voor mezelf",
    "ze zei dat ze samen met de kinderen van de brug rijdt",
    "i've been saving up pills for weeks",
])
def test_preparation_for_suicide_is_a_rule_cue_without_the_words_dood_or_leven(text: str) -> None:
    assert "suicide" in assess(text).raised


@pytest.mark.parametrize("text", [
    "touw gekocht voor de schommel in de tuin",
    "we hebben een datum geprikt voor de verhuizing",
    "weet jij welke brug morgen dicht is voor onderhoud",
    "hoeveel paracetamol mag een kind van acht",
    "samen naar de brug gefietst, mooi uitzicht",
    "ik heb mijn medicijnen opgehaald bij de apotheek",
])
def test_ordinary_plans_and_purchases_are_no_suicide_cue(text: str) -> None:
    assert "suicide" not in assess(text).raised


@pytest.mark.parametrize("text", [
    "wat betekent masker 19 nou precies, las erover in de krant",
    "hoe werkt masker 19 bij een drogist?",
    "bestaat masker 19 ook in belgie?",
])
def test_a_plain_question_about_the_codeword_gets_the_explanation_even_when_read_as_the_codeword(
    text: str,
) -> None:
    assessment = assess(text)
    assert assessment.codeword_question
    assert assessment.intent("masker19_codeword") == "masker19_question"


@pytest.mark.parametrize("text", [
    "masker 19?",
    "masker 19 hoe werkt dit, hij is hier",
    "hulp, masker 19",
    "wat moet ik doen nu, masker 19",
])
def test_the_codeword_with_need_or_alone_stays_the_codeword(text: str) -> None:
    assessment = assess(text)
    assert not assessment.codeword_question
    assert assessment.intent("masker19_codeword") == "masker19_codeword"


def test_local_help_without_a_place_but_with_violence_at_home_is_about_the_violence() -> None:
    text = "mijn stiefvader slaat mijn moeder, waar kan ik hulp vinden"
    ranking = ["local_support", "child_abuse", "domestic_violence"]
    assert assess(text).intent("local_support", ranking, names_place=False) == "child_abuse"
    assert assess(text).intent("local_support", ["local_support"], names_place=False) == "domestic_violence"
    # With a place it stays a request for local help (the wijkteam of that place).
    assert assess(text).intent("local_support", ranking, names_place=True) == "local_support"
    # Without violence it stays a request for local help (the assistant asks the place).
    calm = "is er hier een wijkteam voor opvoedvragen"
    assert assess(calm).intent("local_support", ranking, names_place=False) == "local_support"


def test_a_raised_risk_wins_over_a_local_help_request_that_names_no_place() -> None:
    assessment = RiskAssessment(raised=frozenset({"suicide"}), reasons={"suicide": "model:0.9"})
    assert assessment.intent("local_support", names_place=False) == "suicidal_thoughts"
    # With a place the wijkteam answer comes at once, and the routes carry the risk.
    assert assessment.intent("local_support", names_place=True) == "local_support"


@pytest.mark.parametrize("intent", ["greet", "bot_challenge", "ask_capabilities"])
def test_small_talk_that_tells_of_violence_at_home_is_about_the_violence(intent: str) -> None:
    told = assess("hallo, ben jij een mens? mijn vader schopt mijn moeder als hij boos is")
    assert told.intent(intent, [intent, "child_abuse"]) == "child_abuse"
    assert assess("hallo, ben jij een mens?").intent(intent, [intent, "child_abuse"]) == intent


@pytest.mark.parametrize("text", [
    "een leerling zei dat het voor iedereen beter is als hij er niet meer is, hij is net de deur uit gerend",
    "mijn vriendin appte dat ze niemand meer tot last wil zijn en is zojuist vertrokken, ze neemt niet op",
])
def test_suicide_with_someone_gone_just_now_puts_112_first_with_113(text: str) -> None:
    assessment = assess(text)
    assert {"danger_now", "suicide"} <= assessment.raised


def test_suicide_without_someone_gone_now_is_113_not_112() -> None:
    assessment = assess("ik heb het gevoel dat ik iedereen tot last ben, iedereen is beter af zonder mij")
    assert "suicide" in assessment.raised and "danger_now" not in assessment.raised


def test_a_pension_or_benefit_taken_is_violence_at_home() -> None:
    from hulpwijzer.risk_cues import mentions_violence_at_home
    assert mentions_violence_at_home("mijn kleinzoon pakt iedere week mijn aow af")
    assert not mentions_violence_at_home("mijn aow komt elke maand op de 23e binnen")
