import json
from datetime import date, timedelta

import pytest

from conversql.engine.answer import Answer
from conversql.present import ColumnRole, Presentation, present

from .svg import render_svg

DAILY = (["order_date", "total_sales"], {"order_date": "date", "total_sales": "numeric"},
         [[date(2024, 1, 1) + timedelta(days=i), 100.0 + i] for i in range(5)])


def test_present_fills_every_part():
    p = present(*DAILY, title="Daily sales", interpretation="the total sales per day")
    assert p.visualization.type == "line"
    assert p.chart_recommendations[0].chart_type == "LINE_CHART"
    assert p.vega_lite["layer"][0]["mark"]["type"] == "line"
    assert p.chartjs["type"] == "line"
    assert p.insights[0] == "Total sales rose 4% from 100 on Jan 1, 2024 to 104 on Jan 5, 2024."
    assert p.response == "Here are the total sales per day: 5 days, 510 in total."
    assert p.warning is None


def test_the_title_reaches_both_renderings():
    p = present(*DAILY, title="Daily sales")
    assert p.vega_lite["title"] == "Daily sales"
    assert p.chartjs["options"]["plugins"]["title"]["text"] == "Daily sales"
    assert p.visualization.title == "Daily sales"


def test_a_requested_chart_is_drawn():
    assert present(*DAILY, chart_type="bar").visualization.type == "bar"


def test_a_requested_misfit_is_drawn_with_a_warning():
    p = present(*DAILY, chart_type="pie")
    assert p.visualization.type == "pie"
    assert p.vega_lite["mark"]["type"] == "arc"
    assert p.warning == ("A pie chart may mislead here: order date is a time axis, which a line shows better "
                         "than slices.")


def test_a_request_that_cannot_be_drawn_falls_back_with_a_warning():
    p = present(*DAILY, chart_type="number")
    assert p.visualization.type == "line"
    assert p.warning.startswith("Showing a line chart instead of a single-number card")


def test_roles_from_the_engine_are_used():
    roles = [ColumnRole(name="order_date", role="category"), ColumnRole(name="total_sales", role="measure")]
    assert present(*DAILY, roles=roles).visualization.type == "bar"


def test_a_table_has_no_chart_specs():
    p = present(["name"], {"name": "text"}, [["Ann"], ["Bob"]])
    assert (p.visualization.type, p.vega_lite, p.chartjs) == ("table", None, None)
    assert p.insights == ["The result has 2 rows."]


def test_an_empty_result_presents_as_an_empty_table():
    p = present(*DAILY[:2], [], interpretation="the sales in 2031")
    assert [r.chart_type for r in p.chart_recommendations] == ["TABLE"]
    assert (p.visualization.type, p.insights) == ("table", [])
    assert p.response == "There are no results for the sales in 2031."


def test_a_single_number_presents_as_a_card():
    p = present(["total_sales"], {"total_sales": "numeric"}, [[1234.5]])
    assert p.visualization.type == "number"
    assert p.vega_lite["mark"]["type"] == "text"
    assert p.chartjs is None


def test_the_presentation_copies_into_an_answer():
    p = present(*DAILY)
    fields = p.model_dump(exclude={"warning"})
    answer = Answer(question="sales per day", intent="data_question", **fields)
    assert answer.visualization == p.visualization
    assert json.loads(answer.model_dump_json())["vega_lite"]["$schema"].endswith("v5.json")


def test_roles_the_engine_leaves_out_are_inferred():
    roles = [ColumnRole(name="total_sales", role="measure", unit="currency")]
    assert present(*DAILY, roles=roles).visualization.x_axis == "order_date"


def test_the_warning_is_the_only_field_an_answer_does_not_have():
    assert set(Presentation.model_fields) - set(Answer.model_fields) == {"warning"}


def test_a_real_duckdb_result_with_dates_and_decimals():
    import duckdb

    con = duckdb.connect()
    con.execute("create table orders (ordered_at date, amount decimal(10, 2))")
    con.execute("""insert into orders values ('2024-01-05', 100.00), ('2024-01-20', 50.50),
                   ('2024-02-03', 200.25), ('2024-03-15', 75.00), ('2024-03-16', 25.00)""")
    cursor = con.execute("select date_trunc('month', ordered_at) as month, sum(amount) as revenue "
                         "from orders group by 1 order by 1 desc")
    columns = [d[0] for d in cursor.description]
    rows = [list(r) for r in cursor.fetchall()]
    p = present(columns, {"month": "date", "revenue": "numeric"}, rows, interpretation="the revenue per month")
    # Jan 150.50, Feb 200.25, Mar 100.00: -33.55% overall; Mar vs Feb -50.06%.
    assert p.insights == ["Revenue fell 33.6% from 150.5 in Jan 2024 to 100 in Mar 2024.",
                          "Revenue peaked at 200.25 in Feb 2024; the lowest was 100 in Mar 2024.",
                          "In Mar 2024, revenue stood at 100, down 50.1% from 200.25 in Feb 2024."]
    assert p.response == "Here is the revenue per month: 3 months, 450.75 in total."
    assert p.chartjs["data"]["labels"] == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert json.loads(json.dumps(p.vega_lite))["data"]["values"][0] == {"month": "2024-03-01", "revenue": 100.0}


EDGE_CASES = {
    "empty": (["order_date", "total_sales"], {"order_date": "date", "total_sales": "numeric"}, []),
    "one row": (["country", "revenue"], {"country": "text", "revenue": "numeric"}, [["FR", 3.0]]),
    "none values": (["country", "revenue"], {"country": "text", "revenue": "numeric"},
                    [["FR", None], [None, 2.0], ["IT", 1.0]]),
    "negative values": (["month", "profit"], {"month": "text", "profit": "numeric"},
                        [["2024-01", -5.0], ["2024-02", 3.0], ["2024-03", -1.0]]),
    "300 rows": (["order_date", "total_sales"], {"order_date": "date", "total_sales": "numeric"},
                 [[date(2024, 1, 1) + timedelta(days=i), float(i % 17)] for i in range(300)]),
    "text only": (["name"], {"name": "text"}, [["Ann"], ["Bob"]]),
    "two measures": (["price", "weight"], {"price": "numeric", "weight": "numeric"},
                     [[1.0, 2.0], [2.0, 1.0], [3.0, None], [4.0, 5.0]]),
}


@pytest.mark.parametrize("chart_type", [None, "line", "bar", "pie", "scatter", "area", "number", "table"])
@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_every_request_on_every_edge_case_renders(case, chart_type):
    p = present(*EDGE_CASES[case], chart_type=chart_type, title="Edge")
    json.dumps(p.model_dump(mode="json"))
    if p.vega_lite is not None:
        assert render_svg(p.vega_lite).startswith("<svg")
    assert p.response
