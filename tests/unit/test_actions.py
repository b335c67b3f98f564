"""The custom actions, run against in-memory trackers (no servers, no network)."""

from __future__ import annotations

import asyncio

from actions.forms import PLACE_NOT_FOUND, ValidatePlaceForm
from actions.inform import ActionHandleInform
from actions.route_help import ActionRouteHelp
from actions.unclear import ActionAnswerUnclear
from actions.yes_no import ActionAnswerDangerQuestion
from hulpwijzer.place_reading import municipality_from_slot
from tests.unit.conftest import sent_services, slot_events, user_event


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_acute_sends_112_first_and_no_question(make_tracker, dispatcher, domain):
    tracker = make_tracker("hij slaat me nu", "acute_danger")
    events = run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[0] == "112"
    assert "veilig_thuis" in sent_services(dispatcher)
    # the very first message is the 112 route itself
    assert dispatcher.messages[0]["custom"]["route"]["service"] == "112"
    assert slot_events(events)["follow_up"] is None


def test_acute_keeps_the_topic_from_the_ranking(make_tracker, dispatcher, domain):
    tracker = make_tracker(
        "hij heeft me net verkracht en staat nog voor de deur",
        "acute_danger",
        ranking=[
            {"name": "acute_danger", "confidence": 1.0},
            {"name": "sexual_violence", "confidence": 0.7},
        ],
    )
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    found = sent_services(dispatcher)
    assert found[0] == "112" and "csg" in found


def test_safety_net_in_the_action_catches_what_nlu_missed(make_tracker, dispatcher, domain):
    tracker = make_tracker("mijn buurman staat met een mes voor haar deur", "domestic_violence")
    events = run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[0] == "112"
    assert slot_events(events)["follow_up"] is None


def test_unclear_urgency_asks_about_danger(make_tracker, dispatcher, domain):
    tracker = make_tracker("ik denk dat mijn buurvrouw geslagen wordt", "domestic_violence")
    events = run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[:2] == ["112", "veilig_thuis"]
    assert slot_events(events)["follow_up"] == "danger_question"


def test_habitual_violence_is_not_danger_now_but_the_question_stays(make_tracker, dispatcher, domain):
    tracker = make_tracker("mijn man slaat me al jaren als hij gedronken heeft", "domestic_violence")
    events = run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[0] == "veilig_thuis" and "112" not in sent_services(dispatcher)
    assert slot_events(events)["follow_up"] == "danger_question"


def test_codeword_gives_112_and_veilig_thuis_and_asks_discreetly(make_tracker, dispatcher, domain):
    tracker = make_tracker("MASKER-19!!", "masker19_codeword")
    events = run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[:2] == ["112", "veilig_thuis"]
    assert slot_events(events)["follow_up"] == "discreet_question"


def test_yes_to_danger_question_routes_112_first(make_tracker, dispatcher, domain):
    history = [user_event("mijn buurvrouw wordt geslagen", "domestic_violence")]
    tracker = make_tracker("ja", "affirm", history=history, slots={"follow_up": "danger_question"})
    events = run(ActionAnswerDangerQuestion(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[0] == "112"
    assert slot_events(events)["follow_up"] is None


def test_no_to_danger_question_remembers_not_acute(make_tracker, dispatcher, domain):
    tracker = make_tracker("nee", "deny", slots={"follow_up": "danger_question"})
    events = run(ActionAnswerDangerQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages == []
    assert slot_events(events) == {"follow_up": None, "urgency": "not_acute"}


def test_bare_place_without_topic_gives_local_team(make_tracker, dispatcher, domain):
    tracker = make_tracker("Almere", "inform", entities=[{"entity": "place", "value": "Almere"}])
    run(ActionHandleInform(), dispatcher, tracker, domain)
    routes = [m["custom"]["route"] for m in dispatcher.messages if m.get("custom")]
    assert routes[0]["service"] == "wijkteam" and routes[0]["municipality"] == "Almere"


def test_place_form_accepts_alias(make_tracker, dispatcher, domain):
    tracker = make_tracker("Den Bosch", "inform")
    result = asyncio.run(
        ValidatePlaceForm().validate_place("Den Bosch", dispatcher, tracker, domain)
    )
    # The slot keeps the CBS code; the name comes from the gazetteer.
    assert result["municipality"] == "GM0796"
    assert municipality_from_slot(result["municipality"]).name == "'s-Hertogenbosch"


def test_place_form_offers_candidates_once_then_stops_asking(make_tracker, dispatcher, domain):
    tracker = make_tracker("Hengelo", "inform")
    first = asyncio.run(ValidatePlaceForm().validate_place("Hengelo", dispatcher, tracker, domain))
    assert first["place"] is None and first["place_attempts"] == 1
    assert len(first["place_candidates"]) >= 2
    buttons = dispatcher.messages[-1]["buttons"]
    assert len(buttons) == len(first["place_candidates"])
    again = make_tracker("ergens", "inform", slots={"place_attempts": 1})
    second = asyncio.run(ValidatePlaceForm().validate_place("ergens", dispatcher, again, domain))
    assert second == {"place": PLACE_NOT_FOUND, "municipality": None}


def test_candidate_button_payload_resolves(make_tracker, dispatcher, domain):
    tracker = make_tracker("Hengelo", "inform")
    asyncio.run(ValidatePlaceForm().validate_place("Hengelo", dispatcher, tracker, domain))
    for button in dispatcher.messages[-1]["buttons"]:
        picked = asyncio.run(
            ValidatePlaceForm().validate_place(button["payload"], dispatcher, tracker, domain)
        )
        assert picked.get("municipality"), button


def test_place_form_reads_free_text_only_after_asking(make_tracker, dispatcher, domain):
    form = ValidatePlaceForm()
    asked = make_tracker("ik woon vlakbij Nagele", "inform", slots={"requested_slot": "place"})
    assert asyncio.run(form.extract_place(dispatcher, asked, domain)) == {
        "place": "ik woon vlakbij Nagele"
    }
    not_asked = make_tracker("ik zoek hulp in de buurt", "local_support")
    assert asyncio.run(form.extract_place(dispatcher, not_asked, domain)) == {}


def test_acute_does_not_repeat_the_static_112_route(make_tracker, dispatcher, domain):
    tracker = make_tracker("hij slaat me nu", "acute_danger")
    static_112 = domain["responses"]["utter_route_112"][0]
    tracker.events.append({"event": "bot", "text": static_112["text"],
                           "data": {"custom": static_112["custom"]}})
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    found = sent_services(dispatcher)
    assert "112" not in found and found[0] == "veilig_thuis"


def test_sexual_violence_without_time_asks_when(make_tracker, dispatcher, domain):
    events = run(ActionRouteHelp(), dispatcher, make_tracker("ik ben verkracht", "sexual_violence"), domain)
    assert sent_services(dispatcher)[0] == "csg"
    assert slot_events(events)["follow_up"] == "when_question"


def test_the_answer_routes_again_with_the_time(make_tracker, dispatcher, domain):
    history = [user_event("ik ben verkracht", "sexual_violence")]
    tracker = make_tracker("gisteren", "inform", history=history,
                           entities=[{"entity": "incident_time", "value": "gisteren"}])
    events = run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[0] == "csg"
    assert "7 dagen" in dispatcher.messages[0]["text"]
    assert slot_events(events)["days_since_incident"] == 1
    assert slot_events(events)["follow_up"] is None


def test_an_age_given_later_routes_again_for_young_people(make_tracker, dispatcher, domain):
    history = [user_event("mijn vriend wil dat ik met mannen slaap voor geld", "human_trafficking")]
    tracker = make_tracker("ik ben 16", "inform", history=history,
                           slots={"age_group": "unknown", "topic": "human_trafficking"})
    run(ActionHandleInform(), dispatcher, tracker, domain)
    assert sent_services(dispatcher)[:3] == ["112", "fier", "veilig_thuis"]


def test_an_age_that_changes_nothing_does_not_repeat_the_routes(make_tracker, dispatcher, domain):
    history = [user_event("ik ben 16 en mijn vriend dwingt me tot seks met anderen", "human_trafficking")]
    tracker = make_tracker("ik ben 16", "inform", history=history,
                           slots={"age_group": "child", "topic": "human_trafficking"})
    run(ActionHandleInform(), dispatcher, tracker, domain)
    assert sent_services(dispatcher) == []


def test_place_form_stops_asking_when_the_person_declines(make_tracker, dispatcher, domain):
    tracker = make_tracker("weet ik niet", "deny", slots={"requested_slot": "place"},
                           active_loop="place_form")
    result = asyncio.run(ValidatePlaceForm().validate_place("weet ik niet", dispatcher, tracker, domain))
    assert result == {"place": PLACE_NOT_FOUND, "municipality": None}
    assert dispatcher.messages == []


def test_suicide_beside_violence_at_home_gets_113_with_veilig_thuis(make_tracker, dispatcher, domain):
    tracker = make_tracker("thuis word ik steeds geslagen en ik wil er een eind aan maken",
                           "suicidal_thoughts")
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    found = sent_services(dispatcher)
    assert "113" in found and "veilig_thuis" in found
    assert found.index("113") < found.index("veilig_thuis")


def test_a_vague_answer_after_a_risk_repeats_its_route(make_tracker, dispatcher, domain):
    history = [user_event("ik heb afscheidsbrieven geschreven", "suicidal_thoughts")]
    tracker = make_tracker("qwrtzp", "inform", history=history, slots={"risks": ["suicide"]})
    run(ActionHandleInform(), dispatcher, tracker, domain)
    assert "113" in sent_services(dispatcher)


def test_a_vague_answer_without_a_risk_stays_plain(make_tracker, dispatcher, domain):
    tracker = make_tracker("qwrtzp", "inform")
    run(ActionHandleInform(), dispatcher, tracker, domain)
    assert sent_services(dispatcher) == []
    assert dispatcher.messages[0]["response"] == "utter_yes_no_without_question"


def test_a_question_about_what_happens_after_rape_gets_the_csg(make_tracker, dispatcher, domain):
    tracker = make_tracker("wat gebeurt er als ik aangifte doe van verkrachting?", "ask_what_happens")
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    said = [m.get("response") for m in dispatcher.messages[:2]]
    assert said == ["utter_what_happens", "utter_what_happens_csg"]
    assert sent_services(dispatcher)[0] == "csg" and "veilig_thuis" in sent_services(dispatcher)


def test_a_question_about_what_happens_at_veilig_thuis_stays_with_veilig_thuis(
        make_tracker, dispatcher, domain):
    tracker = make_tracker("wat gebeurt er als ik veilig thuis bel?", "ask_what_happens")
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert all(m.get("response") != "utter_what_happens_csg" for m in dispatcher.messages)
    assert sent_services(dispatcher) == ["veilig_thuis"]


def test_the_routing_action_says_the_topics_intro_first(make_tracker, dispatcher, domain):
    tracker = make_tracker("ik denk dat mijn buurvrouw geslagen wordt", "domestic_violence")
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert dispatcher.messages[0].get("response") == "utter_intro_domestic_violence"
    assert "utter_intro_domestic_violence" in domain["responses"]
    assert [m.get("response") for m in dispatcher.messages[1:]] == [None] * (len(dispatcher.messages) - 1)


def test_an_intro_a_rule_already_said_is_not_repeated(make_tracker, dispatcher, domain):
    """The rule after the place form says utter_intro_local_support before the action."""
    said = {"event": "bot", "text": "Hulp dicht bij huis ...",
            "metadata": {"utter_action": "utter_intro_local_support"}}
    tracker = make_tracker("waar is het wijkteam in Almere", "local_support")
    tracker.events.append(said)
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert all(m.get("response") != "utter_intro_local_support" for m in dispatcher.messages)


def test_no_intro_when_the_answer_to_a_question_routes_again(make_tracker, dispatcher, domain):
    history = [user_event("ik ben verkracht", "sexual_violence")]
    tracker = make_tracker("gisteren", "inform", history=history,
                           entities=[{"entity": "incident_time", "value": "gisteren"}])
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert all(m.get("response") is None for m in dispatcher.messages)


def test_a_long_sentence_read_as_a_bare_answer_is_not_a_dead_end(make_tracker, dispatcher, domain):
    tracker = make_tracker("als mijn ex weer voor de deur staat zoals vorige maand, mag ik dan meteen bellen?",
                           "inform")
    run(ActionHandleInform(), dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_fallback"]


def test_a_short_answer_without_a_question_asks_what_is_going_on(make_tracker, dispatcher, domain):
    tracker = make_tracker("oke dat", "inform")
    run(ActionHandleInform(), dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_yes_no_without_question"]


def test_violence_at_home_read_as_out_of_scope_still_gets_veilig_thuis(make_tracker, dispatcher, domain):
    tracker = make_tracker("wat moet ik doen als ik weer geschreeuw en klappen hoor bij de buren? gebeurt elk weekend",
                           "out_of_scope")
    run(ActionAnswerUnclear(), dispatcher, tracker, domain)
    assert "veilig_thuis" in sent_services(dispatcher)
    assert all(m.get("response") != "utter_out_of_scope" for m in dispatcher.messages)


def test_a_game_read_as_out_of_scope_stays_out_of_scope(make_tracker, dispatcher, domain):
    tracker = make_tracker("mn broertje slaat me steeds in fortnite haha", "out_of_scope")
    run(ActionAnswerUnclear(), dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]


def test_a_perpetrator_read_as_despair_keeps_veilig_thuis(make_tracker, dispatcher, domain):
    tracker = make_tracker("zo snel word ik kwaad op mn vrouw, dan gooi ik met spullen. ik wil dit niet meer",
                           "suicidal_thoughts")
    run(ActionRouteHelp(), dispatcher, tracker, domain)
    assert "veilig_thuis" in sent_services(dispatcher)
