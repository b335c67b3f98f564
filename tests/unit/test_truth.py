"""Everything a person can see says only what the knowledge base holds.

Why: a wrong number, a dead address or a promised opening hour sends someone who may be
in danger to a closed door. Every web address, opening-hour statement and service name
in the domain responses, the route texts, the widget and the docs must be a fact of the
knowledge base (``hulpwijzer.facts``: services.yml, and local_services.yml and the
municipalities' contact columns when present), each with a source and a checked date.
Phone numbers: ``test_phone_numbers.py``. The checkers themselves are in
``tests/truthcheck.py``; the tests at the end prove that each one catches an invention.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from hulpwijzer.facts import (
    MUNICIPALITIES,
    Entry,
    KnowledgeError,
    knowledge_base,
    load,
    url_key,
)
from hulpwijzer.services import KNOWLEDGE, services
from tests.helpers import domain_yaml
from tests.readability import spelling_problems, wording_problems
from tests.truthcheck import (
    hour_problems,
    html_text,
    js_strings,
    name_problems,
    unknown_phones,
    unknown_urls,
    urls_in,
)

ROOT = Path(__file__).resolve().parents[2]
KB = knowledge_base()

#: Hosts that are not facts about help, each with the reason it may appear.
TECHNICAL_HOSTS = {
    "127.0.0.1": "the assistant's own servers on this machine (make run, the widget's default)",
    "localhost": "the same servers, in the README's curl example",
    "example.org": "placeholder host in widget.js's embedding example (reserved, RFC 2606)",
    "example.nl": "placeholder host in docs/widget.md's embedding example",
    "google.nl": "the widget's 'Snel weg' exit: a neutral page to leave for, not a service",
    "adres-van-de-assistent": "placeholder in docs/trainers.md for a deployed assistant's address",
}
#: Capitalised words in a person's texts that are not organisations, with the reason.
NOT_ORGANISATIONS = {
    "Hulpwijzer": "the assistant's own name",
    "Masker 19": "the pharmacy codeword, not a service",
    "Esc": "a key on the keyboard (the widget's 'Snel weg' hint)",
    "Shift": "a key on the keyboard (the widget's 'Snel weg' hint)",
    "Snel weg": "the widget's quick-exit button, named in the discreet answer after the codeword",
}
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
WEB = [*sorted((ROOT / "web" / "static").glob("*.js")), *sorted((ROOT / "web" / "static").glob("*.html"))]
#: Files whose every address must be a fact: raw text, so payloads and comments count too.
ADDRESS_FILES = [ROOT / "bot" / "domain.yml", KNOWLEDGE / "route_texts.yml", *WEB, *DOCS]


@dataclass(frozen=True)
class Text:
    """One text a person can see, where it comes from, and the service it is about."""

    where: str
    text: str
    subject: Entry | None = None


def _entry(service_id: str) -> Entry:
    return next(e for e in KB.entries if e.id == f"service:{service_id}")


def domain_texts() -> list[Text]:
    texts = []
    for name, variants in domain_yaml()["responses"].items():
        for index, variant in enumerate(variants):
            parts = [variant.get("text") or "", *(b["title"] for b in variant.get("buttons") or [])]
            texts.append(Text(f"domain.yml {name}[{index}]", "\n\n".join(p for p in parts if p)))
    return texts


def route_texts_by_service() -> dict[str, list[Text]]:
    """Route texts as sent: placeholders filled from the knowledge base."""
    raw = yaml.safe_load((KNOWLEDGE / "route_texts.yml").read_text(encoding="utf-8"))
    found: dict[str, list[Text]] = {}
    for service_id, variants in raw.items():
        service = services()[service_id]
        # Placeholders routing.py fills; one it does not know stays empty, as it would.
        values = defaultdict(str, phone=service.phone or "", name=service.name,
                             municipality="Almere", region="Veilig Thuis Flevoland")
        found[service_id] = [Text(f"route_texts.yml {service_id}.{variant}",
                                  template.format_map(values), _entry(service_id))
                             for variant, template in variants.items()]
    return found


def web_texts() -> list[Text]:
    texts = []
    for path in WEB:
        source = path.read_text(encoding="utf-8")
        strings = js_strings(source) if path.suffix == ".js" else [html_text(source)]
        texts += [Text(f"{path.relative_to(ROOT)} {s[:30]!r}", s) for s in strings if s.strip()]
    return texts


ROUTE_TEXTS = route_texts_by_service()
VISIBLE = [*domain_texts(), *(t for ts in ROUTE_TEXTS.values() for t in ts), *web_texts()]


def ids(texts: list[Text]) -> list[str]:
    return [t.where for t in texts]


# ---------------------------------------------------------------- the knowledge base


def test_every_fact_has_a_source_and_a_checked_date() -> None:
    with_facts = [e for e in KB.entries if e.phones or e.urls]
    assert len(with_facts) >= 11
    for entry in with_facts:
        assert entry.source.strip(), entry.id
        assert date.fromisoformat(entry.checked) <= date(2100, 1, 1), entry.id


def test_present_knowledge_files_are_read_whole() -> None:
    """local_services.yml and the municipalities' contact columns, when there: every entry
    with a number or an address is in the knowledge base (none dropped on the way)."""
    local = KNOWLEDGE / "local_services.yml"
    listed = yaml.safe_load(local.read_text("utf-8"))["services"] if local.exists() else []
    assert {f"local:{s['id']}" for s in listed} == {e.id for e in KB.entries if e.id.startswith("local:")}
    with MUNICIPALITIES.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("website") or r.get("phone") or "").strip()]
    assert {f"municipality:{r['code']}" for r in rows} == {
        e.id for e in KB.entries if e.id.startswith("municipality:")}


def _files(tmp_path: Path, local: str, municipalities: str) -> tuple[Path, Path]:
    (tmp_path / "local.yml").write_text(local, encoding="utf-8")
    (tmp_path / "m.csv").write_text(municipalities, encoding="utf-8")
    return tmp_path / "local.yml", tmp_path / "m.csv"


HEADER = "code,name,province,safety_region,veilig_thuis_region,website,phone,contact_sources,contact_checked\n"


def test_the_optional_files_add_their_facts(tmp_path: Path) -> None:
    local, towns = _files(
        tmp_path,
        "services:\n  - {id: blijf, name: Blijf Groep, url: https://blijfgroep.nl, phone: null,\n"
        "     municipalities: [Almere], topics: [domestic_violence], source: blijfgroep.nl,\n"
        "     checked: '2026-11-23'}\n",
        HEADER + "GM0034,Almere,Flevoland,Flevoland,Veilig Thuis Flevoland,https://www.almere.nl,"
        "14 036,overheid.nl,2026-11-23\n",
    )
    kb = load(local, towns)
    assert kb.by_url("blijfgroep.nl").id == "local:blijf"
    assert kb.by_name("Blijf Groep").source == "blijfgroep.nl"
    assert kb.by_url("almere.nl").checked == "2026-11-23"
    assert kb.by_phone("14036").id == "municipality:GM0034"
    assert not unknown_urls("Kijk op https://almere.nl/ of blijfgroep.nl.", kb)


@pytest.mark.parametrize("local, row", [
    ("services:\n  - {id: x, name: X, url: https://x.nl, checked: '2026-11-23'}\n", ""),
    ("services:\n  - {id: x, name: X, url: https://x.nl, source: x.nl}\n", ""),
    ("services: []\n", "GM0034,Almere,Flevoland,Flevoland,VT,https://almere.nl,,,2026-11-23\n"),
    ("services: []\n", "GM0034,Almere,Flevoland,Flevoland,VT,,14 036,overheid.nl,\n"),
])
def test_a_fact_without_source_or_date_does_not_load(tmp_path: Path, local: str, row: str) -> None:
    with pytest.raises(KnowledgeError):
        load(*_files(tmp_path, local, HEADER + row))


# ---------------------------------------------------------------- what people see


@pytest.mark.parametrize("path", ADDRESS_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_address_is_a_fact_or_a_technical_host(path: Path) -> None:
    problems = unknown_urls(path.read_text(encoding="utf-8"), KB, TECHNICAL_HOSTS)
    assert not problems, problems


@pytest.mark.parametrize("text", VISIBLE, ids=ids(VISIBLE))
def test_hours_and_free_calls_are_the_knowledge_bases(text: Text) -> None:
    problems = hour_problems(text.text, KB, text.subject)
    assert not problems, problems


@pytest.mark.parametrize("path", [*DOCS, *WEB], ids=lambda p: str(p.relative_to(ROOT)))
def test_hours_in_docs_and_code_are_the_knowledge_bases(path: Path) -> None:
    """Comments and docs are read by the people who write the texts: no other hours there."""
    source = path.read_text(encoding="utf-8")
    problems = hour_problems(html_text(source) if path.suffix == ".html" else source, KB)
    assert not problems, problems


@pytest.mark.parametrize("text", VISIBLE, ids=ids(VISIBLE))
def test_every_service_name_is_in_the_knowledge_base(text: Text) -> None:
    problems = name_problems(text.text, KB, NOT_ORGANISATIONS)
    assert not problems, problems


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_service_names_in_the_docs_are_in_the_knowledge_base(path: Path) -> None:
    problems = name_problems(path.read_text(encoding="utf-8"), KB, NOT_ORGANISATIONS, docs=True)
    assert not problems, problems


def _wording_cases() -> list[object]:
    """Domain and web texts one by one; route texts per service."""
    cases: list[object] = [pytest.param([t], id=t.where) for t in [*domain_texts(), *web_texts()]]
    for service_id, texts in ROUTE_TEXTS.items():
        cases.append(pytest.param(texts, id=f"route_texts.yml {service_id}"))
    return cases


@pytest.mark.parametrize("texts", _wording_cases())
def test_no_misspelling_blame_or_false_promise(texts: list[Text]) -> None:
    problems = [(t.where, p) for t in texts for p in spelling_problems(t.text) + wording_problems(t.text)]
    assert not problems, problems


# ---------------------------------------------------------------- the checkers can fail


def test_an_invented_address_is_caught() -> None:
    assert unknown_urls("Chat op https://www.veiligthuis.nl/ of 113.nl", KB) == []
    assert unknown_urls("Kijk op kindertelefoon.nl.", KB) == []
    assert unknown_urls("Kijk op https://hulplijn-thuis.nl", KB)
    # A deeper page on a known host is a fact of its own.
    assert unknown_urls("Chat via https://veiligthuis.nl/chat", KB)
    # The knowledge base holds no e-mail addresses (services.md: *verify*).
    assert unknown_urls("Mail naar mensenhandel.flevoland@blijfgroep.nl", KB)
    assert urls_in("zie socket.io en services.md") == []


def test_technical_hosts_cover_their_subdomains_only() -> None:
    assert unknown_urls("https://rasa.example.org en http://127.0.0.1:5005", KB, TECHNICAL_HOSTS) == []
    assert unknown_urls("https://example.org.evil.nl", KB, TECHNICAL_HOSTS)
    assert url_key("HTTPS://WWW.Veiligthuis.nl/") == url_key("veiligthuis.nl")


def test_an_invented_number_is_caught() -> None:
    assert unknown_phones("Bel 0800-2000 of 113, of (033) 448 11 86.", KB) == []
    assert unknown_phones("Bel 0800-1234", KB)
    assert unknown_phones("Bel de gemeente: 14 0999", KB)  # no gemeente has this number
    assert unknown_phones("Bel (0320) 12 34 56", KB)


@pytest.mark.parametrize("text, subject", [
    ("Bellen of chatten met Veilig Thuis kan altijd:", None),  # the old Masker 19 text
    ("De chat van Veilig Thuis is dag en nacht open.", None),
    ("Bel De Kindertelefoon: 0800-0432. Dat kan dag en nacht.", None),  # hours *verify*
    ("Praat met De Kindertelefoon. Dat kan elke dag van 11.00 tot 21.00 uur.", None),
    ("Chat met Veilig Thuis op werkdagen van 9.00 tot 18.00 uur.", None),
    ("Bel Veilig Thuis: 0800-2000. Dat kan op werkdagen.", None),
    ("Bel Slachtofferhulp: 0900-0101, dag en nacht.", None),
    ("Bel CoMensha om 09:00.", None),  # office hours, no clock times in the source
    ("Je kunt dag en nacht bellen.", None),  # of no service at all
    ("Bel nu 112. Dat is gratis.", None),  # services.md does not say 112 is free
    ("Dat kan dag en nacht.", "fier"),
])
def test_invented_hours_are_caught(text: str, subject: str | None) -> None:
    assert hour_problems(text, KB, _entry(subject) if subject else None)


@pytest.mark.parametrize("text, subject", [
    ("Bel Veilig Thuis: 0800-2000. Gratis, dag en nacht.", None),
    ("De chat van Veilig Thuis is open op werkdagen van 9.00 tot 17.00 uur.", None),
    ("Bel {phone} of chat op de website. Dat kan dag en nacht.".format(phone="113"), "113"),
    ("CoMensha helpt. Bel (033) 448 11 86. Dat kan op werkdagen, overdag.", None),
    ("Bel bij direct gevaar altijd 112.", None),
    ("Het codewoord wordt altijd herkend.", None),  # 'altijd' without calling: no hours
])
def test_the_hours_the_sources_give_pass(text: str, subject: str | None) -> None:
    assert hour_problems(text, KB, _entry(subject) if subject else None) == []


def test_an_invented_name_is_caught() -> None:
    assert name_problems("Bel Veilig Thuis of het Centrum Seksueel Geweld.", KB) == []
    assert name_problems("Praat met De Kindertelefoon of met Slachtofferhulp.", KB) == []
    assert name_problems("Veilig Thuis Flevoland helpt in gemeente Almere.", KB) == []
    assert name_problems("Bel de Hulplijn Thuis.", KB)
    assert name_problems("Chat met Hulpie.", KB)
    assert name_problems("Kindertelefoon Plus helpt je.", KB)
    assert name_problems("Zoek hulp bij de Veilige Haven Groep.", KB, docs=True)  # invented
    assert name_problems("Rasa's DIETClassifier reads it.", KB, docs=True) == []


def test_wording_checks_catch_the_audits_findings() -> None:
    assert spelling_problems("Zij helpen dichtbij huis.")
    assert not spelling_problems("Zij helpen dicht bij huis.")
    assert wording_problems("Dit klinkt als uitbuiting. Dat is strafbaar.")
    assert wording_problems("Bel 112. Ze komen je helpen.")
    assert wording_problems("Niemand hoeft te weten dat je belt.")
