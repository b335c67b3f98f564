"""What the knowledge base knows: every number, web address and name, with its source.

Why one list: whatever a person can see (domain responses, route texts, the widget, the
docs) may only state what the knowledge base holds, with a source and the date it was
checked. Three files hold such facts:

- ``services.yml``: the national services, generated from the researched services.md;
- ``local_services.yml``: local organisations (optional);
- the contact columns of ``geo/municipalities.csv`` (``website``, ``phone``,
  ``contact_sources``, ``contact_checked``; optional): a municipality's general contact.

This module reads them once and lists their facts, so the truth tests compare texts with
one list instead of parsing three files in three ways. An optional file that is absent
adds nothing; one that is present must give every entry a source and a checked date, or
loading fails (nothing is skipped silently).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from hulpwijzer.services import KNOWLEDGE, Hours, services, services_raw

LOCAL_SERVICES = KNOWLEDGE / "local_services.yml"
MUNICIPALITIES = KNOWLEDGE / "geo" / "municipalities.csv"


class KnowledgeError(ValueError):
    """A knowledge file states a fact without a source or a checked date."""


@dataclass(frozen=True)
class Entry:
    """One organisation or municipality the knowledge base can send a person to."""

    #: "service:veilig_thuis", "local:<id>" or "municipality:<CBS code>".
    id: str
    #: The names it may be shown under (``name_forms``).
    names: tuple[str, ...]
    phones: tuple[str, ...]
    urls: tuple[str, ...]
    #: The source says calling is free ("(free)" in services.md's contact cell).
    free: bool
    #: Structured hours per channel; None: the knowledge base has no hours for it.
    phone_hours: Hours | None
    chat_hours: Hours | None
    #: services.md gives "office hours" (working days, daytime) without clock times.
    office_hours: bool
    source: str
    checked: str


def phone_key(number: str) -> str:
    """The comparison form of a phone number: digits only, +31 written as 0.

    "(033) 448 11 86" -> "0334481186"; "+31 33 ..." is the same number as "033 ...".
    """
    digits = re.sub(r"[^\d+]", "", number)
    return "0" + digits[3:] if digits.startswith("+31") else digits.lstrip("+")


def url_key(url: str) -> str:
    """The comparison form of a web address: host without ``www.``, and the path.

    Scheme, ``www.``, letter case of the host and a trailing slash do not make another
    address; the path does: ``veiligthuis.nl/chat`` is not ``veiligthuis.nl`` and must be
    listed in the knowledge base on its own.
    """
    text = url.strip()
    parts = urlsplit(text if "//" in text else f"//{text}")
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    host = host[4:] if host.startswith("www.") else host
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def name_forms(name: str) -> tuple[str, ...]:
    """The forms of a service's name that texts use.

    "De Kindertelefoon" is also "Kindertelefoon", "Slachtofferhulp Nederland" also
    "Slachtofferhulp", "Nederlandse Arbeidsinspectie" also "Arbeidsinspectie", and
    "Politie (geen spoed)" is shown as "Politie": an article, the country or a note in
    brackets does not make another organisation.
    """
    forms = [name]
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    forms.append(bare)
    for pattern in (r"^De\s+", r"\s+Nederland$", r"^Nederlandse\s+"):
        forms.append(re.sub(pattern, "", bare).strip())
    return tuple(dict.fromkeys(f for f in forms if f))


def _checked(value: Any, where: str) -> str:
    text = str(value or "").strip()
    try:
        date.fromisoformat(text)
    except ValueError:
        raise KnowledgeError(f"{where}: checked date {text!r} is not YYYY-MM-DD") from None
    return text


def _source(value: Any, where: str) -> str:
    text = " ".join(value) if isinstance(value, list) else str(value or "").strip()
    if not text:
        raise KnowledgeError(f"{where}: no source")
    return text


def _service_entries(municipalities: Path) -> list[Entry]:
    raw = services_raw()
    regions = sorted({row["veilig_thuis_region"] for row in _municipality_rows(municipalities)
                      if row.get("veilig_thuis_region")})
    entries = []
    for service in services().values():
        data = raw[service.id]
        names = [*name_forms(service.name)]
        if data.get("display_name"):
            names += name_forms(data["display_name"])
        if service.id == "veilig_thuis":
            # 0800-2000 connects to the caller's region (services.md, Notes); the
            # regions' names come from geo/municipalities.csv.
            names += regions
        where = f"services.yml {service.id}"
        entries.append(Entry(
            id=f"service:{service.id}",
            names=tuple(dict.fromkeys(names)),
            phones=tuple(n for n in dict.fromkeys([service.phone, *data.get("other_phones", [])]) if n),
            urls=tuple(u for u in dict.fromkeys([service.url, service.chat_url]) if u),
            free="free" in str(data.get("contact", "")).lower(),
            phone_hours=service.phone_hours if data.get("hours", {}).get("phone") else None,
            chat_hours=service.chat_hours,
            office_hours=str(data.get("hours_text", "")).strip().lower() == "office hours",
            source=_source(service.source, where),
            checked=_checked(service.checked, where),
        ))
    return entries


def _local_entries(path: Path) -> list[Entry]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = []
    for raw in data.get("services") or []:
        where = f"{path.name} {raw.get('id')}"
        if not raw.get("id") or not raw.get("name"):
            raise KnowledgeError(f"{where}: every local service needs an id and a name")
        entries.append(Entry(
            id=f"local:{raw['id']}",
            names=name_forms(str(raw["name"])),
            phones=tuple(str(p) for p in [raw.get("phone")] if p),
            urls=tuple(str(u) for u in [raw.get("url")] if u),
            free=False,
            phone_hours=None,
            chat_hours=None,
            office_hours=False,
            source=_source(raw.get("source"), where),
            checked=_checked(raw.get("checked"), where),
        ))
    return entries


@lru_cache(maxsize=4)
def _municipality_rows(path: Path) -> tuple[dict[str, str], ...]:
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _municipality_entries(path: Path) -> list[Entry]:
    entries = []
    for row in _municipality_rows(path):
        website, phone = (row.get("website") or "").strip(), (row.get("phone") or "").strip()
        if not (website or phone):
            continue
        where = f"{path.name} {row.get('code')} {row.get('name')}"
        entries.append(Entry(
            id=f"municipality:{row['code']}",
            names=(f"gemeente {row['name']}", f"Gemeente {row['name']}"),
            phones=(phone,) if phone else (),
            urls=(website,) if website else (),
            free=False,
            phone_hours=None,
            chat_hours=None,
            office_hours=False,
            source=_source(row.get("contact_sources"), where),
            checked=_checked(row.get("contact_checked"), where),
        ))
    return entries


@dataclass(frozen=True)
class KnowledgeBase:
    """Every entry, and look-ups by number, address and name."""

    entries: tuple[Entry, ...]
    #: Places (municipalities, provinces): names that are not organisations.
    places: frozenset[str]

    def by_phone(self, number: str) -> Entry | None:
        key = phone_key(number)
        return next((e for e in self.entries if key in {phone_key(p) for p in e.phones}), None)

    def by_url(self, url: str) -> Entry | None:
        key = url_key(url)
        return next((e for e in self.entries if key in {url_key(u) for u in e.urls}), None)

    def by_name(self, name: str) -> Entry | None:
        key = " ".join(name.split()).casefold()
        return next((e for e in self.entries if key in {n.casefold() for n in e.names}), None)

    def phone_keys(self) -> set[str]:
        return {phone_key(p) for e in self.entries for p in e.phones}

    def url_keys(self) -> set[str]:
        return {url_key(u) for e in self.entries for u in e.urls}

    def names(self) -> set[str]:
        return {n for e in self.entries for n in e.names}


def load(local_services: Path = LOCAL_SERVICES, municipalities: Path = MUNICIPALITIES) -> KnowledgeBase:
    """Read the three knowledge files (the paths are parameters for tests)."""
    rows = _municipality_rows(municipalities)
    places: Iterable[str] = [*(r["name"] for r in rows), *(r["province"] for r in rows)]
    return KnowledgeBase(
        entries=(*_service_entries(municipalities), *_local_entries(local_services),
                 *_municipality_entries(municipalities)),
        places=frozenset(p for p in places if p),
    )


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The knowledge base as shipped, read once per process."""
    return load()
