from datetime import date

from conversql.present.narrative import summarize
from conversql.present.roles import ColumnRole

from .side_by_side import GROWTH, QUARTERS

DAILY = (["order_date", "total_sales"], {"order_date": "date", "total_sales": "numeric"},
         [[date(2024, 1, 1), 1000000.5], [date(2024, 1, 2), 200000.39], [date(2024, 1, 3), 34567.0]])
COUNTRIES = (["country", "revenue"], {"country": "text", "revenue": "numeric"},
             [["FR", 30.0], ["DE", 50.0], ["IT", 20.0]])


def test_a_time_series_gives_its_periods_and_total():
    # 1,000,000.5 + 200,000.39 + 34,567 = 1,234,567.89
    assert summarize(*DAILY, None, "the total sales per day for the last 3 months") == (
        "Here are the total sales per day for the last 3 months: 3 days, 1,234,567.89 in total.")


def test_periods_are_counted_once_across_series():
    rows = [[date(2024, m, 1), r, 1.0] for m in (1, 2) for r in ("N", "S")]
    text = summarize(["month", "region", "orders"], {"month": "date", "region": "text", "orders": "numeric"}, rows,
                     None, "the orders per month and region")
    assert text == "Here are the orders per month and region: 2 months, 4 in total."


def test_categories_are_counted_by_name():
    assert summarize(*COUNTRIES, None, "the revenue per country") == (
        "Here is the revenue per country: 3 countries, 100 in total.")


def test_no_total_for_a_measure_that_does_not_add_up():
    rows = [["FR", 4.5], ["DE", 3.0]]
    assert summarize(["country", "avg_rating"], {"country": "text", "avg_rating": "numeric"}, rows, None,
                     "the average rating per country") == "Here is the average rating per country: 2 countries."


def test_the_total_of_the_first_of_several_measures_is_named():
    rows = [["FR", 3.0, 1], ["DE", 4.0, 2]]
    assert summarize(["country", "revenue", "orders"], {"country": "text", "revenue": "numeric",
                                                        "orders": "numeric"}, rows, None, "the sales by country") \
        == "Here are the sales by country: 2 countries, total revenue 7."


def test_missing_values_are_left_out_of_the_total():
    rows = [["FR", 3.0], ["DE", None]]
    assert summarize(*COUNTRIES[:2], rows, None, "the revenue per country").endswith("2 countries, 3 in total.")


def test_a_single_number_is_read_out():
    assert summarize(["total_sales"], {"total_sales": "numeric"}, [[1234567.891]], None,
                     "the total sales in 2024") == "Here are the total sales in 2024: 1,234,567.89."


def test_a_single_labelled_row_gives_its_label_and_number():
    assert summarize(*COUNTRIES[:2], [["DE", 150000.0]], None, "the top country by revenue") == (
        "Here is the top country by revenue: DE, 150,000.")


def test_a_single_row_of_several_measures_names_each():
    assert summarize(["revenue", "order_count"], {"revenue": "numeric", "order_count": "numeric"}, [[10.0, 2]],
                     None, "") == "Here is the result: revenue 10, order count 2."


def test_a_single_period_is_named():
    assert summarize(*DAILY[:2], [[date(2024, 1, 1), 5.0]], None, "the sales on new year's day") == (
        "Here are the sales on new year's day: Jan 1, 2024, 5.")


def test_detail_rows_are_counted():
    rows = [["Ann", "Paris"], ["Bob", "Paris"]]
    assert summarize(["name", "city"], {"name": "text", "city": "text"}, rows, None, "the customers in Paris") \
        == "Here are the customers in Paris: 2 rows."


def test_no_rows_says_so_with_the_interpretation():
    assert summarize(*COUNTRIES[:2], [], None, "the revenue in 2031") == "There are no results for the revenue in 2031."


def test_no_rows_without_an_interpretation():
    assert summarize(*COUNTRIES[:2], [], None, "") == "The query returned no rows."


def test_a_trailing_full_stop_in_the_interpretation_is_not_doubled():
    assert summarize(*COUNTRIES, None, "the revenue per country.").count(".") == 1


def test_three_hundred_rows_use_thousands_separators():
    rows = [[f"p{i}", 10.0] for i in range(300)]
    assert summarize(["product", "revenue"], {"product": "text", "revenue": "numeric"}, rows, None,
                     "the revenue per product") == "Here is the revenue per product: 300 products, 3,000 in total."


def test_a_title_cased_interpretation_reads_as_a_phrase_inside_the_sentence():
    assert summarize(*COUNTRIES, None, "Total revenue by country").startswith(
        "Here is the total revenue by country: ")


def test_the_verb_agrees_with_what_is_shown_not_with_the_row_count():
    assert summarize(*COUNTRIES, None, "Orders by country").startswith("Here are the orders by country: ")


def test_dates_in_the_interpretation_are_written_in_words():
    text = summarize(*DAILY, None, "Total sales by day, with order date from 2024-01-01 to 2024-01-03")
    assert "with order date from Jan 1, 2024 to Jan 3, 2024:" in text


def test_money_totals_are_written_in_the_currency():
    assert summarize(*DAILY, None, "the total sales per day", currency="USD").endswith(
        "3 days, $1,234,567.89 in total.")


def test_a_single_money_value_is_written_in_the_currency():
    assert summarize(["total_sales"], {"total_sales": "numeric"}, [[6509.66]], None, "Total sales",
                     currency="EUR") == "Here are the total sales: €6,509.66."


def test_counts_are_not_money():
    rows = [["FR", 3], ["DE", 4]]
    assert summarize(["country", "order_count"], {"country": "text", "order_count": "numeric"}, rows, None,
                     "Number of orders by country", currency="USD").endswith("2 countries, 7 in total.")


def test_the_total_of_a_measure_named_total_is_not_said_twice():
    rows = [["FR", 3.0, 1], ["DE", 4.0, 2]]
    assert summarize(["country", "total_revenue", "orders"], {"country": "text", "total_revenue": "numeric",
                                                              "orders": "numeric"}, rows, None,
                     "the sales by country").endswith("2 countries, total revenue 7.")


def test_a_listing_counts_its_records_without_adding_up_their_numbers():
    rows = [[24947, date(2026, 12, 4), 22.73], [24948, date(2026, 12, 4), 9.65]]
    roles = [ColumnRole(name="order_id", role="detail"), ColumnRole(name="order_date", role="time"),
             ColumnRole(name="freight", role="measure", unit="currency")]
    assert summarize(["order_id", "order_date", "freight"], {"order_id": "numeric", "order_date": "date",
                                                             "freight": "numeric"}, rows, roles,
                     "Orders: order id, order date, freight") == \
        "Here are the orders: order id, order date, freight (2 orders)."


def test_periods_side_by_side_give_each_periods_total():
    assert summarize(*QUARTERS, "total revenue by quarter, 2024 vs 2025") == (
        "Here is the total revenue by quarter, 2024 vs 2025: 4 quarters, total 2,300 in 2024 and 2,500 in 2025.")


def test_a_growth_beside_an_amount_leaves_the_amounts_total_plain():
    assert summarize(*GROWTH, "total revenue by year").endswith(": 3 years, 3,850 in total.")


def test_a_percentage_in_a_single_row_reads_as_one():
    columns, types, rows, roles = GROWTH
    assert summarize(columns, types, rows[-1:], roles, "total revenue in 2025") == (
        "Here is the total revenue in 2025: 2025, total revenue 1,650, total revenue growth 37.5%.")
