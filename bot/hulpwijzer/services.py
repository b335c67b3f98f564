"""Services as data: who to call, when it is open, and what the assistant says.

Why a loader and not constants: facts change (a number, chat hours), and they must
come from one sourced file, ``bot/knowledge/services.yml``, generated from the
researched ``services.md``. The texts in ``route_texts.yml`` hold no numbers; the
number is filled in here from the knowledge base.

Opening hours are judged on the Amsterdam clock, whatever zone ``now`` is in: an aware
datetime is converted to Europe/Amsterdam first, and a naive one is taken to be
Amsterdam local time already (the action server passes an aware Amsterdam time).
A channel with Monday-to-Friday hours keeps working-day hours and is closed on Dutch
public holidays: the Veilig Thuis chat is staffed "op alle werkdagen van 9.00 tot 17.00
uur" (sources/000), and a public holiday is not a werkdag. Channels open day and night
(``always``) and channels with hours on every day of the week stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import yaml

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Monday to Friday: a channel with these days keeps working-day hours (no holidays).
WORKDAYS = DAYS[:5]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=1)
def _dutch_holidays() -> holidays.HolidayBase:
    """The Netherlands calendar of the ``holidays`` library, public category only."""
    return holidays.country_holidays("NL", categories=holidays.PUBLIC)


def is_public_holiday(day: date) -> bool:
    """Is ``day`` a Dutch public holiday? Then no channel with working-day hours is open.

    Why the ``holidays`` library and no table of our own: Easter, Ascension and Whitsun
    move every year, King's Day moves to 26 April when the 27th is a Sunday, and the
    library is maintained. What it counts (holidays 0.86, checked in
    tests/unit/test_opening_hours.py): New Year's Day, Good Friday, Easter Sunday and
    Monday, King's Day, Ascension Day, Whit Sunday and Monday, Christmas Day and the
    Second Day of Christmas, and Liberation Day (5 May) only every fifth year (2025,
    2030; yearly only in the library's "optional" category, not used here). Good Friday
    is not a day off everywhere; counting it only means the assistant does not promise
    the chat that day, while the phone is there day and night: the cheaper mistake.
    """
    return day in _dutch_holidays()


def amsterdam_time(now: datetime) -> datetime:
    """``now`` on the Amsterdam clock. A naive datetime is taken as Amsterdam local time."""
    if now.tzinfo is None or now.utcoffset() is None:
        return now.replace(tzinfo=AMSTERDAM)
    return now.astimezone(AMSTERDAM)


@dataclass(frozen=True)
class Hours:
    """Opening hours of one channel (phone or chat), on the Amsterdam clock."""

    always: bool = False
    days: tuple[str, ...] = ()
    open: time | None = None
    close: time | None = None
    show: bool = True

    @property
    def workdays(self) -> bool:
        """Monday to Friday hours: working-day hours, so closed on public holidays."""
        return not self.always and set(self.days) == set(WORKDAYS)

    def is_open(self, now: datetime) -> bool:
        """Open at ``now`` (any zone; naive means Amsterdam local time), close excluded."""
        if self.always:
            return True
        if self.open is None or self.close is None:
            return False
        local = amsterdam_time(now)
        if self.workdays and is_public_holiday(local.date()):
            return False
        return DAYS[local.weekday()] in self.days and self.open <= local.time() < self.close

    def text(self) -> str | None:
        """Dutch text for the widget's card; None when the hours are not verified."""
        if not self.show:
            return None
        if self.always:
            return "dag en nacht"
        if self.open and self.close and self.days:
            hours = f"{self.open:%H:%M}-{self.close:%H:%M}"
            if self.workdays:
                return f"ma t/m vr {hours}, niet op feestdagen"
            return f"elke dag {hours}" if set(self.days) == set(DAYS) else hours
        return None


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    phone: str | None
    url: str | None
    chat_url: str | None
    phone_hours: Hours
    chat_hours: Hours | None
    source: str
    checked: str
    confidence: str


def _hours(raw: dict[str, Any] | None) -> Hours | None:
    if raw is None:
        return None
    return Hours(
        always=bool(raw.get("always")),
        days=tuple(raw.get("days") or ()),
        open=time.fromisoformat(raw["open"]) if raw.get("open") else None,
        close=time.fromisoformat(raw["close"]) if raw.get("close") else None,
        show=bool(raw.get("show", True)),
    )


@lru_cache(maxsize=1)
def services_raw() -> dict[str, dict[str, Any]]:
    """services.yml as written, per service id: also the fields ``Service`` does not carry
    (``contact``, ``hours_text``, ``other_phones``) that ``hulpwijzer.facts`` lists."""
    return yaml.safe_load((KNOWLEDGE / "services.yml").read_text(encoding="utf-8"))["services"]


@lru_cache(maxsize=1)
def services() -> dict[str, Service]:
    loaded = {}
    for service_id, raw in services_raw().items():
        hours = raw.get("hours") or {}
        loaded[service_id] = Service(
            id=service_id,
            name=raw["name"],
            phone=raw.get("phone"),
            url=raw.get("url"),
            chat_url=raw.get("chat_url"),
            phone_hours=_hours(hours.get("phone")) or Hours(show=False),
            chat_hours=_hours(hours.get("chat")),
            source=raw["source"],
            checked=raw["checked"],
            confidence=raw["confidence"],
        )
    return loaded


@lru_cache(maxsize=1)
def route_texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load((KNOWLEDGE / "route_texts.yml").read_text(encoding="utf-8"))


def phone_numbers() -> set[str]:
    """Every number the knowledge base knows (services.md may list a second one)."""
    numbers = set()
    for raw in services_raw().values():
        numbers.update(n for n in [raw.get("phone"), *raw.get("other_phones", [])] if n)
    return numbers
