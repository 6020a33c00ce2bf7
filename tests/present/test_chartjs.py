import json
from datetime import date, timedelta

import pytest

from conversql.engine.answer import Visualization
from conversql.present.chartjs import PALETTE, chartjs_config

from .side_by_side import MONTHS, QUARTERS

DAILY_TYPES = {"order_date": "date", "total_sales": "numeric"}
COUNTRY_TYPES = {"country": "text", "revenue": "numeric"}
COUNTRIES = [["FR", 30.0], ["DE", 50.0], ["IT", 20.0]]
BY_REGION = (["month", "region", "revenue"], {"month": "date", "region": "text", "revenue": "numeric"},
             [[date(2024, 2, 1), "North", 20.0], [date(2024, 1, 1), "North", 10.0],
              [date(2024, 1, 1), "South", 5.0]])


def viz(kind, x, y, series=None):
    return Visualization(type=kind, x_axis=x, y_axis=y, series=series)


def daily(n):
    return [[date(2024, 1, 1) + timedelta(days=i), float(i)] for i in range(n)]


def test_a_line_has_period_labels_in_time_order():
    rows = [[date(2024, 1, 3), 3.0], [date(2024, 1, 1), 1.0], [date(2024, 1, 2), 2.0]]
    config = chartjs_config(viz("line", "order_date", "total_sales"), ["order_date", "total_sales"], DAILY_TYPES,
                            rows, "Sales")
    assert config["type"] == "line"
    assert config["data"]["labels"] == ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert [d["data"] for d in config["data"]["datasets"]] == [[1.0, 2.0, 3.0]]


def test_a_single_dataset_is_named_after_its_measure():
    config = chartjs_config(viz("line", "order_date", "total_sales"), ["order_date", "total_sales"], DAILY_TYPES,
                            daily(2))
    assert config["data"]["datasets"][0]["label"] == "Total sales"
    assert config["options"]["plugins"]["legend"]["display"] is False


def test_monthly_labels_read_as_months():
    config = chartjs_config(viz("line", "month", "revenue", "region"), *BY_REGION)
    assert config["data"]["labels"] == ["Jan 2024", "Feb 2024"]


def test_a_series_column_makes_a_dataset_per_series_with_gaps_as_null():
    config = chartjs_config(viz("line", "month", "revenue", "region"), *BY_REGION)
    datasets = config["data"]["datasets"]
    assert [(d["label"], d["data"]) for d in datasets] == [("North", [10.0, 20.0]), ("South", [5.0, None])]
    assert [d["borderColor"] for d in datasets] == PALETTE[:2]
    assert config["options"]["plugins"]["legend"]["display"] is True


def test_bars_are_sorted_by_measure_descending():
    config = chartjs_config(viz("bar", "country", "revenue"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES)
    assert config["type"] == "bar"
    assert config["data"]["labels"] == ["DE", "FR", "IT"]
    assert config["data"]["datasets"][0]["data"] == [50.0, 30.0, 20.0]


def test_bars_over_numeric_categories_keep_their_order():
    rows = [[3, 1.0], [1, 5.0], [2, 2.0]]
    config = chartjs_config(viz("bar", "month", "revenue"), ["month", "revenue"],
                            {"month": "numeric", "revenue": "numeric"}, rows)
    assert config["data"]["labels"] == ["1", "2", "3"]


def test_many_bars_lie_down():
    rows = [[f"c{i}", float(i)] for i in range(20)]
    config = chartjs_config(viz("bar", "c", "v"), ["c", "v"], {"c": "text", "v": "numeric"}, rows)
    assert config["options"]["indexAxis"] == "y"
    assert config["options"]["scales"]["y"]["title"]["text"] == "C"


def test_bars_split_by_series_stack():
    config = chartjs_config(viz("bar", "month", "revenue", "region"), *BY_REGION)
    assert config["options"]["scales"]["x"]["stacked"] is True
    assert config["options"]["scales"]["y"]["stacked"] is True


def test_a_pie_has_a_colour_per_slice():
    config = chartjs_config(viz("pie", "country", "revenue"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES)
    assert config["type"] == "pie"
    assert config["data"]["labels"] == ["DE", "FR", "IT"]
    (dataset,) = config["data"]["datasets"]
    assert dataset["data"] == [50.0, 30.0, 20.0]
    assert dataset["backgroundColor"] == PALETTE[:3]
    assert "scales" not in config["options"]


def test_a_scatter_plot_has_xy_points_without_incomplete_rows():
    rows = [[1.0, 2.0], [2.0, None], [3.0, 4.5]]
    config = chartjs_config(viz("scatter", "price", "weight"), ["price", "weight"],
                            {"price": "numeric", "weight": "numeric"}, rows)
    assert config["type"] == "scatter"
    assert config["data"]["datasets"][0]["data"] == [{"x": 1.0, "y": 2.0}, {"x": 3.0, "y": 4.5}]
    assert config["options"]["scales"]["x"]["type"] == "linear"


def test_a_scatter_plot_over_dates_uses_a_category_axis():
    config = chartjs_config(viz("scatter", "order_date", "total_sales"), ["order_date", "total_sales"],
                            DAILY_TYPES, daily(2))
    assert config["options"]["scales"]["x"]["type"] == "category"
    assert config["data"]["labels"] == ["2024-01-01", "2024-01-02"]


def test_an_area_is_a_filled_line():
    config = chartjs_config(viz("area", "order_date", "total_sales"), ["order_date", "total_sales"],
                            DAILY_TYPES, daily(3))
    assert config["type"] == "line"
    assert config["data"]["datasets"][0]["fill"] == "origin"


def test_stacked_areas_fill_to_the_series_below():
    config = chartjs_config(viz("area", "month", "revenue", "region"), *BY_REGION)
    assert [d["fill"] for d in config["data"]["datasets"]] == ["origin", "-1"]
    assert config["options"]["scales"]["y"]["stacked"] is True


def test_a_plain_line_is_not_filled():
    config = chartjs_config(viz("line", "order_date", "total_sales"), ["order_date", "total_sales"],
                            DAILY_TYPES, daily(2))
    assert config["data"]["datasets"][0]["fill"] is False


def test_the_title_is_shown_by_the_title_plugin():
    config = chartjs_config(viz("bar", "country", "revenue"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES,
                            "Revenue by country")
    assert config["options"]["plugins"]["title"] == {"display": True, "text": "Revenue by country"}


def test_three_hundred_rows_hide_point_markers():
    config = chartjs_config(viz("line", "order_date", "total_sales"), ["order_date", "total_sales"], DAILY_TYPES,
                            daily(300))
    assert len(config["data"]["labels"]) == 300
    assert config["data"]["datasets"][0]["pointRadius"] == 0


def test_an_empty_result_has_no_labels_and_no_datasets():
    config = chartjs_config(viz("bar", "country", "revenue"), ["country", "revenue"], COUNTRY_TYPES, [])
    assert config["data"] == {"labels": [], "datasets": []}


def test_missing_category_labels_are_named():
    rows = [["FR", 1.0], [None, 2.0]]
    config = chartjs_config(viz("bar", "country", "revenue"), ["country", "revenue"], COUNTRY_TYPES, rows)
    assert config["data"]["labels"] == ["(none)", "FR"]


def test_a_config_is_plain_json():
    config = chartjs_config(viz("line", "month", "revenue", "region"), *BY_REGION)
    assert json.loads(json.dumps(config)) == config


def test_number_cards_and_tables_have_no_config():
    assert chartjs_config(Visualization(type="number", y_axis="revenue"), ["revenue"], {"revenue": "numeric"},
                          [[1.0]]) is None
    assert chartjs_config(Visualization(type="table"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES) is None


def test_a_chart_without_axes_is_refused():
    with pytest.raises(ValueError):
        chartjs_config(Visualization(type="bar"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES)


def test_bars_of_ids_are_ranked_by_measure():
    rows = [[7, 10.0], [9, 30.0], [8, 20.0]]
    config = chartjs_config(viz("bar", "customer_id", "revenue"), ["customer_id", "revenue"],
                            {"customer_id": "numeric", "revenue": "numeric"}, rows)
    assert config["data"]["labels"] == ["9", "8", "7"]


def test_a_line_shows_the_tooltip_of_the_nearest_period_without_touching_a_point():
    config = chartjs_config(viz("line", "order_date", "total_sales"), ["order_date", "total_sales"], DAILY_TYPES,
                            daily(92), "Sales")
    assert config["options"]["interaction"] == {"mode": "index", "intersect": False}


# One measure in several periods side by side: a dataset per period.

def side_by_side(kind, result):
    columns, types, rows, roles = result
    ys = [c for c in columns[1:] if not c.endswith("_pct")]
    return chartjs_config(Visualization(type=kind, x_axis=columns[0], y_axis=ys[0], y_axes=ys), columns, types,
                          rows, "Title", roles=roles)


def test_periods_side_by_side_are_a_dataset_each():
    datasets = side_by_side("line", MONTHS)["data"]["datasets"]
    assert [(d["label"], d["data"][:2]) for d in datasets] == [("Last year", [100.0, 120.0]),
                                                               ("This year", [110.0, 150.0])]


def test_months_of_a_year_are_labelled_by_name_in_their_order():
    columns, types, rows, roles = MONTHS
    config = side_by_side("bar", (columns, types, list(reversed(rows)), roles))
    assert config["data"]["labels"][:3] == ["Jan", "Feb", "Mar"]


def test_periods_side_by_side_have_a_legend():
    assert side_by_side("bar", QUARTERS)["options"]["plugins"]["legend"]["display"] is True


def test_the_axis_of_periods_side_by_side_is_titled_by_their_measure():
    assert side_by_side("line", MONTHS)["options"]["scales"]["y"]["title"]["text"] == "Total revenue"


def test_named_categories_with_periods_side_by_side_rank_by_their_sum():
    columns, types, rows, roles = QUARTERS
    named = [["N", 10.0, 1.0, 0.0], ["S", 6.0, 6.0, 0.0]]
    assert side_by_side("bar", (columns, types, named, roles))["data"]["labels"] == ["S", "N"]
