"""Services as data: who to call, when it is open, and what the assistant says.

Why a loader and not constants: facts change (a number, chat hours), and they must
come from one sourced file, ``bot/knowledge/services.yml``, generated from the
researched ``services.md``. The texts in ``route_texts.yml`` hold no numbers; the
number is filled in here from the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Hours:
    """Opening hours of one channel (phone or chat)."""

    always: bool = False
    days: tuple[str, ...] = ()
    open: time | None = None
    close: time | None = None
    show: bool = True

    def is_open(self, now: datetime) -> bool:
        if self.always:
            return True
        if self.open is None or self.close is None:
            return False
        return DAYS[now.weekday()] in self.days and self.open <= now.time() < self.close

    def text(self) -> str | None:
        """Dutch text for the widget's card; None when the hours are not verified."""
        if not self.show:
            return None
        if self.always:
            return "dag en nacht"
        if self.open and self.close and self.days:
            span = "ma t/m vr" if self.days == DAYS[:5] else "elke dag" if self.days == DAYS else ""
            return f"{span} {self.open:%H:%M}-{self.close:%H:%M}".strip()
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
