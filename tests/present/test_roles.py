from datetime import date, datetime

from conversql.present.roles import ColumnRole, complete_roles, infer_roles


def role_of(name, column_type, values):
    (role,) = infer_roles([name], {name: column_type}, [[v] for v in values])
    return role


def test_daily_dates_are_time_at_day_grain():
    role = role_of("order_date", "date", [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 5)])
    assert (role.role, role.grain) == ("time", "day")


def test_first_of_month_dates_are_time_at_month_grain():
    assert role_of("month", "date", [date(2024, 1, 1), date(2024, 2, 1)]).grain == "month"


def test_quarter_start_dates_are_time_at_quarter_grain():
    assert role_of("quarter", "date", [date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1)]).grain == "quarter"


def test_new_year_dates_are_time_at_year_grain():
    assert role_of("year", "date", [date(2023, 1, 1), date(2024, 1, 1)]).grain == "year"


def test_dates_a_week_apart_are_time_at_week_grain():
    assert role_of("week", "date", [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 22)]).grain == "week"


def test_a_lone_date_is_time_without_a_grain():
    role = role_of("order_date", "date", [date(2024, 1, 1)])
    assert (role.role, role.grain) == ("time", None)


def test_timestamps_with_times_are_time_without_a_grain():
    role = role_of("created_at", "datetime", [datetime(2024, 1, 1, 10, 5), datetime(2024, 1, 1, 11, 0)])
    assert (role.role, role.grain) == ("time", None)


def test_midnight_timestamps_take_the_grain_of_their_dates():
    assert role_of("month", "datetime", [datetime(2024, 1, 1), datetime(2024, 2, 1)]).grain == "month"


def test_iso_date_text_is_time():
    assert role_of("day", "text", ["2024-01-01", "2024-01-02"]).grain == "day"


def test_year_month_text_is_time_at_month_grain():
    role = role_of("month", "text", ["2024-01", "2024-02", None])
    assert (role.role, role.grain) == ("time", "month")


def test_year_text_is_time_at_year_grain():
    assert role_of("yr", "text", ["2023", "2024"]).grain == "year"


def test_year_quarter_text_is_time_at_quarter_grain():
    assert role_of("q", "text", ["2024-Q1", "2024-Q2"]).grain == "quarter"


def test_text_with_one_non_period_value_is_a_category():
    assert role_of("label", "text", ["2024-01", "other"]).role == "category"


def test_other_text_is_a_category():
    assert role_of("country", "text", ["France", "Germany"]).role == "category"


def test_booleans_are_categories():
    assert role_of("is_active", "boolean", [True, False]).role == "category"


def test_numbers_are_measures():
    assert role_of("total", "numeric", [1.5, 2]).role == "measure"


def test_numeric_columns_named_like_ids_are_ids():
    assert role_of("customer_id", "numeric", [1, 2, 3]).role == "id"
    assert role_of("id", "numeric", [1]).role == "id"
    assert role_of("customerId", "numeric", [1]).role == "id"


def test_words_ending_in_id_are_not_ids():
    assert role_of("paid", "numeric", [10.0]).role == "measure"


def test_whole_numbers_in_a_year_column_are_time_at_year_grain():
    role = role_of("order_year", "numeric", [2022, 2023, 2024])
    assert (role.role, role.grain) == ("time", "year")


def test_a_year_column_with_amounts_is_a_measure():
    assert role_of("years_revenue", "numeric", [125000.5]).role == "measure"


def test_month_numbers_are_categories():
    assert role_of("month", "numeric", [1, 2, 12]).role == "category"


def test_money_columns_have_the_currency_unit():
    assert role_of("total_sales", "numeric", [1.0]).unit == "currency"


def test_count_columns_have_the_count_unit():
    assert role_of("order_count", "numeric", [3]).unit == "count"
    assert role_of("num_sales", "numeric", [3]).unit == "count"


def test_sums_and_counts_are_additive():
    assert role_of("revenue", "numeric", [1]).is_additive()
    assert role_of("total_price", "numeric", [1]).is_additive()


def test_averages_ratios_and_prices_are_not_additive():
    assert not role_of("avg_revenue", "numeric", [1]).is_additive()
    assert not role_of("conversion_rate", "numeric", [1]).is_additive()
    assert not role_of("unit_price", "numeric", [1]).is_additive()


def test_the_caller_can_say_whether_a_measure_adds_up():
    assert not ColumnRole(name="revenue", role="measure", additive=False).is_additive()


def test_only_measures_are_additive():
    assert not ColumnRole(name="country", role="category").is_additive()


def test_missing_values_do_not_change_the_role():
    assert role_of("revenue", "numeric", [None, 3, None]).role == "measure"


def test_given_roles_are_kept_and_missing_ones_inferred():
    given = [ColumnRole(name="code", role="category")]
    roles = complete_roles(["code", "amount"], {"code": "numeric", "amount": "numeric"}, [[7, 1.0]], given)
    assert [(r.name, r.role) for r in roles] == [("code", "category"), ("amount", "measure")]


def test_a_change_a_growth_and_a_share_are_percentages():
    assert all(ColumnRole(name=n, role="measure").is_percent()
               for n in ("total_revenue_change_pct", "total_revenue_growth_pct", "pct_of_total_revenue"))


def test_a_measure_named_after_money_is_not_a_percentage():
    assert not ColumnRole(name="total_revenue", role="measure").is_percent()


def test_a_percentage_of_money_is_not_money():
    assert role_of("total_revenue_growth_pct", "numeric", [None, 12.5, 37.44]).unit is None
