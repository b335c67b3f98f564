"""One turn understood once: each inference of ``read_situation`` on its own, and the
place resolved once per turn (a spy counts ``resolve_place`` over NLU, form and action)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Action

import hulpwijzer.places as places
from actions.forms import ValidatePlaceForm
from actions.inform import ActionHandleInform
from actions.route_help import ActionRouteHelp
from hulpwijzer.geo import gazetteer, municipality_by_name
from hulpwijzer.place_reading import (
    answered_place,
    municipality_for,
    municipality_from_slot,
    nlu_place,
    place_for,
    slot_value,
)
from hulpwijzer.places import place_answer, resolve_place
from hulpwijzer.risk_cues import mentions_violence_at_home
from hulpwijzer.roles import role_for, role_in
from hulpwijzer.understanding import (
    age_group_for,
    cleared_for,
    days_for,
    read_situation,
    risks_for,
    topic_for,
    topic_with_risks,
    urgency_for,
)
from hulpwijzer_rasa.nlu.place_extractor import PlaceExtractor
from tests.unit.conftest import MakeTracker, sent_services, slot_events

TODAY = date(2026, 11, 24)
ALMERE = municipality_by_name("Almere")


def nlu_entities(text: str) -> list[dict[str, Any]]:
    """The entities the NLU's place extractor gives ``text``."""
    message = Message(data={"text": text, "entities": []})
    PlaceExtractor().process_message(message)
    return list(message.get("entities") or [])


# --- topic -------------------------------------------------------------------------

@pytest.mark.parametrize("intent, ranking, previous, expected", [
    ("child_abuse", [], None, "child_abuse"),
    ("ask_anonymity", [], None, "general"),
    # Acute: the classifier's second guess lends its topic, if it has some weight...
    ("acute_danger", [("acute_danger", 0.9), ("sexual_violence", 0.08)], None, "sexual_violence"),
    ("acute_danger", [("acute_danger", 0.99), ("sexual_violence", 0.01)], None, "general"),
    # ...but never a topic whose routes are not about danger (topics.yml second_guess).
    ("acute_danger", [("acute_danger", 0.6), ("local_support", 0.3)], "elder_abuse", "elder_abuse"),
    ("inform", [], "local_support", "local_support"),
])
def test_topic(intent: str, ranking: list[tuple[str, float]], previous: str | None,
               expected: str) -> None:
    named = [{"name": n, "confidence": c} for n, c in ranking]
    assert topic_for(intent, named, previous) == expected


def test_despair_beside_violence_at_home_is_violence_at_home_with_suicide() -> None:
    assert topic_with_risks("suicidal_thoughts", "hij slaat me en ik wil dood", frozenset()) == (
        "domestic_violence", frozenset({"suicide"}))
    assert topic_with_risks("suicidal_thoughts", "ik wil dood", frozenset()) == (
        "suicidal_thoughts", frozenset())


# --- risks, time, urgency -----------------------------------------------------------

def test_risks_keep_only_the_remembered_ones_that_shape_routes() -> None:
    entities = [{"entity": "risk", "value": "danger_now", "status": "uncertain"}]
    raised, risks, uncertain, cleared = risks_for("hoi", entities, ["suicide", "danger_now"])
    assert raised == frozenset() and risks == {"suicide"}
    assert uncertain == {"danger_now"} and cleared == frozenset()


def test_days_come_from_the_entity_then_the_text_then_an_earlier_turn() -> None:
    entity = [{"entity": "incident_time", "value": "gisteren"}]
    assert days_for("het was vorige maand", entity, TODAY) == 1
    assert days_for("het was gisteren", [], TODAY) == 1
    assert days_for("hoi", [], TODAY, known=3.0) == 3
    assert days_for("hoi", [], TODAY) is None


@pytest.mark.parametrize("intent, raised, days, known, expected", [
    ("acute_danger", set(), None, "not_acute", "acute"),
    ("domestic_violence", {"danger_now"}, 30, None, "acute"),
    ("domestic_violence", set(), None, "not_acute", "not_acute"),
    ("domestic_violence", set(), 2, None, "not_acute"),
    ("domestic_violence", set(), 0, None, "unknown"),
    ("domestic_violence", set(), None, None, "unknown"),
])
def test_urgency(intent: str, raised: set[str], days: int | None, known: str | None,
                 expected: str) -> None:
    assert urgency_for(intent, frozenset(raised), days, known) == expected


def test_past_in_own_words_clears_danger_now_only_when_urgency_is_unknown() -> None:
    assert cleared_for("unknown", "vroeger sloeg hij me elke week", frozenset()) == {"danger_now"}
    assert cleared_for("acute", "vroeger sloeg hij me elke week", frozenset()) == frozenset()
    assert cleared_for("unknown", "hij slaat me", frozenset()) == frozenset()


# --- role and age ------------------------------------------------------------------

@pytest.mark.parametrize("text, relations, expected", [
    ("ik sla mijn vriendin soms", [], "perpetrator"),
    ("mijn vriend slaat me", [], "victim"),
    ("hij doet het", ["self"], "victim"),
    ("een leerling van mij wordt thuis geslagen", [], "professional"),
    ("mijn buurvrouw wordt geslagen", [], "bystander"),
    ("er gebeurt iets", [], "unknown"),
])
def test_role_in_the_message(text: str, relations: list[str], expected: str) -> None:
    assert role_in(text, relations) == expected


def test_role_falls_back_to_the_earlier_turn() -> None:
    assert role_for("ja", [], "bystander") == "bystander"
    assert role_for("mijn vriend slaat me", [], "bystander") == "victim"
    assert role_for("ja", []) == "unknown"


@pytest.mark.parametrize("text, risks, topic, role, known, expected", [
    ("ik ben 15", set(), "general", "unknown", "adult", "child"),
    ("hij slaat me", {"child"}, "domestic_violence", "victim", None, "child"),
    ("mijn buurjongen", {"child"}, "domestic_violence", "bystander", None, "unknown"),
    ("mijn vader slaat me", set(), "child_abuse", "victim", None, "child"),
    ("ja", set(), "general", "unknown", "adult", "adult"),
])
def test_age_group(text: str, risks: set[str], topic: str, role: str, known: str | None,
                   expected: str) -> None:
    assert age_group_for(text, frozenset(risks), topic, role, known) == expected


# --- place and municipality ---------------------------------------------------------

def test_the_place_entity_carries_the_code_and_the_action_reads_it_back() -> None:
    entities = nlu_entities("ik woon in Almere")
    assert entities[0]["code"] == ALMERE.code and entities[0]["value"] == "Almere"
    assert nlu_place(entities) == resolve_place("ik woon in Almere")
    ambiguous = nlu_entities("ik woon in Hengelo")
    assert len(ambiguous[0]["candidates"]) >= 2
    assert nlu_place(ambiguous) == resolve_place("ik woon in Hengelo")


def test_place_for_uses_the_nlu_and_falls_back_only_without_codes() -> None:
    assert place_for("hij slaat me", []) is None  # the NLU found no place: none
    assert place_for("x", nlu_entities("ik woon in Almere")).municipality == ALMERE
    handmade = [{"entity": "place", "value": "Almere"}]  # no codes: resolve the value
    assert place_for("Almere", handmade).municipality == ALMERE
    # Only where the place was asked is a word that is also a name a place.
    assert place_for("lemmer", []) is None
    assert place_for("lemmer", [], expecting_place=True).municipality.name == "De Fryske Marren"


def test_an_answer_to_the_place_question_reuses_the_entity() -> None:
    entities = nlu_entities("waar is het wijkteam in Almere")
    assert answered_place("Almere", "waar is het wijkteam in Almere", entities).municipality == ALMERE
    assert answered_place("8302", "8302", nlu_entities("8302")).municipality.name == "Noordoostpolder"


def test_the_slot_holds_the_code_and_older_trackers_with_a_name_still_work() -> None:
    assert slot_value(ALMERE) == ALMERE.code == "GM0034"
    assert municipality_from_slot("GM0034") == ALMERE
    assert municipality_from_slot("Almere") == ALMERE  # written before the code
    assert municipality_from_slot("'s-Gravenhage").display_name == "Den Haag"
    assert municipality_from_slot(None) is None and municipality_from_slot("onbekend") is None
    assert municipality_for(None, "GM0034") == ALMERE
    assert municipality_for(place_for("x", nlu_entities("in Urk")), "GM0034").name == "Urk"


def test_read_situation_combines_the_inferences() -> None:
    text = "ik ben 15 en mijn vader slaat me, gisteren nog, ik woon in Almere"
    situation = read_situation("child_abuse", text, nlu_entities(text), [],
                               {"municipality": None, "role": "bystander"}, TODAY)
    assert (situation.topic, situation.urgency, situation.age_group, situation.role) == (
        "child_abuse", "not_acute", "child", "victim")
    assert situation.municipality == ALMERE and situation.days_since_incident == 1


def test_a_long_sentence_is_never_a_place_answer() -> None:
    """The premise of place_answer's length shortcut: no match covers a long sentence."""
    limit = gazetteer().max_words + places.MAX_QUALIFIER_WORDS
    for name in sorted(gazetteer().names)[::25]:
        text = f"{name} {name} " + " ".join(["woord"] * limit)
        found = resolve_place(text, expecting_place=True)
        assert found.status == "unknown" or found.start > 0 or found.end < len(text.rstrip())


@pytest.mark.parametrize("text", [
    "Almere", "almere", "8302", "8302 AB", "Hengelo (O)", "Bergen NH", "lemmer", "best",
    "ik woon in Urk", "in 2019", "2019", "gisteren", "harlem", "lelistad", "'s Gravenhage",
    "ik woon in Urk en hij slaat me", "ik ben gemept", "Den Bosch denk ik",
])
@pytest.mark.parametrize("expecting", [False, True])
def test_place_answer_reusing_the_nlu_resolution_answers_the_same(text: str, expecting: bool
                                                                   ) -> None:
    assert place_answer(text, expecting, whole=resolve_place(text)) == place_answer(text, expecting)


# --- resolve_place calls per turn ----------------------------------------------------

@contextlib.contextmanager
def counting_resolutions() -> Iterator[list[str]]:
    """Count every call of resolve_place, under whichever name a module imported it."""
    calls: list[str] = []
    real = places.resolve_place

    def spy(text: str, expecting_place: bool = False) -> Any:
        calls.append(text)
        return real(text, expecting_place)

    with contextlib.ExitStack() as stack:
        for module in list(sys.modules.values()):
            root = getattr(module, "__name__", "").split(".")[0]
            if root in {"hulpwijzer", "components", "actions"} and hasattr(module, "resolve_place"):
                patch = stack.enter_context(pytest.MonkeyPatch.context())
                patch.setattr(module, "resolve_place", spy)
        yield calls


@pytest.mark.parametrize("text, intent, action, asked, form, most", [
    ("mijn man slaat me al jaren, ik woon in Almere", "domestic_violence", ActionRouteHelp,
     None, False, 1),
    # The place of an earlier turn is in the slot as a code: read, not resolved.
    ("mijn man slaat me", "domestic_violence", ActionRouteHelp, None, False, 1),
    ("Almere", "inform", ActionHandleInform, None, False, 1),
    ("Hengelo", "inform", ActionHandleInform, None, False, 1),
    ("8302", "inform", ActionRouteHelp, "utter_ask_place_form_place", True, 1),
    ("ik woon in Emmeloord", "inform", ActionRouteHelp, "utter_ask_place_form_place", True, 1),
    # A name that is also a word: only the dialogue knows the question was asked, so the
    # NLU's reading is made once more with that licence (form or inform, not both).
    ("lemmer", "inform", ActionHandleInform, "utter_ask_place", False, 2),
    ("lemmer", "inform", ActionRouteHelp, "utter_ask_place_form_place", True, 2),
])
def test_one_turn_resolves_its_place_once(
    make_tracker: MakeTracker, dispatcher: Any, domain: dict[str, Any], text: str, intent: str,
    action: Callable[[], Action], asked: str | None, form: bool, most: int,
) -> None:
    """Before this change: 2 to 7 calls per turn (3 for "Almere", 7 for "8302")."""
    with counting_resolutions() as calls:
        message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9},
                                "intent_ranking": [], "entities": []})
        PlaceExtractor().process_message(message)
        entities = list(message.get("entities") or [])
        intent = message.get("intent")["name"]
        history = [{"event": "bot", "metadata": {"utter_action": asked}}] if asked else []
        slots: dict[str, Any] = {"municipality": "GM0034"} if "Almere" not in text else {}
        if form:
            tracker = make_tracker(text, intent, entities=entities, history=history)
            slots = asyncio.run(ValidatePlaceForm().validate_place(
                text, dispatcher, tracker, domain))
        tracker = make_tracker(text, intent, entities=entities, history=history, slots=slots)
        events = asyncio.run(action().run(dispatcher, tracker, domain))
    assert len(calls) <= most, calls
    assert "wijkteam" in sent_services(dispatcher) or dispatcher.messages[-1].get("buttons")
    municipality = slot_events(events).get("municipality") or slots.get("municipality")
    assert municipality is None or municipality.startswith("GM")


def test_a_bare_answer_keeps_the_conversations_topic_over_a_weak_second_guess() -> None:
    from hulpwijzer.understanding import topic_for

    ranking = [{"name": "inform", "confidence": 0.61}, {"name": "local_support", "confidence": 0.12},
               {"name": "domestic_violence", "confidence": 0.09}]
    assert topic_for("inform", ranking, "local_support") == "local_support"
    assert topic_for("inform", ranking, None) == "domestic_violence"
    acute = [{"name": "acute_danger", "confidence": 0.9}, {"name": "sexual_violence", "confidence": 0.3}]
    assert topic_for("acute_danger", acute, "local_support") == "sexual_violence"


@pytest.mark.parametrize("text", [
    "hij wil al mijn wachtwoorden hebben en kijkt alles na",
    "mijn man controleert elke avond mijn telefoon",
    "ze volgt mijn locatie en belt als ik ergens anders ben",
    "hij neemt mijn salaris af zodra het binnen is",
])
def test_coercive_and_digital_control_count_as_violence_at_home(text: str) -> None:
    assert mentions_violence_at_home(text)


@pytest.mark.parametrize("text", [
    "ik lees elke ochtend de krant op mijn telefoon",
    "de docent controleert onze telefoons niet bij de toets",
])
def test_reading_or_a_phone_alone_is_no_violence_at_home(text: str) -> None:
    assert not mentions_violence_at_home(text)
