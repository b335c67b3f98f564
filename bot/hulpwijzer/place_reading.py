"""The place of one turn: resolved once, by the NLU, and remembered as the CBS code.

Why: the gazetteer lookup (``places.resolve_place``) used to run up to seven times for
one message, in two processes: the NLU component, the form validation, and three times
in the routing action (the entity, the text, the slot's name again). Now the NLU
component resolves the message once and writes the outcome into the ``place`` entity
(the CBS code, or the candidates' codes); the actions rebuild the result from those
codes with a dictionary lookup. The only second resolution left is the one the NLU
cannot make: reading the message as the answer to "In welke plaats woon je?", which
only the dialogue knows was asked.

The ``municipality`` slot holds the CBS code ("GM0034"), not a name to resolve again;
names for people come from the gazetteer (``Municipality.display_name``). Trackers
written before this change hold the official name: ``municipality_from_slot`` still
reads those.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hulpwijzer.geo import Municipality, municipality_by_code, municipality_by_name
from hulpwijzer.places import UNKNOWN, PlaceResult, place_answer, resolve_place

ENTITY = "place"


def entity_fields(result: PlaceResult) -> dict[str, Any]:
    """What the ``place`` entity carries besides the text: enough to skip resolving again."""
    fields: dict[str, Any] = {"method": result.method}
    if result.municipality is not None:
        fields["code"] = result.municipality.code
    if result.candidates:
        fields["candidates"] = [m.code for m in result.candidates]
    return fields


def from_entity(entity: Mapping[str, Any]) -> PlaceResult | None:
    """The NLU's resolution, rebuilt from its codes; None for an entity without them."""
    found = municipality_by_code(str(entity["code"])) if entity.get("code") else None
    candidates = tuple(
        m for m in (municipality_by_code(str(c)) for c in entity.get("candidates") or ()) if m
    )
    if found is None and len(candidates) < 2:
        return None
    return PlaceResult(
        "found" if found else "ambiguous", found, entity.get("method"),
        float(entity.get("confidence_entity") or 0.0), str(entity.get("value") or ""),
        entity.get("start"), entity.get("end"), candidates,
    )


def _place_entities(entities: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [e for e in entities if e.get("entity") == ENTITY and e.get("value")]


def nlu_place(entities: Iterable[Mapping[str, Any]]) -> PlaceResult | None:
    """``resolve_place(text)`` as the NLU found it, without resolving.

    No place entity: the NLU resolved the message and found none (UNKNOWN). An entity
    without codes (written by hand, or by an older NLU): None, the caller resolves.
    """
    found = _place_entities(entities)
    return from_entity(found[0]) if found else UNKNOWN


def place_for(text: str, entities: Iterable[Mapping[str, Any]],
              expecting_place: bool = False) -> PlaceResult | None:
    """The place this message names, or None.

    ``expecting_place``: the assistant just asked where the person lives, so a message
    that is only a place is read as one even when the name is also a word ("lemmer").
    """
    entities = list(entities)
    whole = nlu_place(entities)
    if expecting_place:
        answer = place_answer(text, expecting_place=True, whole=whole)
        if answer is not None:
            return answer
    if whole is None:  # an entity without codes: resolve its text, then the message's
        for entity in _place_entities(entities):
            whole = resolve_place(str(entity["value"]))
            break
        if whole is None or whole.status == "unknown":
            whole = resolve_place(text)
    return whole if whole.status != "unknown" else None


def answered_place(answer: str, text: str, entities: Iterable[Mapping[str, Any]]) -> PlaceResult:
    """The place in an answer to the place question (``answer``: the slot value).

    The slot value is the whole message (the form's own reading) or the text of the
    NLU's place entity; either way the NLU's resolution of this turn is used again.
    """
    entities = list(entities)
    whole = nlu_place(entities) if answer == text else None
    if answer != text:
        for entity in _place_entities(entities):
            if str(entity["value"]) == answer:
                known = from_entity(entity)
                if known is not None:
                    return known
    return place_answer(answer, expecting_place=True, whole=whole) or whole or resolve_place(answer)


def slot_value(municipality: Municipality | None) -> str | None:
    """What the ``municipality`` slot stores: the CBS code."""
    return municipality.code if municipality else None


def municipality_from_slot(value: object) -> Municipality | None:
    """The municipality a ``municipality`` slot holds: a CBS code, or (older trackers) a name."""
    if not value:
        return None
    return municipality_by_code(str(value)) or municipality_by_name(str(value))


def municipality_for(place: PlaceResult | None, slot: object) -> Municipality | None:
    """This message's municipality, else the one an earlier turn established."""
    if place is not None and place.status == "found":
        return place.municipality
    return municipality_from_slot(slot)
