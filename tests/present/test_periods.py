from datetime import date, datetime

from conversql.present.periods import (Coverage, as_datetime, cycle_label, cycle_position, dates_in_words,
                                       period_bounds, period_key, period_label, text_period_grain)


def test_text_periods_are_recognised_by_grain():
    assert text_period_grain("2024") == "year"
    assert text_period_grain("2024-Q3") == "quarter"
    assert text_period_grain("2024 Q3") == "quarter"
    assert text_period_grain("2024-07") == "month"
    assert text_period_grain("2024-W05") == "week"
    assert text_period_grain("2024-07-15") == "day"


def test_other_text_is_not_a_period():
    assert text_period_grain("France") is None
    assert text_period_grain("2024-13") is None


def test_iso_text_parses_as_a_date():
    assert as_datetime("2024-01-08") == date(2024, 1, 8)
    assert as_datetime("2024-01-08T10:30:00") == datetime(2024, 1, 8, 10, 30)


def test_non_dates_do_not_parse():
    assert as_datetime("soon") is None
    assert as_datetime(42) is None


def test_periods_sort_chronologically_whatever_their_form():
    assert sorted([date(2024, 3, 1), date(2023, 12, 1)], key=period_key) == [date(2023, 12, 1), date(2024, 3, 1)]
    assert sorted(["2024-Q2", "2023-Q4"], key=period_key) == ["2023-Q4", "2024-Q2"]
    assert sorted([2024, 999], key=period_key) == [999, 2024]


def test_month_label():
    assert period_label(date(2024, 1, 1), "month") == "Jan 2024"


def test_quarter_label():
    assert period_label(date(2024, 7, 1), "quarter") == "Q3 2024"


def test_year_label():
    assert period_label(date(2024, 1, 1), "year") == "2024"


def test_week_label_in_a_sentence_and_on_an_axis():
    assert period_label(date(2024, 1, 8), "week") == "the week of Jan 8, 2024"
    assert period_label(date(2024, 1, 8), "week", in_sentence=False) == "2024-01-08"


def test_a_day_reads_as_words_in_a_sentence_and_iso_on_an_axis():
    assert period_label(date(2024, 1, 8), "day") == "Jan 8, 2024"
    assert period_label(date(2024, 1, 8), "day", in_sentence=False) == "2024-01-08"


def test_timestamp_label_shows_the_minute():
    assert period_label(datetime(2024, 1, 8, 14, 30), None) == "Jan 8, 2024, 2:30 PM"
    assert period_label(datetime(2024, 1, 8, 14, 30), None, in_sentence=False) == "2024-01-08 14:30"


def test_text_periods_are_named_like_date_periods():
    assert period_label("2024-Q3", "quarter") == "Q3 2024"
    assert period_label("2024-07", "month") == "Jul 2024"


def test_numeric_years_are_labelled_without_decimals():
    assert period_label(2024.0, "year") == "2024"


def test_week_text_is_not_read_as_a_date():
    assert as_datetime("2024-W05") is None
    assert as_datetime("20240108") is None


def test_iso_dates_in_text_are_written_in_words():
    assert dates_in_words("order date from 2026-09-04 to 2026-12-04 (last 3 months)") == \
        "order date from Sep 4, 2026 to Dec 4, 2026 (last 3 months)"


def test_a_month_as_text_holds_the_days_of_that_month():
    assert period_bounds("2026-12", "month") == (date(2026, 12, 1), date(2027, 1, 1))


def test_a_week_as_the_engine_writes_it_starts_on_a_monday():
    # %W: week 1 of 2026 begins on Monday Jan 5, so week 39 is Sep 28 - Oct 4.
    assert period_bounds("2026-39", "week") == (date(2026, 9, 28), date(2026, 10, 5))


def test_a_quarter_as_text_holds_its_three_months():
    assert period_bounds("2024-Q3", "quarter") == (date(2024, 7, 1), date(2024, 10, 1))


def test_the_period_holding_today_is_in_progress():
    assert Coverage(today=date(2026, 12, 4)).shortfall(date(2026, 12, 1), "month") == "in progress"


def test_today_itself_is_in_progress_on_a_day_grain():
    assert Coverage(today=date(2026, 12, 4)).shortfall("2026-12-04", "day") == "in progress"


def test_a_period_over_before_today_is_complete():
    assert Coverage(today=date(2026, 12, 4)).shortfall("2026-11", "month") is None


def test_a_period_the_time_filter_starts_inside_starts_early():
    assert Coverage(start=date(2026, 9, 4), today=date(2026, 12, 4)).shortfall("2026-09", "month") == "starts early"


def test_a_period_the_time_filter_ends_inside_ends_late():
    assert Coverage(end=date(2024, 3, 16), today=date(2026, 12, 4)).shortfall("2024-03", "month") == "ends late"


def test_without_a_grain_no_period_is_called_partial():
    assert Coverage(today=date(2026, 12, 4)).shortfall(datetime(2026, 12, 4, 10, 0), None) is None


def test_a_month_of_any_year_is_a_position_in_the_year():
    assert cycle_position("month", "08") == ("month", 8)


def test_a_quarter_of_any_year_is_a_position_in_the_year():
    assert cycle_position("quarter", "Q3") == ("quarter", 3)


def test_a_bare_number_in_a_month_column_may_count_months():
    assert cycle_position("month", 8) is None


def test_a_month_of_a_given_year_is_not_a_position_in_any_year():
    assert cycle_position("month", "2024-08") is None


def test_positions_in_the_year_are_named_as_readers_name_them():
    assert (cycle_label(("month", 1)), cycle_label(("quarter", 4))) == ("Jan", "Q4")


def test_the_current_month_of_the_latest_year_is_in_progress():
    coverage = Coverage(end=date(2027, 1, 1), today=date(2026, 12, 4))
    assert coverage.shortfall_in_year(("month", 12)) == "in progress"


def test_the_months_after_today_are_yet_to_come():
    coverage = Coverage(end=date(2027, 1, 1), today=date(2026, 6, 10))
    assert coverage.shortfall_in_year(("quarter", 3)) == "to come"


def test_a_year_that_is_over_has_every_month_complete():
    coverage = Coverage(end=date(2026, 1, 1), today=date(2026, 6, 10))
    assert coverage.shortfall_in_year(("month", 12)) is None
