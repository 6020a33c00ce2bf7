from datetime import date, timedelta

from conversql.present.insights import compute_insights
from conversql.present.periods import Coverage
from conversql.present.roles import ColumnRole

MONTH_TEXT = {"month": "text", "revenue": "numeric"}
MONTHS = [["2024-01", 1000.0], ["2024-02", 1500.0], ["2024-03", 900.0], ["2024-04", 1200.0]]
CUSTOMERS = (["customer_name", "revenue"], {"customer_name": "text", "revenue": "numeric"},
             [["Acme", 500.0], ["Beta", 300.0], ["Corp", 100.0], ["Delta", 50.0], ["Echo", 40.0], ["Fox", 10.0]])


def insights(columns, types, rows, roles=None):
    return compute_insights(columns, types, rows, roles)


def monthly(rows):
    return insights(["month", "revenue"], MONTH_TEXT, rows)


# Time series: 1,000 -> 1,500 -> 900 -> 1,200.

def test_the_overall_trend_compares_first_and_last_period():
    assert monthly(MONTHS)[0] == "Revenue rose 20% from 1,000 in Jan 2024 to 1,200 in Apr 2024."


def test_the_peak_and_the_lowest_period():
    assert monthly(MONTHS)[1] == "Revenue peaked at 1,500 in Feb 2024; the lowest was 900 in Mar 2024."


def test_the_latest_period_against_the_one_before():
    # 1,200 / 900 - 1 = 33.33...%
    assert monthly(MONTHS)[2] == "In Apr 2024, revenue stood at 1,200, up 33.3% from 900 in Mar 2024."


def test_a_time_series_gives_exactly_trend_peak_and_latest():
    assert len(monthly(MONTHS)) == 3


def test_rows_in_reverse_order_give_the_same_facts():
    assert monthly(list(reversed(MONTHS))) == monthly(MONTHS)


def test_a_fall_is_a_fall():
    assert monthly([["2024-01", 2000.0], ["2024-02", 1500.0]]) == [
        "Revenue fell 25% from 2,000 in Jan 2024 to 1,500 in Feb 2024."]


def test_two_periods_give_only_the_trend():
    assert len(monthly([["2024-01", 2000.0], ["2024-02", 1500.0]])) == 1


def test_a_latest_fall_is_down():
    rows = [["2024-01", 100.0], ["2024-02", 200.0], ["2024-03", 150.0]]
    assert monthly(rows)[2] == "In Mar 2024, revenue stood at 150, down 25% from 200 in Feb 2024."


def test_an_unchanged_series_says_so():
    assert monthly([["2024-01", 5.0], ["2024-02", 5.0]]) == ["Revenue stood at 5 both in Jan 2024 and in Feb 2024."]


def test_a_flat_series_has_no_peak():
    rows = [["2024-01", 5.0], ["2024-02", 5.0], ["2024-03", 5.0]]
    assert not any("peaked" in i for i in monthly(rows))


def test_no_percentage_from_a_negative_start():
    rows = [["2024-01", -500.0], ["2024-02", 300.0]]
    assert insights(["month", "profit"], {"month": "text", "profit": "numeric"}, rows) == [
        "Profit went from -500 in Jan 2024 to 300 in Feb 2024."]


def test_no_percentage_from_zero():
    assert monthly([["2024-01", 0.0], ["2024-02", 300.0]]) == ["Revenue went from 0 in Jan 2024 to 300 in Feb 2024."]


def test_dates_on_a_month_grain_are_named_as_months():
    rows = [[date(2024, 1, 1), 100.0], [date(2024, 3, 1), 150.0]]
    assert insights(["month", "revenue"], {"month": "date", "revenue": "numeric"}, rows) == [
        "Revenue rose 50% from 100 in Jan 2024 to 150 in Mar 2024."]


def test_days_are_on_not_in():
    rows = [[date(2024, 1, 1), 100.0], [date(2024, 1, 2), 110.0]]
    assert insights(["day", "total_sales"], {"day": "date", "total_sales": "numeric"}, rows) == [
        "Total sales rose 10% from 100 on Jan 1, 2024 to 110 on Jan 2, 2024."]


def test_one_period_has_no_trend():
    assert monthly([["2024-01", 1000.0]]) == []


def test_series_are_added_up_per_period_with_the_leading_series():
    # Jan: 100 + 100 = 200, Feb: 200 + 100 = 300; North 300 of 500 = 60%.
    rows = [[date(2024, 1, 1), "North", 100.0], [date(2024, 1, 1), "South", 100.0],
            [date(2024, 2, 1), "North", 200.0], [date(2024, 2, 1), "South", 100.0]]
    assert insights(["month", "region", "revenue"], {"month": "date", "region": "text", "revenue": "numeric"},
                    rows) == ["Revenue across all regions rose 50% from 200 in Jan 2024 to 300 in Feb 2024.",
                              "North has the highest revenue: 300 (60% of the total)."]


def test_series_of_averages_are_not_added_up():
    rows = [[date(2024, 1, 1), "North", 4.0], [date(2024, 1, 1), "South", 3.0],
            [date(2024, 2, 1), "North", 5.0], [date(2024, 2, 1), "South", 2.0]]
    assert insights(["month", "region", "avg_rating"], {"month": "date", "region": "text",
                                                        "avg_rating": "numeric"}, rows) == []


def test_three_hundred_days():
    # 1 on day one ... 300 on day 300: +29,900% overall; the last day is 300 / 299 - 1 = 0.33% up.
    rows = [[date(2024, 1, 1) + timedelta(days=i), float(i + 1)] for i in range(300)]
    assert insights(["day", "orders"], {"day": "date", "orders": "numeric"}, rows) == [
        "Orders rose 29,900% from 1 on Jan 1, 2024 to 300 on Oct 26, 2024.",
        "Orders peaked at 300 on Oct 26, 2024; the lowest was 1 on Jan 1, 2024.",
        "On Oct 26, 2024, orders stood at 300, up 0.3% from 299 on Oct 25, 2024."]


# Categories: 500, 300, 100, 50, 40, 10 = 1,000.

def test_the_leader_and_its_share():
    assert insights(*CUSTOMERS)[0] == "Acme has the highest revenue: 500 (50% of the total)."


def test_the_smallest():
    assert insights(*CUSTOMERS)[1] == "Fox has the lowest revenue: 10."


def test_the_concentration_in_the_top_three():
    # (500 + 300 + 100) / 1,000 = 90%
    assert insights(*CUSTOMERS)[2] == "The top 3 of 6 customers account for 90% of total revenue."


def test_no_concentration_with_fewer_than_five_categories():
    columns, types, rows = CUSTOMERS
    assert not any("top 3" in i for i in insights(columns, types, rows[:4]))


def test_no_shares_with_negative_values():
    rows = [["North", 100.0], ["South", -50.0], ["East", 30.0], ["West", 20.0], ["Centre", 10.0]]
    assert insights(["region", "profit"], {"region": "text", "profit": "numeric"}, rows) == [
        "North has the highest profit: 100.", "South has the lowest profit: -50."]


def test_no_shares_of_a_measure_that_does_not_add_up():
    rows = [["A", 4.5], ["B", 3.0], ["C", 4.0]]
    assert insights(["product", "avg_rating"], {"product": "text", "avg_rating": "numeric"}, rows)[0] == \
        "A has the highest avg rating: 4.5."


def test_no_shares_when_the_engine_says_the_measure_does_not_add_up():
    roles = [ColumnRole(name="customer_name", role="category"),
             ColumnRole(name="revenue", role="measure", additive=False)]
    assert insights(*CUSTOMERS, roles)[0] == "Acme has the highest revenue: 500."


def test_a_tie_for_the_lead():
    # 5 of 12 = 41.67%
    rows = [["A", 5], ["B", 5], ["C", 2]]
    assert insights(["product", "order_count"], {"product": "text", "order_count": "numeric"}, rows)[0] == \
        "A and B tie for the highest order count: 5 (41.7% of the total each)."


def test_two_categories_have_only_a_leader():
    rows = [["A", 5.0], ["B", 3.0]]
    assert insights(["product", "revenue"], {"product": "text", "revenue": "numeric"}, rows) == [
        "A has the highest revenue: 5 (62.5% of the total)."]


def test_numeric_ids_are_named_with_their_column():
    rows = [[7, 30.0], [9, 10.0]]
    assert insights(["customer_id", "revenue"], {"customer_id": "numeric", "revenue": "numeric"}, rows) == [
        "Customer id 7 has the highest revenue: 30 (75% of the total)."]


def test_missing_values_are_left_out_and_counted():
    rows = [["A", 6.0], ["B", None], ["C", 2.0], ["D", 2.0]]
    assert insights(["product", "revenue"], {"product": "text", "revenue": "numeric"}, rows) == [
        "A has the highest revenue: 6 (60% of the total).",
        "C and D tie for the lowest revenue: 2.",
        "1 of 4 rows has no revenue value."]


def test_two_categories_rank_their_combinations():
    rows = [["FR", "web", 5.0], ["FR", "shop", 1.0], ["DE", "web", 3.0]]
    assert insights(["country", "channel", "revenue"], {"country": "text", "channel": "text",
                                                        "revenue": "numeric"}, rows)[0] == \
        "FR / web has the highest revenue: 5 (55.6% of the total)."


# Other shapes.

def test_two_measures_per_row_are_correlated():
    rows = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0], [5.0, 10.0]]
    assert insights(["price", "weight"], {"price": "numeric", "weight": "numeric"}, rows) == [
        "Price and weight are strongly positively correlated (r = 1.00) across 5 rows."]


def test_a_negative_correlation():
    rows = [[1.0, 5.0], [2.0, 4.0], [3.0, 3.5], [4.0, 1.0], [5.0, 1.5]]
    # by hand: deviations x (-2..2), y (2, 1, .5, -2, -1.5); sxy = -10, sxx = 10, syy = 11.5;
    # r = -10 / sqrt(115) = -0.9325
    assert insights(["price", "weight"], {"price": "numeric", "weight": "numeric"}, rows) == [
        "Price and weight are strongly negatively correlated (r = -0.93) across 5 rows."]


def test_no_correlation_from_four_points():
    rows = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0]]
    assert insights(["price", "weight"], {"price": "numeric", "weight": "numeric"}, rows) == []


def test_no_correlation_when_a_measure_never_varies():
    rows = [[1.0, 2.0], [2.0, 2.0], [3.0, 2.0], [4.0, 2.0], [5.0, 2.0]]
    assert insights(["price", "weight"], {"price": "numeric", "weight": "numeric"}, rows) == []


def test_a_single_number_needs_no_insight():
    assert insights(["total_sales"], {"total_sales": "numeric"}, [[1234.5]]) == []


def test_detail_rows_are_counted():
    rows = [["Ann", "ann@x.org"], ["Bob", "bob@x.org"], ["Cy", "cy@x.org"]]
    assert insights(["name", "email"], {"name": "text", "email": "text"}, rows) == ["The result has 3 rows."]


def test_a_single_detail_row_is_one_row():
    assert insights(["name"], {"name": "text"}, [["Ann"]]) == ["The result has 1 row."]


def test_an_empty_result_has_no_insights():
    assert insights(*CUSTOMERS[:2], []) == []


def test_a_measure_with_no_values_says_only_that():
    rows = [["A", None], ["B", None]]
    assert insights(["product", "revenue"], {"product": "text", "revenue": "numeric"}, rows) == [
        "2 of 2 rows have no revenue value."]


# Money, and periods the rows hold only in part.

MONTHLY_REVENUE = [ColumnRole(name="month", role="time", grain="month"),
                   ColumnRole(name="total_revenue", role="measure", unit="currency")]
THIS_YEAR = [["2026-09", 300.0], ["2026-10", 400.0], ["2026-11", 500.0], ["2026-12", 75.0]]


def this_year(coverage=None, rows=THIS_YEAR):
    return compute_insights(["month", "total_revenue"], MONTH_TEXT, rows, MONTHLY_REVENUE, currency="USD",
                            coverage=coverage)


def test_money_is_written_in_the_currency():
    assert this_year()[0] == "Total revenue fell 75% from $300.00 in Sep 2026 to $75.00 in Dec 2026."


def test_a_month_in_progress_is_not_compared_as_complete():
    # Sep 300 -> Nov 500 is +66.7%; December (75 by the 4th) is left out.
    found = this_year(Coverage(today=date(2026, 12, 4)))
    assert found[0] == "Total revenue rose 66.7% from $300.00 in Sep 2026 to $500.00 in Nov 2026."
    assert not any("fell" in i or "down" in i for i in found)


def test_a_month_in_progress_is_stated_as_partial():
    assert this_year(Coverage(today=date(2026, 12, 4)))[-1] == (
        "Dec 2026 is still in progress (total revenue $75.00 so far), so the comparisons stop at Nov 2026.")


def test_the_lowest_period_is_never_the_one_in_progress():
    assert "the lowest was $300.00 in Sep 2026" in this_year(Coverage(today=date(2026, 12, 4)))[1]


def test_a_first_period_the_time_filter_cuts_is_left_out_and_stated():
    # Sep holds Sep 4-30 only: Oct 400 -> Nov 500 is the whole comparison.
    found = this_year(Coverage(start=date(2026, 9, 4), end=date(2026, 12, 1), today=date(2026, 12, 4)),
                      THIS_YEAR[:3])
    assert found == ["Total revenue rose 25% from $400.00 in Oct 2026 to $500.00 in Nov 2026.",
                     "Sep 2026 is only partly in the range (from Sep 4, 2026: total revenue $300.00), "
                     "so the comparisons start at Oct 2026."]


def test_today_is_in_progress_in_a_daily_series():
    rows = [[date(2026, 12, 1) + timedelta(days=i), v] for i, v in enumerate([10.0, 20.0, 30.0, 2.0])]
    found = compute_insights(["day", "revenue"], {"day": "date", "revenue": "numeric"}, rows, None,
                             coverage=Coverage(today=date(2026, 12, 4)))
    assert found[0] == "Revenue rose 200% from 10 on Dec 1, 2026 to 30 on Dec 3, 2026."
    assert found[-1].startswith("Dec 4, 2026 is still in progress (revenue 2 so far)")


def test_a_completed_series_is_compared_to_its_end():
    assert this_year(Coverage(today=date(2027, 1, 10)))[0].endswith("to $75.00 in Dec 2026.")


def test_the_share_of_a_total_measure_says_total_once():
    rows = [[c, v] for c, v in zip("ABCDE", [50.0, 20.0, 10.0, 10.0, 10.0])]
    assert insights(["country", "total_revenue"], {"country": "text", "total_revenue": "numeric"}, rows)[-1] == \
        "The top 3 of 5 countries account for 80% of total revenue."


def test_numeric_ids_have_no_thousands_separator():
    rows = [[24949, 30.0], [24950, 10.0]]
    assert insights(["order_id", "freight"], {"order_id": "numeric", "freight": "numeric"}, rows)[0].startswith(
        "Order id 24949 has the highest freight")


def test_a_listing_of_records_has_no_trend_over_its_dates():
    roles = [ColumnRole(name="order_id", role="detail"), ColumnRole(name="required_date", role="time"),
             ColumnRole(name="freight", role="measure")]
    rows = [[1, date(2026, 12, 18), 70.0], [2, date(2026, 12, 25), 60.0], [3, date(2027, 1, 1), 15.0]]
    found = insights(["order_id", "required_date", "freight"], {"order_id": "numeric", "required_date": "date",
                                                                "freight": "numeric"}, rows, roles)
    assert not any("fell" in i or "rose" in i for i in found)
