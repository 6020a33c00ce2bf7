from datetime import date, timedelta

from conversql.engine.answer import Visualization
from conversql.present.misfit import chart_misfit, chart_warning

from .side_by_side import MONTHS

DAILY = (["order_date", "total_sales"], {"order_date": "date", "total_sales": "numeric"},
         [[date(2024, 1, 1) + timedelta(days=i), 10.0 + i] for i in range(200)])
PROFIT = (["region", "profit"], {"region": "text", "profit": "numeric"}, [["N", 100.0], ["S", -50.0]])


def viz(kind, x=None, y=None):
    return Visualization(type=kind, x_axis=x, y_axis=y)


def test_a_pie_of_negative_values_is_a_misfit():
    assert chart_misfit("pie", viz("pie", "region", "profit"), *PROFIT, None) == \
        "profit has negative values, which a pie cannot show"


def test_a_pie_over_time_is_a_misfit():
    reason = chart_misfit("pie", viz("pie", "order_date", "total_sales"), *DAILY, None)
    assert reason == "order date is a time axis, which a line shows better than slices"


def test_a_pie_of_many_slices_is_a_misfit():
    rows = [[f"c{i}", 1.0] for i in range(12)]
    reason = chart_misfit("pie", viz("pie", "c", "v"), ["c", "v"], {"c": "text", "v": "numeric"}, rows, None)
    assert reason == "12 slices are too many to compare; a pie reads best with 7 or fewer"


def test_a_pie_of_averages_is_a_misfit():
    rows = [["a", 1.0], ["b", 2.0]]
    reason = chart_misfit("pie", viz("pie", "c", "avg_price"), ["c", "avg_price"],
                          {"c": "text", "avg_price": "numeric"}, rows, None)
    assert reason == "avg price does not add up to a whole, so slices of it mean little"


def test_a_scatter_plot_of_one_measure_is_a_misfit():
    reason = chart_misfit("scatter", viz("scatter", "order_date", "total_sales"), *DAILY, None)
    assert reason == "a scatter plot compares two numeric columns and this result has fewer"


def test_a_line_over_categories_is_a_misfit():
    reason = chart_misfit("line", viz("line", "region", "profit"), *PROFIT, None)
    assert reason == "region is not a time axis, so the line suggests an order that is not there"


def test_two_hundred_bars_are_a_misfit():
    assert chart_misfit("bar", viz("bar", "order_date", "total_sales"), *DAILY, None) == \
        "200 bars are too many to read"


def test_a_line_over_time_fits():
    assert chart_misfit("line", viz("line", "order_date", "total_sales"), *DAILY, None) is None


def test_any_chart_of_no_rows_is_a_misfit():
    assert chart_misfit("bar", viz("bar", "region", "profit"), *PROFIT[:2], [], None) == "the result has no rows"


def test_no_warning_without_a_request():
    assert chart_warning(None, viz("line", "order_date", "total_sales"), *DAILY, None) is None


def test_no_warning_when_the_request_fits():
    assert chart_warning("bar", viz("bar", "region", "profit"), *PROFIT, None) is None


def test_a_drawn_misfit_warns_why_it_may_mislead():
    warning = chart_warning("pie", viz("pie", "region", "profit"), *PROFIT, None)
    assert warning == "A pie chart may mislead here: profit has negative values, which a pie cannot show."


def test_a_request_not_drawn_says_what_was_drawn_and_why():
    warning = chart_warning("number", viz("line", "order_date", "total_sales"), *DAILY, None)
    assert warning == ("Showing a line chart instead of a single-number card: a single-number card needs a "
                       "one-row result and this one has 200 rows.")


def test_a_line_over_the_months_of_a_year_is_no_misfit():
    assert chart_misfit("line", viz("line", "month", "total_revenue_last_year"), *MONTHS) is None


def test_a_pie_over_periods_side_by_side_says_which_it_leaves_out():
    assert chart_misfit("pie", viz("pie", "month", "total_revenue_last_year"), *MONTHS) == \
        "a pie shows one measure, so it leaves out total revenue this year"
