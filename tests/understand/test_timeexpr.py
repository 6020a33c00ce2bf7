"""Time expressions against a fixed today (Wednesday 2025-12-31): exact [start, end) dates and labels.

Rolling windows ("last 3 months") end today and start the same day N units earlier; named periods ("last month",
"2023") are whole calendar periods. Ends are exclusive, so a window that includes today ends tomorrow.
"""
from __future__ import annotations

from datetime import date

import pytest

from conversql.understand.spans import Span
from conversql.understand.timeexpr import find_grains, find_time
from conversql.understand.tokens import tokenize

TODAY = date(2025, 12, 31)
TOMORROW = date(2026, 1, 1)


def spans(question: str, today: date = TODAY):
    return find_time(tokenize(question), today)


def time_of(question: str, today: date = TODAY) -> tuple[date | None, date | None, str]:
    [span] = [s for s in spans(question, today) if s.kind == "time"]
    return span.payload.start, span.payload.end, span.payload.label


def grain_of(question: str) -> str | None:
    [span] = [s for s in spans(question) if s.kind == "grain"]
    return span.payload


# --- rolling windows -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, start, label", [
    ("sales in the last 3 months", date(2025, 9, 30), "last 3 months"),
    ("last 7 days", date(2025, 12, 24), "last 7 days"),
    ("past two weeks", date(2025, 12, 17), "last 2 weeks"),
    ("over the last 12 months", date(2024, 12, 31), "last 12 months"),
    ("last 2 years", date(2023, 12, 31), "last 2 years"),
    ("last 1 month", date(2025, 11, 30), "last 1 month"),
    ("in the trailing 2 quarters", date(2025, 6, 30), "last 2 quarters"),
])
def test_rolling_window_ends_today(question, start, label):
    assert time_of(question) == (start, TOMORROW, label)


def test_rolling_window_clamps_the_day_of_month():
    assert time_of("last 3 months", date(2025, 5, 31))[0] == date(2025, 2, 28)


def test_rolling_window_is_marked_rolling():
    [span] = spans("last 3 months")
    assert span.meta == {"rolling": True, "n": 3, "unit": "month"}


def test_past_unit_is_one_rolling_unit():
    assert time_of("revenue over the past month") == (date(2025, 11, 30), TOMORROW, "past month")


def test_next_n_units_start_tomorrow():
    assert time_of("next 2 weeks") == (TOMORROW, date(2026, 1, 15), "next 2 weeks")


# --- calendar periods -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, start, end, label", [
    ("last month", date(2025, 11, 1), date(2025, 12, 1), "last month"),
    ("last quarter", date(2025, 7, 1), date(2025, 10, 1), "last quarter"),
    ("during the previous quarter", date(2025, 7, 1), date(2025, 10, 1), "last quarter"),
    ("last year", date(2024, 1, 1), date(2025, 1, 1), "last year"),
    ("last week", date(2025, 12, 22), date(2025, 12, 29), "last week"),
    ("this year", date(2025, 1, 1), date(2026, 1, 1), "this year"),
    ("this month", date(2025, 12, 1), date(2026, 1, 1), "this month"),
    ("current quarter", date(2025, 10, 1), date(2026, 1, 1), "current quarter"),
    ("this week", date(2025, 12, 29), date(2026, 1, 5), "this week"),
    ("next month", date(2026, 1, 1), date(2026, 2, 1), "next month"),
])
def test_named_calendar_period(question, start, end, label):
    assert time_of(question) == (start, end, label)


def test_last_month_in_january_is_last_december():
    assert time_of("last month", date(2025, 1, 15))[:2] == (date(2024, 12, 1), date(2025, 1, 1))


def test_calendar_period_is_marked_with_its_unit():
    [span] = spans("last quarter")
    assert span.meta == {"calendar": "quarter"}


@pytest.mark.parametrize("question, start, label", [
    ("year to date", date(2025, 1, 1), "year to date"),
    ("YTD revenue", date(2025, 1, 1), "year to date"),
    ("year-to-date", date(2025, 1, 1), "year to date"),
    ("mtd", date(2025, 12, 1), "month to date"),
    ("quarter to date", date(2025, 10, 1), "quarter to date"),
])
def test_to_date_runs_from_the_period_start_to_today(question, start, label):
    assert time_of(question) == (start, TOMORROW, label)


# --- quarters, halves, months, years, days -------------------------------------------------------------------

@pytest.mark.parametrize("question, start, end, label", [
    ("Q3 2023", date(2023, 7, 1), date(2023, 10, 1), "Q3 2023"),
    ("Q1 of 2024", date(2024, 1, 1), date(2024, 4, 1), "Q1 2024"),
    ("sales for Q3", date(2025, 7, 1), date(2025, 10, 1), "Q3 2025"),
    ("third quarter of 2024", date(2024, 7, 1), date(2024, 10, 1), "Q3 2024"),
    ("first quarter", date(2025, 1, 1), date(2025, 4, 1), "Q1 2025"),
    ("H1 2024", date(2024, 1, 1), date(2024, 7, 1), "H1 2024"),
    ("h2", date(2025, 7, 1), TOMORROW, "H2 2025"),
    ("in March 2024", date(2024, 3, 1), date(2024, 4, 1), "March 2024"),
    ("in jan", date(2025, 1, 1), date(2025, 2, 1), "January 2025"),
    ("in december", date(2025, 12, 1), TOMORROW, "December 2025"),
    ("in 2023", date(2023, 1, 1), date(2024, 1, 1), "2023"),
    ("today", TODAY, TOMORROW, "today"),
    ("yesterday", date(2025, 12, 30), TODAY, "yesterday"),
])
def test_named_period(question, start, end, label):
    assert time_of(question) == (start, end, label)


def test_a_quarter_without_year_that_has_not_come_yet_is_last_years():
    assert time_of("Q4", date(2025, 3, 15))[2] == "Q4 2024"


def test_a_second_half_without_year_in_spring_is_last_years():
    assert time_of("h2", date(2025, 3, 15))[2] == "H2 2024"


def test_a_month_without_year_that_has_not_come_yet_is_last_years():
    assert time_of("in march", date(2025, 2, 10))[:2] == (date(2024, 3, 1), date(2024, 4, 1))


def test_an_iso_date_is_that_day():
    assert time_of("orders on 2023-05-04") == (date(2023, 5, 4), date(2023, 5, 5), "2023-05-04")


# --- since, before, after, between ---------------------------------------------------------------------------

@pytest.mark.parametrize("question, start, end, label", [
    ("since March", date(2025, 3, 1), TOMORROW, "since March 2025"),
    ("since 2024", date(2024, 1, 1), TOMORROW, "since 2024"),
    ("starting Q2 2025", date(2025, 4, 1), TOMORROW, "since Q2 2025"),
    ("before 2023", None, date(2023, 1, 1), "before 2023"),
    ("before march 2024", None, date(2024, 3, 1), "before March 2024"),
    ("after 2023", date(2024, 1, 1), None, "after 2023"),
    ("after may 2024", date(2024, 6, 1), None, "after May 2024"),
    ("between 2021 and 2023", date(2021, 1, 1), date(2024, 1, 1), "2021 to 2023"),
    ("from 2021 to 2023", date(2021, 1, 1), date(2024, 1, 1), "2021 to 2023"),
    ("between March 2024 and May 2024", date(2024, 3, 1), date(2024, 6, 1), "March 2024 to May 2024"),
    ("from January to March", date(2025, 1, 1), date(2025, 4, 1), "January 2025 to March 2025"),
    ("from q1 2024 to q3 2024", date(2024, 1, 1), date(2024, 10, 1), "Q1 2024 to Q3 2024"),
])
def test_open_and_closed_ranges(question, start, end, label):
    assert time_of(question) == (start, end, label)


# --- comparisons of periods ------------------------------------------------------------------------------------

def test_two_years_compared_span_both():
    assert time_of("2024 vs 2025") == (date(2024, 1, 1), TOMORROW, "2024 vs 2025")


def test_two_years_compared_keep_each_period():
    [span] = spans("2024 vs 2025")
    assert span.meta["compare"] == [(date(2024, 1, 1), date(2025, 1, 1), "2024"),
                                    (date(2025, 1, 1), TOMORROW, "2025")]


@pytest.mark.parametrize("question", ["2023 and 2024", "2023 versus 2024", "2023 compared to 2024"])
def test_ways_to_compare_two_years(question):
    assert time_of(question)[2] == "2023 vs 2024"


# --- what is not a time ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["may I see the orders", "top 2000 tracks", "revenue over 2000",
                                      "more than $2000", "march forward"])
def test_not_a_time(question):
    assert [s for s in spans(question) if s.kind == "time"] == []


def test_the_unit_before_is_a_time_shift():
    [span] = spans("what about the quarter before")
    assert (span.kind, span.payload) == ("time_shift", "quarter")


# --- grains ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, grain", [
    ("revenue per month", "month"),
    ("revenue by quarter", "quarter"),
    ("orders each week", "week"),
    ("monthly revenue", "month"),
    ("weekly sales", "week"),
    ("annual revenue", "year"),
    ("revenue by weekday", "day_of_week"),
])
def test_grain(question, grain):
    assert grain_of(question) == grain


def test_over_time_asks_for_a_trend_without_a_grain():
    [span] = spans("revenue over time")
    assert (span.kind, span.payload, span.meta) == ("grain", None, {"trend": True})


def test_a_bare_unit_word_is_not_a_grain():
    assert spans("the best month") == []


def test_a_grain_next_to_a_period_is_both():
    assert [s.kind for s in spans("in 2024 by month")] == ["time", "grain"]


def test_find_grains_reads_free_tokens():
    assert [s.payload for s in find_grains(tokenize("revenue per month"), [])] == ["month"]


def test_find_grains_skips_tokens_already_taken():
    assert find_grains(tokenize("revenue per month"), [Span("time", 1, 3)]) == []


def test_day_of_week_grain():
    assert grain_of("revenue by day of week") == "day_of_week"
