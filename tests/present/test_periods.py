from datetime import date, datetime

from conversql.present.periods import as_datetime, period_key, period_label, text_period_grain


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
    assert period_label(date(2024, 1, 8), "week") == "the week of 2024-01-08"
    assert period_label(date(2024, 1, 8), "week", in_sentence=False) == "2024-01-08"


def test_day_label_is_iso():
    assert period_label(date(2024, 1, 8), "day") == "2024-01-08"


def test_timestamp_label_shows_the_minute():
    assert period_label(datetime(2024, 1, 8, 10, 30), None) == "2024-01-08 10:30"


def test_text_periods_are_labelled_as_written():
    assert period_label("2024-Q3", "quarter") == "2024-Q3"


def test_numeric_years_are_labelled_without_decimals():
    assert period_label(2024.0, "year") == "2024"


def test_week_text_is_not_read_as_a_date():
    assert as_datetime("2024-W05") is None
    assert as_datetime("20240108") is None
