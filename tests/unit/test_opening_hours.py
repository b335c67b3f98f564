"""Opening hours that are true on every day of the year, on the Amsterdam clock.

Why this file: the assistant once said the Veilig Thuis chat was open on Christmas Day.
The chat is staffed "op alle werkdagen van 9.00 tot 17.00 uur" (sources/000), so it is
closed in the evening, at night, at weekends and on Dutch public holidays. The expected
dates below were looked up in a calendar and written down by hand, so these tests fail
when the code or the ``holidays`` library gets a day wrong.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hulpwijzer.routing import Route, route
from hulpwijzer.services import DAYS, WORKDAYS, Hours, amsterdam_time, is_public_holiday, services

AMS = ZoneInfo("Europe/Amsterdam")
UTC = timezone.utc
CHAT = services()["veilig_thuis"].chat_hours
assert CHAT is not None

#: Dutch public holidays 2026-2030 as the ``holidays`` library (0.86, category "public")
#: counts them, looked up by hand. Easter Sundays: 5 Apr 2026, 28 Mar 2027, 16 Apr 2028,
#: 1 Apr 2029, 21 Apr 2030; Good Friday is 2 days before, Ascension 39 days after,
#: Whit Sunday 49 days after. Liberation Day (5 May) only in 2030 (every fifth year).
HOLIDAYS_2026_2030: dict[date, str] = {
    date(2026, 1, 1): "Nieuwjaarsdag", date(2026, 4, 3): "Goede Vrijdag",
    date(2026, 4, 5): "Eerste Paasdag", date(2026, 4, 6): "Tweede Paasdag",
    date(2026, 4, 27): "Koningsdag", date(2026, 5, 14): "Hemelvaartsdag",
    date(2026, 5, 24): "Eerste Pinksterdag", date(2026, 5, 25): "Tweede Pinksterdag",
    date(2026, 12, 25): "Eerste Kerstdag", date(2026, 12, 26): "Tweede Kerstdag",
    date(2027, 1, 1): "Nieuwjaarsdag", date(2027, 3, 26): "Goede Vrijdag",
    date(2027, 3, 28): "Eerste Paasdag", date(2027, 3, 29): "Tweede Paasdag",
    date(2027, 4, 27): "Koningsdag", date(2027, 5, 6): "Hemelvaartsdag",
    date(2027, 5, 16): "Eerste Pinksterdag", date(2027, 5, 17): "Tweede Pinksterdag",
    date(2027, 12, 25): "Eerste Kerstdag", date(2027, 12, 26): "Tweede Kerstdag",
    date(2028, 1, 1): "Nieuwjaarsdag", date(2028, 4, 14): "Goede Vrijdag",
    date(2028, 4, 16): "Eerste Paasdag", date(2028, 4, 17): "Tweede Paasdag",
    date(2028, 4, 27): "Koningsdag", date(2028, 5, 25): "Hemelvaartsdag",
    date(2028, 6, 4): "Eerste Pinksterdag", date(2028, 6, 5): "Tweede Pinksterdag",
    date(2028, 12, 25): "Eerste Kerstdag", date(2028, 12, 26): "Tweede Kerstdag",
    date(2029, 1, 1): "Nieuwjaarsdag", date(2029, 3, 30): "Goede Vrijdag",
    date(2029, 4, 1): "Eerste Paasdag", date(2029, 4, 2): "Tweede Paasdag",
    date(2029, 4, 27): "Koningsdag", date(2029, 5, 10): "Hemelvaartsdag",
    date(2029, 5, 20): "Eerste Pinksterdag", date(2029, 5, 21): "Tweede Pinksterdag",
    date(2029, 12, 25): "Eerste Kerstdag", date(2029, 12, 26): "Tweede Kerstdag",
    date(2030, 1, 1): "Nieuwjaarsdag", date(2030, 4, 19): "Goede Vrijdag",
    date(2030, 4, 21): "Eerste Paasdag", date(2030, 4, 22): "Tweede Paasdag",
    date(2030, 4, 27): "Koningsdag", date(2030, 5, 5): "Bevrijdingsdag",
    date(2030, 5, 30): "Hemelvaartsdag",
    date(2030, 6, 9): "Eerste Pinksterdag", date(2030, 6, 10): "Tweede Pinksterdag",
    date(2030, 12, 25): "Eerste Kerstdag", date(2030, 12, 26): "Tweede Kerstdag",
}


def ams(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=AMS, fold=fold)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize("when, expected", [
    # Christmas Day 2026 is a Friday; the day before and the Monday after are working days.
    (ams(2026, 12, 25, 10, 0), False),
    (ams(2026, 12, 24, 10, 0), True),
    (ams(2026, 12, 28, 10, 0), True),
    # Second Day of Christmas on a weekday: Wednesday 26 December 2029 (Tuesday in 2028).
    (ams(2029, 12, 26, 10, 0), False),
    (ams(2028, 12, 26, 14, 0), False),
    (ams(2029, 12, 27, 10, 0), True),
    # New Year's Day: Thursday 2026, Friday 2027; 2 January 2026 is a working day.
    (ams(2026, 1, 1, 10, 0), False),
    (ams(2027, 1, 1, 10, 0), False),
    (ams(2026, 1, 2, 10, 0), True),
    # Easter Monday 6 April 2026 (Easter Sunday 5 April); Tuesday after is a working day.
    (ams(2026, 4, 6, 10, 0), False),
    (ams(2026, 4, 7, 10, 0), True),
    # Good Friday 3 April 2026: in the library's public calendar, so no chat promised.
    (ams(2026, 4, 3, 10, 0), False),
    # King's Day: Monday 27 April 2026, Tuesday 27 April 2027.
    (ams(2026, 4, 27, 10, 0), False),
    (ams(2027, 4, 27, 12, 0), False),
    (ams(2026, 4, 28, 10, 0), True),
    # 2025: 27 April is a Sunday, King's Day is Saturday 26 April; Monday 28 is ordinary.
    (ams(2025, 4, 28, 10, 0), True),
    # Ascension Day Thursday 14 May 2026; the Friday after is a working day.
    (ams(2026, 5, 14, 10, 0), False),
    (ams(2026, 5, 15, 10, 0), True),
    # Whit Monday 25 May 2026.
    (ams(2026, 5, 25, 10, 0), False),
    (ams(2026, 5, 26, 10, 0), True),
    # Liberation Day: a public holiday in the library only every fifth year (2025, 2030).
    (ams(2025, 5, 5, 10, 0), False),
    (ams(2026, 5, 5, 10, 0), True),
    # Boundaries on an ordinary Tuesday (24 November 2026): close is excluded.
    (ams(2026, 11, 24, 8, 59), False),
    (ams(2026, 11, 24, 9, 0), True),
    (ams(2026, 11, 24, 16, 59), True),
    (datetime(2026, 11, 24, 16, 59, 59, 999999, tzinfo=AMS), True),
    (ams(2026, 11, 24, 17, 0), False),
    (ams(2026, 11, 24, 23, 0), False),
    (ams(2026, 11, 28, 10, 0), False),  # Saturday
    (ams(2026, 11, 29, 10, 0), False),  # Sunday
    # The same boundaries as naive datetimes: naive means Amsterdam local time.
    (datetime(2026, 11, 24, 8, 59), False),
    (datetime(2026, 11, 24, 9, 0), True),
    (datetime(2026, 11, 24, 16, 59), True),
    (datetime(2026, 11, 24, 17, 0), False),
    (datetime(2026, 12, 25, 10, 0), False),
    # 17:30 in Amsterdam is 16:30 UTC in winter and 15:30 UTC in summer: closed, though
    # the UTC clock alone would say open.
    (utc(2026, 11, 24, 16, 30), False),
    (utc(2026, 6, 16, 15, 30), False),
    (utc(2026, 11, 24, 15, 59), True),  # 16:59 CET
    (utc(2026, 6, 16, 14, 59), True),  # 16:59 CEST
    (utc(2026, 6, 16, 7, 30), True),  # 09:30 CEST, though 07:30 on the UTC clock
    (utc(2026, 11, 24, 7, 30), False),  # 08:30 CET
    # Other zones: Tokyo's Christmas morning is Amsterdam's Christmas Eve afternoon,
    # New York's Christmas Eve morning is Amsterdam's Christmas Eve afternoon.
    (datetime(2026, 12, 25, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo")), True),
    (datetime(2026, 12, 25, 17, 30, tzinfo=ZoneInfo("Asia/Tokyo")), False),
    (datetime(2026, 12, 24, 10, 0, tzinfo=ZoneInfo("America/New_York")), True),
    (datetime(2026, 12, 24, 11, 0, tzinfo=ZoneInfo("America/New_York")), False),
    (datetime(2026, 11, 24, 12, 0, tzinfo=timezone(timedelta(hours=-3))), True),  # 16:00 CET
    (datetime(2026, 11, 24, 13, 0, tzinfo=timezone(timedelta(hours=-3))), False),  # 17:00 CET
])
def test_veilig_thuis_chat(when: datetime, expected: bool) -> None:
    assert CHAT.is_open(when) is expected


#: Daylight saving time 2026: clocks go forward on Sunday 29 March at 01:00 UTC
#: (02:00 CET -> 03:00 CEST) and back on Sunday 25 October at 01:00 UTC
#: (03:00 CEST -> 02:00 CET). Both nights are Sunday nights: always closed.
@pytest.mark.parametrize("when, expected", [
    # Spring: 02:30 does not exist in Amsterdam that night.
    (datetime(2026, 3, 29, 2, 30), False),
    (ams(2026, 3, 29, 2, 30), False),
    (ams(2026, 3, 29, 2, 30, fold=1), False),
    (utc(2026, 3, 29, 0, 30), False),  # 01:30 CET
    (utc(2026, 3, 29, 1, 0), False),  # 03:00 CEST
    (utc(2026, 3, 29, 7, 30), False),  # 09:30 CEST, still Sunday
    # Autumn: 02:30 happens twice.
    (datetime(2026, 10, 25, 2, 30), False),
    (ams(2026, 10, 25, 2, 30), False),
    (ams(2026, 10, 25, 2, 30, fold=1), False),
    (utc(2026, 10, 25, 0, 30), False),  # 02:30 CEST, the first time
    (utc(2026, 10, 25, 1, 30), False),  # 02:30 CET, the second time
    (utc(2026, 10, 25, 8, 30), False),  # 09:30 CET, still Sunday
    # The working days around both switches: opening and closing move on the UTC clock.
    (utc(2026, 3, 27, 7, 59), False),  # Friday 08:59 CET
    (utc(2026, 3, 27, 8, 0), True),  # Friday 09:00 CET
    (utc(2026, 3, 30, 6, 59), False),  # Monday 08:59 CEST
    (utc(2026, 3, 30, 7, 0), True),  # Monday 09:00 CEST
    (utc(2026, 3, 30, 14, 59), True),  # Monday 16:59 CEST
    (utc(2026, 3, 30, 15, 0), False),  # Monday 17:00 CEST
    (utc(2026, 10, 23, 6, 59), False),  # Friday 08:59 CEST
    (utc(2026, 10, 23, 7, 0), True),  # Friday 09:00 CEST
    (utc(2026, 10, 26, 7, 59), False),  # Monday 08:59 CET
    (utc(2026, 10, 26, 8, 0), True),  # Monday 09:00 CET
    (utc(2026, 10, 26, 15, 59), True),  # Monday 16:59 CET
    (utc(2026, 10, 26, 16, 0), False),  # Monday 17:00 CET
])
def test_veilig_thuis_chat_around_dst(when: datetime, expected: bool) -> None:
    assert CHAT.is_open(when) is expected


def test_amsterdam_time_on_the_dst_nights() -> None:
    first, second = amsterdam_time(utc(2026, 10, 25, 0, 30)), amsterdam_time(utc(2026, 10, 25, 1, 30))
    assert (first.hour, first.minute) == (second.hour, second.minute) == (2, 30)
    assert first.utcoffset() == timedelta(hours=2) and second.utcoffset() == timedelta(hours=1)
    spring = amsterdam_time(utc(2026, 3, 29, 1, 0))
    assert (spring.hour, spring.utcoffset()) == (3, timedelta(hours=2))
    naive = amsterdam_time(datetime(2026, 3, 29, 2, 30))
    assert (naive.hour, naive.minute, naive.tzinfo) == (2, 30, AMS)


def test_library_calendar_2026_2030_is_the_one_looked_up() -> None:
    """The ``holidays`` version we pin counts exactly these days (an upgrade must recheck)."""
    library = holidays.country_holidays("NL", years=range(2026, 2031), categories=holidays.PUBLIC)
    assert set(library) == set(HOLIDAYS_2026_2030)
    assert all(is_public_holiday(day) for day in HOLIDAYS_2026_2030)


@pytest.mark.parametrize("year", [2025, 2031])
def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday(year: int) -> None:
    assert date(year, 4, 27).weekday() == 6  # Sunday
    assert is_public_holiday(date(year, 4, 26))
    assert not is_public_holiday(date(year, 4, 27))


def test_moved_kings_day_is_never_a_weekday() -> None:
    """26 April is a Saturday whenever the 27th is a Sunday, so the chat is closed then
    for two reasons; this is why the tests above assert holiday membership directly."""
    moved = [year for year in range(2014, 2101) if date(year, 4, 27).weekday() == 6]
    assert moved[:3] == [2014, 2025, 2031]
    for year in moved:
        assert date(year, 4, 26).weekday() == 5
        assert is_public_holiday(date(year, 4, 26)) and not is_public_holiday(date(year, 4, 27))


def test_liberation_day_only_every_fifth_year() -> None:
    assert [y for y in range(2024, 2036) if is_public_holiday(date(y, 5, 5))] == [2025, 2030, 2035]


def test_hours_text_on_the_card() -> None:
    assert CHAT.text() == "ma t/m vr 09:00-17:00, niet op feestdagen"
    assert services()["veilig_thuis"].phone_hours.text() == "dag en nacht"
    daily = Hours(days=DAYS, open=time(11), close=time(21))
    assert daily.text() == "elke dag 11:00-21:00"


def test_channels_not_on_working_day_hours_stay_open_on_holidays() -> None:
    christmas_noon = ams(2026, 12, 25, 12, 0)
    assert Hours(always=True).is_open(christmas_noon)
    assert services()["veilig_thuis"].phone_hours.is_open(christmas_noon)
    assert Hours(days=DAYS, open=time(11), close=time(21)).is_open(christmas_noon)
    assert not Hours(days=WORKDAYS, open=time(11), close=time(21)).is_open(christmas_noon)


def _veilig_thuis(when: datetime, role: str = "victim", age: str = "adult"
                  ) -> tuple[list[Route], Route]:
    routes = route("domestic_violence", "not_acute", age, None, role, when)
    return routes, next(r for r in routes if r.service == "veilig_thuis")


def test_open_chat_is_offered_with_the_modest_text() -> None:
    _, vt = _veilig_thuis(ams(2026, 12, 24, 10, 0))
    assert vt.chat_url
    assert vt.text.endswith("Op werkdagen kun je meestal ook chatten met Veilig Thuis, via de "
                            "website. Chatten is anoniem. Lukt chatten niet? Bellen kan altijd.")
    assert "nu open" not in vt.text


@pytest.mark.parametrize("day", sorted(HOLIDAYS_2026_2030), ids=lambda d: d.isoformat())
def test_no_chat_promised_on_any_holiday(day: date) -> None:
    """Every hour of every public holiday 2026-2030, through routing as the actions call it."""
    for hour in range(24):
        for minute in (0, 30, 59):
            when = datetime.combine(day, time(hour, minute), tzinfo=AMS)
            for role, age in (("victim", "adult"), ("bystander", "adult"),
                              ("professional", "adult"), ("victim", "child")):
                routes, vt = _veilig_thuis(when, role, age)
                assert vt.chat_url is None, (when, role, age)
                assert "chat" not in vt.text.lower(), (when, role, age)
                for r in routes:
                    assert "open" not in r.text.lower(), (when, r.service)


def _expected_open(when: datetime) -> bool:
    """The rule written out on its own: Mon-Fri, not an NL holiday, 09:00 <= t < 17:00."""
    local = when.astimezone(AMS)
    nl = holidays.country_holidays("NL")
    return local.weekday() < 5 and local.date() not in nl and time(9) <= local.time() < time(17)


@settings(deadline=None, max_examples=300)  # no timing in unit tests: CI may share the machine
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31),
                    timezones=st.timezones()))
def test_chat_open_iff_working_day_hours(when: datetime) -> None:
    expected = _expected_open(when)
    assert CHAT.is_open(when) is expected
    _, vt = _veilig_thuis(when)
    assert (vt.chat_url is not None) is expected
    assert ("chat" in vt.text) is expected


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31)))
def test_naive_datetime_is_amsterdam_local_time(when: datetime) -> None:
    assert CHAT.is_open(when) is CHAT.is_open(when.replace(tzinfo=AMS))
