"""The routing decision: which help, in which order, for this situation.

Why one pure function: this is the heart of the assistant and the place where a
mistake costs most. It depends only on its inputs (no tracker, no clock of its own,
no network), so a table-driven test can cover every topic, urgency and age group.

Rules, in order of importance:
1. Danger now (acute) -> 112 first, always. The codeword Masker 19 too. Violence close
   by whose time is unclear, or a message the risk screen is unsure about -> 112
   first too, and the assistant asks "Is er nu direct gevaar?" (``needs_danger_check``).
2. Sexual violence -> Centrum Seksueel Geweld; "now" within 7 days.
3. Suicidal thoughts -> 113.
   Risks raised by the risk screen (``hulpwijzer.risk``) add their route whatever the
   topic: suicide -> 113 right after 112, sexual violence -> the CSG; two risks, both.
4. Trafficking -> police, anonymous reporting, CoMensha; young people Fier and
   Veilig Thuis. Labour exploitation -> Arbeidsinspectie, police, CoMensha.
5. Violence at home (partner, children, elderly, harmful practices) -> Veilig Thuis;
   children also De Kindertelefoon, in words for their age.
6. Local support -> the wijkteam of the municipality, then Veilig Thuis. A known
   municipality adds its wijkteam (the gemeente's own number and website) to every
   answer that is not acute, and the local organisation the seeds name for it and the
   topic (``hulpwijzer.local_help``). The Veilig Thuis region is named only where the
   geo data marks it as certain.
7. Opening hours: the Veilig Thuis chat (text and ``chat_url``) only when it is open,
   on working days 09:00-17:00 Amsterdam time and not on Dutch public holidays
   (``services.Hours.is_open``); phones always.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from hulpwijzer.local_help import LocalService, local_help, region_website
from hulpwijzer.services import Service, route_texts, services
from hulpwijzer.topics import topic as topic_row
from hulpwijzer.topics import topics

Urgency = Literal["acute", "not_acute", "unknown"]
AgeGroup = Literal["child", "adult", "unknown"]
Role = Literal["victim", "bystander", "professional", "perpetrator", "unknown"]
#: The routing topics: the rows of bot/knowledge/topics.yml (``hulpwijzer.topics``).
TOPICS: tuple[str, ...] = tuple(topics())
URGENCIES: tuple[str, ...] = Urgency.__args__  # type: ignore[attr-defined]
AGE_GROUPS: tuple[str, ...] = AgeGroup.__args__  # type: ignore[attr-defined]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]
RECENT_DAYS = 7
#: Violence by people close by (``violence_close_by`` in topics.yml): when its time is
#: unclear, 112 comes first and the assistant asks. (Labour exploitation, sexual violence
#: and general questions are not: sexual violence asks *when* it happened instead, the
#: others ask nothing.)
DANGER_CHECK_TOPICS = frozenset(name for name, row in topics().items() if row.violence_close_by)


def needs_danger_check(
    topic: str, urgency: str, uncertain: frozenset[str] = frozenset(),
    cleared: frozenset[str] = frozenset(),
) -> bool:
    """Is the time of danger unclear? Then 112 comes first and the assistant asks.

    Unclear means: the message does not say when, and the risk screen neither raised
    nor cleared danger now. So violence close by whose time is not stated, unless the
    screen's model read it as clearly not an emergency; and any message the screen is
    unsure about, whatever the topic.
    """
    if urgency != "unknown":
        return False
    return "danger_now" in uncertain or (topic in DANGER_CHECK_TOPICS and "danger_now" not in cleared)


class Place(Protocol):
    """What routing needs of a municipality (``hulpwijzer.geo.Municipality``)."""

    name: str
    display_name: str
    veilig_thuis_region: str
    website: str | None
    phone: str | None

    @property
    def region_known(self) -> bool: ...


@dataclass(frozen=True)
class Route:
    service: str
    name: str
    phone: str | None
    url: str | None
    chat_url: str | None
    hours: str | None
    municipality: str | None
    region: str | None
    urgency: str
    text: str
    #: The municipality's name for sentences ("Den Haag" where ``municipality`` is the
    #: official "'s-Gravenhage"); set whenever ``municipality`` is.
    display_name: str | None = None

    def payload(self) -> dict[str, Any]:
        """The route contract (docs/architecture.md)."""
        return {
            "route": {
                "service": self.service,
                "name": self.name,
                "phone": self.phone,
                "url": self.url,
                "municipality": self.municipality,
                "display_name": self.display_name,
                "urgency": self.urgency,
                "chat_url": self.chat_url,
                "hours": self.hours,
                "region": self.region,
            }
        }


def _text(service_id: str, variants: list[str], **values: str | None) -> str:
    texts = route_texts()[service_id]
    template = next((texts[v] for v in variants if v in texts), texts.get("default"))
    return template.format(**{k: v or "" for k, v in values.items()})


def _route(
    service: Service, urgency: str, variants: list[str], now: datetime,
    municipality: Place | None = None,
) -> Route:
    local = service.id == "wijkteam" and municipality is not None
    phone = municipality.phone if local and municipality else service.phone
    text = _text(service.id, variants, phone=phone,
                 municipality=municipality.display_name if municipality else None)
    region = None
    url = service.url
    if service.id == "veilig_thuis" and municipality is not None:
        # Name the region only where the geo data is sure of it; otherwise say that the
        # national number finds the person's own region.
        if municipality.region_known:
            region = municipality.veilig_thuis_region
            # The region is derived from the safety region (geo SOURCES.md), an inference
            # services.md asks to mark as such; a seed that names it for this place confirms it.
            confirmed = region_website(municipality.name, region)
            url = confirmed or url
            variant = "region_confirmed" if confirmed else "region_known"
            text = f"{text} {_text(service.id, [variant], region=region)}"
        else:
            text = f"{text} {_text(service.id, ['region_unknown'])}"
    chat_open = service.chat_hours is not None and service.chat_hours.is_open(now)
    if service.id == "veilig_thuis" and chat_open:
        text = f"{text} {_text(service.id, ['chat_open'])}"
    chat_url = service.chat_url if (service.chat_hours is None or chat_open) else None
    if chat_url and url != service.url:
        chat_url = url  # the regional chat is on the region's own website (services.md)
    return Route(
        service=service.id,
        name=service.name,
        phone=phone,
        url=municipality.website if local and municipality else url,
        chat_url=chat_url,
        hours=None if local else service.phone_hours.text(),
        municipality=municipality.name if local and municipality else None,
        region=region,
        urgency=urgency,
        text=text,
        display_name=municipality.display_name if local and municipality else None,
    )


def _local_route(service: LocalService, municipality: Place) -> Route:
    """A local organisation the seeds name, with their website and the seeds' words."""
    return Route(
        service=service.id,
        name=service.name,
        phone=service.phone,
        url=service.url,
        chat_url=None,
        hours=None,
        municipality=municipality.name,
        region=None,
        urgency="advice",
        text=(service.text or "").format(municipality=municipality.display_name),
        display_name=municipality.display_name,
    )


def _order(topic: str, urgency: str, age_group: str, municipality: Place | None,
           days: int | None, risks: frozenset[str] = frozenset(),
           uncertain: frozenset[str] = frozenset(),
           cleared: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(service id, route urgency) in the order the person should try them.

    First what holds for every topic (112, the routes of raised risks), then the
    topic's own plan for the age group from topics.yml, then help close to home.
    """
    row = topic_row(topic)
    recent = days is None or days <= RECENT_DAYS
    by_time = "soon" if recent or urgency == "acute" else "advice"
    plan: list[tuple[str, str]] = []
    if urgency == "acute" or row.always_112:
        plan.append(("112", "acute"))
    elif needs_danger_check(topic, urgency, uncertain, cleared):
        plan.append(("112", "info"))
    if "suicide" in risks:
        plan.append(("113", "soon"))
    if "sexual_violence" in risks and topic != "sexual_violence":
        plan.append(("csg", by_time))
    concrete = {"help": "soon" if urgency == "acute" else "advice", "by_time": by_time}
    plan += [(service, concrete.get(u, u)) for service, u in row.plan(age_group)]
    if urgency != "acute" and municipality is not None and row.wijkteam:
        # A place the person gave, in any turn: help close to home, next to the topic's
        # routes (never in an acute answer, where only 112 and what follows it count, nor
        # after the codeword, whose answer stays short and discreet).
        plan += [(local.id, "advice") for local in local_help(municipality.name, topic)]
        plan.append(("wijkteam", "advice"))
    seen: set[str] = set()
    return [(s, u) for s, u in plan if not (s in seen or seen.add(s))]


def route(
    topic: str,
    urgency: str,
    age_group: str,
    municipality: Place | None,
    role: str,
    now: datetime,
    days_since_incident: int | None = None,
    risks: frozenset[str] = frozenset(),
    uncertain: frozenset[str] = frozenset(),
    cleared: frozenset[str] = frozenset(),
) -> list[Route]:
    """The ordered routes for this situation (see the module docstring for the rules).

    ``risks``, ``uncertain`` and ``cleared`` are the risk screen's raised, uncertain and
    cleared risks (``hulpwijzer.risk.RISKS``).
    """
    if topic not in TOPICS:
        topic = "general"
    if "child" in risks and age_group == "unknown":
        age_group = "child"
    catalogue = services()
    local = {s.id: s for s in local_help(municipality.name, topic)} if municipality else {}
    routes = []
    for service_id, route_urgency in _order(topic, urgency, age_group, municipality,
                                            days_since_incident, risks, uncertain, cleared):
        if service_id in local and municipality is not None:
            routes.append(_local_route(local[service_id], municipality))
            continue
        variants: list[str] = []
        if service_id == "wijkteam":
            variants.append("with_municipality" if municipality else "without_municipality")
        if urgency == "acute" and service_id in {"112", "veilig_thuis"}:
            variants.append("acute")
        if age_group == "child":
            variants.append("child")
        if service_id == "csg" and days_since_incident is not None:
            variants.append("recent" if days_since_incident <= RECENT_DAYS else "later")
        elif service_id == "csg":
            variants.append("recent")
        if topic == "masker19_question":
            variants.append("info")
        if role in {"perpetrator", "bystander", "professional"}:
            variants.append(role)
        routes.append(_route(catalogue[service_id], route_urgency, variants, now, municipality))
    return routes


#: The routes a goodbye or a thank-you repeats when the conversation raised their risk.
REMINDER_SERVICES = {"danger_now": "112", "suicide": "113", "sexual_violence": "csg"}


def reminder_routes(risks: frozenset[str], now: datetime,
                    days_since_incident: int | None = None) -> list[Route]:
    """The routes to repeat when a conversation that raised a risk ends.

    Why: "oke", "dank je" or "doei" after a message about suicide must not be the last
    word without 113 (or 112, or the CSG) in sight. Danger now comes back as the 112
    question ("Is er nu direct gevaar? Bel dan meteen 112"), not as an order.
    """
    wanted = {REMINDER_SERVICES[r] for r in risks if r in REMINDER_SERVICES}
    if not wanted:
        return []
    routes = route("general", "unknown", "unknown", None, "unknown", now,
                   days_since_incident=days_since_incident,
                   risks=risks & {"suicide", "sexual_violence"},
                   uncertain=frozenset({"danger_now"}) & risks)
    return [r for r in routes if r.service in wanted]
