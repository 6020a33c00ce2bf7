"""One measure in several periods side by side: the periods compared with each other, never read as a series."""
from datetime import date

from conversql.present.insights import compute_insights
from conversql.present.periods import Coverage
from conversql.present.roles import ColumnRole

from .side_by_side import MONTHS, QUARTERS

# "This year vs last year" asked on Dec 4, 2026: December of this year is still running.
IN_DECEMBER = Coverage(start=date(2025, 1, 1), end=date(2027, 1, 1), today=date(2026, 12, 4))
IN_JUNE = Coverage(start=date(2025, 1, 1), end=date(2027, 1, 1), today=date(2026, 6, 10))


def insights(result, coverage=None):
    columns, types, rows, roles = result
    return compute_insights(columns, types, rows, roles, currency="USD", coverage=coverage)


def test_the_later_periods_total_is_compared_with_the_earlier():
    # 2,500 against 2,300
    assert insights(QUARTERS)[0] == "2025's total is 8.7% above 2024's ($2,500.00 against $2,300.00)."


def test_a_period_named_by_words_reads_as_a_possessive():
    # 1,386 against 1,440
    assert insights(MONTHS)[0] == \
        "This year's total revenue is 3.8% below last year's ($1,386.00 against $1,440.00)."


def test_in_how_many_rows_the_later_period_is_ahead():
    assert insights(QUARTERS)[1] == "2025's total is above 2024's in 2 of 4 quarters."


def test_the_largest_increase_names_its_quarter():
    assert insights(QUARTERS)[2] == "The largest increase was in Q2: up 40%, from $500.00 to $700.00."


def test_the_largest_decrease_names_its_quarter():
    assert insights(QUARTERS)[3] == "The largest decrease was in Q4: down 12.5%, from $800.00 to $700.00."


def test_a_month_of_the_year_is_named_as_a_month_not_a_number():
    assert "The largest increase was in Aug: up 50%, from $80.00 to $120.00." in insights(MONTHS)


def test_the_month_in_progress_is_stated_apart():
    assert insights(MONTHS, IN_DECEMBER)[-1] == \
        "Dec this year is still in progress (total revenue $30.00 so far), so the comparisons leave it out."


def test_the_totals_stop_before_the_month_in_progress():
    # Jan..Nov: 1,356 against 1,240
    assert insights(MONTHS, IN_DECEMBER)[0] == \
        "Through Nov, this year's total revenue is 9.4% above last year's ($1,356.00 against $1,240.00)."


def test_the_month_in_progress_is_not_the_largest_decrease():
    # December's 200 -> 30 is a month not over; March's 110 -> 99 is the real fall
    assert "The largest decrease was in Mar: down 10%, from $110.00 to $99.00." in insights(MONTHS, IN_DECEMBER)


def test_months_yet_to_come_are_left_out():
    found = insights(MONTHS, IN_JUNE)
    assert found[-1] == "Jul to Dec this year are yet to come."
    assert found[0].startswith("Through May, this year's total revenue")


def test_a_year_that_is_over_is_compared_in_full():
    past = Coverage(start=date(2023, 1, 1), end=date(2025, 1, 1), today=date(2026, 12, 4))
    assert insights(MONTHS, past)[0] == \
        "This year's total revenue is 3.8% below last year's ($1,386.00 against $1,440.00)."


def test_averages_side_by_side_are_not_totalled():
    columns, types, rows, _ = QUARTERS
    roles = [ColumnRole(name="quarter", role="category")] + [
        ColumnRole(name=c, role="measure", additive=False) for c in ("total_2024", "total_2025")]
    assert insights((columns, types, rows, roles))[0] == "2025's total is above 2024's in 2 of 4 quarters."


def test_periods_side_by_side_are_not_said_to_correlate():
    assert not any("correlated" in i or "relationship" in i for i in insights(MONTHS))

