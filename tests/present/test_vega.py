import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import vl_convert

from conversql.engine.answer import Visualization
from conversql.present.vega import SCHEMA, vega_lite_spec

from .side_by_side import MONTHS, QUARTERS
from .svg import axis_labels, mark_texts, marks, render_svg

DAILY_TYPES = {"order_date": "date", "total_sales": "numeric"}
COUNTRY_TYPES = {"country": "text", "revenue": "numeric"}
COUNTRIES = [["FR", 30.0], ["DE", 50.0], ["IT", 20.0]]
MONTHLY_BY_REGION = (["month", "region", "revenue"], {"month": "date", "region": "text", "revenue": "numeric"},
                     [[date(2024, m, 1), r, 10.0 * m] for m in (1, 2, 3) for r in ("North", "South", "East")])


def daily(n):
    return [[date(2024, 1, 1) + timedelta(days=i), 100.0 + i] for i in range(n)]


def line(x="order_date", y="total_sales", series=None, kind="line"):
    return Visualization(type=kind, x_axis=x, y_axis=y, series=series)


def spec_for(viz, columns, types, rows, title="Title"):
    return vega_lite_spec(viz, columns, types, rows, title)


def drawn(viz, columns, types, rows):
    return marks(render_svg(spec_for(viz, columns, types, rows)))


def test_a_spec_names_the_vega_lite_v5_schema_and_carries_its_rows():
    spec = spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, daily(3))
    assert spec["$schema"] == SCHEMA
    assert spec["data"]["values"][0] == {"order_date": "2024-01-01", "total_sales": 100.0}
    assert spec["title"] == "Title"


def test_a_spec_is_plain_json():
    rows = [[date(2024, 1, 1), Decimal("12.50")], [date(2024, 1, 2), Decimal("3")]]
    spec = spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, rows)
    assert json.loads(json.dumps(spec))["data"]["values"][0]["total_sales"] == 12.5


def test_a_line_draws_one_line_with_a_point_per_row():
    assert drawn(line(), ["order_date", "total_sales"], DAILY_TYPES, daily(5)) == {"line": 1, "symbol": 5}


def test_a_line_over_dates_has_a_temporal_x_and_quantitative_y():
    encoding = spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, daily(3))["encoding"]
    assert (encoding["x"]["type"], encoding["y"]["type"]) == ("temporal", "quantitative")
    assert encoding["x"]["timeUnit"] == "utcyearmonthdate"


def test_monthly_dates_are_labelled_by_month():
    rows = [[date(2024, m, 1), 1.0] for m in (1, 2, 3)]
    svg = render_svg(spec_for(line("month", "revenue"), ["month", "revenue"],
                              {"month": "date", "revenue": "numeric"}, rows))
    assert axis_labels(svg)[:3] == ["Jan 2024", "Feb 2024", "Mar 2024"]


def test_three_hundred_points_draw_one_line_without_point_markers():
    spec = spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, daily(300))
    assert len(spec["data"]["values"]) == 300
    assert marks(render_svg(spec)) == {"line": 1}


def test_a_series_column_draws_a_line_per_series():
    spec = spec_for(line("month", "revenue", "region"), *MONTHLY_BY_REGION)
    assert spec["encoding"]["color"]["field"] == "region"
    assert marks(render_svg(spec)) == {"line": 3, "symbol": 9}


def test_quarter_text_is_an_ordinal_axis():
    rows = [["2024-Q1", 1.0], ["2024-Q2", 2.0]]
    spec = spec_for(line("quarter", "revenue"), ["quarter", "revenue"], {"quarter": "text", "revenue": "numeric"},
                    rows)
    assert spec["encoding"]["x"]["type"] == "ordinal"
    assert axis_labels(render_svg(spec))[:2] == ["2024-Q1", "2024-Q2"]


def test_numeric_years_are_an_ordinal_axis():
    rows = [[2022, 1.0], [2023, 2.0]]
    spec = spec_for(line("year", "revenue"), ["year", "revenue"], {"year": "numeric", "revenue": "numeric"}, rows)
    assert spec["encoding"]["x"]["type"] == "ordinal"


def test_missing_values_leave_gaps_not_points():
    rows = daily(4)
    rows[1][1] = None
    assert drawn(line(), ["order_date", "total_sales"], DAILY_TYPES, rows)["symbol"] == 3


def test_tooltips_show_every_column():
    tooltip = spec_for(line("month", "revenue", "region"), *MONTHLY_BY_REGION)["layer"][1]["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["month", "region", "revenue"]
    assert tooltip[2]["format"] == ",.2~f"


def test_a_bar_chart_draws_a_bar_per_row():
    assert drawn(line("country", "revenue", kind="bar"), ["country", "revenue"], COUNTRY_TYPES,
                 COUNTRIES) == {"rect": 3}


def test_bars_are_sorted_by_measure_descending():
    spec = spec_for(line("country", "revenue", kind="bar"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES)
    assert spec["encoding"]["x"]["sort"] == "-y"
    assert axis_labels(render_svg(spec))[:3] == ["DE", "FR", "IT"]


def test_many_bars_lie_down_largest_on_top():
    rows = [[f"c{i:02d}", float(i)] for i in range(20)]
    spec = spec_for(line("customer", "revenue", kind="bar"), ["customer", "revenue"],
                    {"customer": "text", "revenue": "numeric"}, rows)
    assert spec["encoding"]["y"]["field"] == "customer"
    assert spec["encoding"]["y"]["sort"] == "-x"
    svg = render_svg(spec)
    assert marks(svg) == {"rect": 20}
    assert [label for label in axis_labels(svg) if label.startswith("c")][:2] == ["c19", "c18"]


def test_bars_over_time_keep_time_order_in_bands():
    rows = [[date(2024, m, 1), float(10 - m)] for m in (1, 2, 3)]
    spec = spec_for(line("month", "revenue", kind="bar"), ["month", "revenue"],
                    {"month": "date", "revenue": "numeric"}, rows)
    assert spec["encoding"]["x"]["type"] == "ordinal"
    svg = render_svg(spec)
    assert marks(svg) == {"rect": 3}
    assert axis_labels(svg)[:3] == ["Jan 2024", "Feb 2024", "Mar 2024"]


def test_bars_split_by_series_stack_a_rect_per_row():
    spec = spec_for(line("month", "revenue", "region", kind="bar"), *MONTHLY_BY_REGION)
    assert marks(render_svg(spec)) == {"rect": 9}


def test_a_pie_draws_an_arc_per_row():
    spec = spec_for(line("country", "revenue", kind="pie"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES)
    assert spec["mark"]["type"] == "arc"
    assert spec["encoding"]["theta"]["type"] == "quantitative"
    assert marks(render_svg(spec)) == {"arc": 3}


def test_a_scatter_plot_draws_a_point_per_complete_row():
    rows = [[1.0, 2.0], [2.0, 3.5], [3.0, None], [4.0, 1.0]]
    spec = spec_for(line("price", "weight", kind="scatter"), ["price", "weight"],
                    {"price": "numeric", "weight": "numeric"}, rows)
    assert (spec["encoding"]["x"]["type"], spec["encoding"]["y"]["type"]) == ("quantitative", "quantitative")
    assert marks(render_svg(spec)) == {"symbol": 3}


def test_an_area_chart_draws_an_area_with_its_outline():
    spec = spec_for(line(kind="area"), ["order_date", "total_sales"], DAILY_TYPES, daily(5))
    assert spec["layer"][0]["mark"]["type"] == "area"
    assert marks(render_svg(spec)) == {"area": 1, "line": 1, "symbol": 5}


def test_stacked_areas_draw_one_area_per_series():
    spec = spec_for(line("month", "revenue", "region", kind="area"), *MONTHLY_BY_REGION)
    assert marks(render_svg(spec))["area"] == 3


def test_a_number_card_draws_the_formatted_number():
    spec = spec_for(Visualization(type="number", y_axis="total_sales"), ["total_sales"],
                    {"total_sales": "numeric"}, [[1234567.891]], "")
    svg = render_svg(spec)
    assert marks(svg) == {"text": 1}
    assert mark_texts(svg) == ["1,234,567.89"]
    assert spec["title"] == "Total sales"


def test_a_number_card_with_a_label_shows_it_as_subtitle():
    spec = spec_for(Visualization(type="number", x_axis="country", y_axis="revenue"), ["country", "revenue"],
                    COUNTRY_TYPES, [["DE", 50.0]], "Top country")
    assert spec["title"] == {"text": "Top country", "subtitle": "DE"}


def test_a_table_has_no_spec():
    assert spec_for(Visualization(type="table"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES) is None


def test_an_empty_result_renders_an_empty_chart():
    svg = render_svg(spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, []))
    assert marks(svg) == {"line": 0, "symbol": 0}


def test_column_names_with_dots_are_escaped():
    rows = [[datetime(2024, 1, 1, 10, m), float(m)] for m in range(3)]
    spec = spec_for(line("o.created_at", "sum(o.amount)"), ["o.created_at", "sum(o.amount)"],
                    {"o.created_at": "datetime", "sum(o.amount)": "numeric"}, rows)
    assert spec["encoding"]["x"]["field"] == "o\\.created_at"
    assert marks(render_svg(spec)) == {"line": 1, "symbol": 3}


def test_midnight_timestamps_on_a_grain_are_sent_as_dates():
    rows = [[datetime(2024, m, 1), 1.0] for m in (1, 2)]
    spec = spec_for(line("month", "revenue"), ["month", "revenue"], {"month": "datetime", "revenue": "numeric"},
                    rows)
    assert [v["month"] for v in spec["data"]["values"]] == ["2024-01-01", "2024-02-01"]


def test_a_chart_of_an_unknown_column_is_refused():
    with pytest.raises(ValueError, match="'nope'"):
        spec_for(line("nope", "revenue", kind="bar"), ["country", "revenue"], COUNTRY_TYPES, COUNTRIES)


def test_bars_of_ids_are_ranked_by_measure():
    rows = [[7, 10.0], [9, 30.0], [8, 20.0]]
    spec = spec_for(line("customer_id", "revenue", kind="bar"), ["customer_id", "revenue"],
                    {"customer_id": "numeric", "revenue": "numeric"}, rows)
    assert (spec["encoding"]["x"]["type"], spec["encoding"]["x"]["sort"]) == ("nominal", "-y")
    assert axis_labels(render_svg(spec))[:3] == ["9", "8", "7"]


def test_bars_of_month_numbers_keep_calendar_order():
    rows = [[3, 10.0], [1, 30.0], [2, 20.0]]
    spec = spec_for(line("month", "revenue", kind="bar"), ["month", "revenue"],
                    {"month": "numeric", "revenue": "numeric"}, rows)
    assert spec["encoding"]["x"]["type"] == "ordinal"
    assert axis_labels(render_svg(spec))[:3] == ["1", "2", "3"]


def compiled_marks(spec):
    """The marks of the Vega spec a Vega-Lite spec compiles to, by name, however deep."""
    found, stack = {}, [vl_convert.vegalite_to_vega(spec)]
    while stack:
        node = stack.pop()
        for mark in node.get("marks", []):
            found[mark.get("name", "")] = mark
            stack.append(mark)
    return found


def test_a_line_has_a_hover_layer_that_picks_the_nearest_point():
    hover = spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, daily(92))["layer"][1]
    assert hover["params"][0]["select"] == {"type": "point", "encodings": ["x"], "nearest": True,
                                            "on": "pointerover", "clear": "pointerout"}


def test_a_line_of_many_points_has_tooltips_anywhere_over_the_plot():
    # Vega answers "nearest" with a voronoi of invisible cells covering the plot; they carry the tooltip.
    spec = spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, daily(92))
    cells = [m for name, m in compiled_marks(spec).items() if name.endswith("_voronoi")]
    assert cells and all("tooltip" in m["encode"]["update"] for m in cells)


def test_the_hover_point_is_drawn_only_when_hovered():
    spec = spec_for(line(), ["order_date", "total_sales"], DAILY_TYPES, daily(92))
    assert spec["layer"][1]["encoding"]["opacity"] == {"condition": {"param": "hover", "empty": False, "value": 1},
                                                       "value": 0}


def test_the_hover_points_of_stacked_areas_sit_on_the_stack():
    spec = spec_for(line("month", "revenue", "region", kind="area"), *MONTHLY_BY_REGION)
    assert spec["layer"][1]["encoding"]["y"]["stack"] == "zero"


# One measure in several periods side by side: folded into one series per period.

def side_by_side(kind, result):
    columns, types, rows, roles = result
    ys = [c for c in columns[1:] if not c.endswith("_pct")]
    viz = Visualization(type=kind, x_axis=columns[0], y_axis=ys[0], y_axes=ys)
    return vega_lite_spec(viz, columns, types, rows, "Title", roles=roles)


def test_periods_side_by_side_draw_a_line_per_period():
    assert marks(render_svg(side_by_side("line", MONTHS))) == {"line": 2, "symbol": 24}


def test_periods_side_by_side_draw_a_bar_per_period_in_each_quarter():
    assert marks(render_svg(side_by_side("bar", QUARTERS))) == {"rect": 8}


def test_bars_of_periods_side_by_side_are_grouped_not_stacked():
    assert side_by_side("bar", QUARTERS)["encoding"]["xOffset"]["field"] == "series"


def test_periods_side_by_side_are_coloured_by_what_sets_their_columns_apart():
    svg = render_svg(side_by_side("line", MONTHS))
    assert ">Last year</text>" in svg and ">This year</text>" in svg


def test_the_axis_of_periods_side_by_side_is_titled_by_their_measure():
    assert side_by_side("line", MONTHS)["encoding"]["y"]["title"] == "Total revenue"


def test_quarters_side_by_side_keep_the_years_order():
    assert axis_labels(render_svg(side_by_side("bar", QUARTERS)))[:4] == ["Q1", "Q2", "Q3", "Q4"]


def test_months_of_a_year_are_named_on_the_axis():
    assert axis_labels(render_svg(side_by_side("line", MONTHS)))[:3] == ["Jan", "Feb", "Mar"]


def test_areas_of_periods_side_by_side_overlap_rather_than_stack():
    spec = side_by_side("area", MONTHS)
    assert spec["encoding"]["y"]["stack"] is None
    assert marks(render_svg(spec))["area"] == 2


def test_a_percentage_in_a_tooltip_reads_as_one():
    tooltip = side_by_side("line", MONTHS)["layer"][1]["encoding"]["tooltip"]
    assert (tooltip[-1]["title"], tooltip[-1]["format"]) == ("Total revenue change (%)", ",.1~f")

