"""Engine.ask: route -> understand -> compile -> guard -> execute -> present, on the demo (today 2025-12-31)."""
from __future__ import annotations

import pytest

from .conftest import SEED, count, demo_engine


def step_names(answer) -> list[str]:
    return [s.name for s in answer.steps]


# --- the seed question -------------------------------------------------------------------------------------------

def test_seed_is_a_data_question(seed):
    answer, _ = seed
    assert (answer.intent, answer.error, answer.source) == ("data_question", None, "demo")


def test_seed_returns_sql(seed):
    assert seed[0].sql.startswith("SELECT")


def test_seed_rows_are_one_per_day_of_the_last_3_months(seed):
    answer, _ = seed
    days = [r[0] for r in answer.rows]
    assert (answer.columns, days[0], days[-1], len(days)) == (["order_date", "total_revenue"], "2025-09-30",
                                                              "2025-12-31", answer.row_count)


def test_seed_totals_match_the_data(seed, demo):
    answer, _ = seed
    expected = demo.source.execute(
        "SELECT SUM(d.quantity * d.unit_price * (1 - d.discount)) FROM order_details d JOIN orders o USING (order_id) "
        "WHERE o.order_date >= DATE '2025-09-30' AND d.deleted_at IS NULL AND o.deleted_at IS NULL").rows[0][0]
    assert sum(r[1] for r in answer.rows) == pytest.approx(expected)


def test_seed_column_types(seed):
    assert seed[0].column_types == {"order_date": "date", "total_revenue": "numeric"}


def test_seed_recommends_a_line_chart_first(seed):
    recs = seed[0].chart_recommendations
    assert (recs[0].chart_type, recs[0].encode) == ("LINE_CHART", {"x": "order_date", "y": "total_revenue"})


def test_seed_recommendations_are_scored_best_first(seed):
    scores = [r.score for r in seed[0].chart_recommendations]
    assert scores == sorted(scores, reverse=True) and len(scores) > 1


def test_seed_is_drawn_as_a_line(seed):
    assert seed[0].visualization.type == "line"


def test_seed_has_chart_specs(seed):
    assert seed[0].vega_lite and seed[0].chartjs


def test_seed_has_insights(seed):
    assert seed[0].insights


def test_seed_time_frame(seed):
    assert seed[0].time_frame == "3 months"


def test_seed_title_and_interpretation(seed):
    answer, _ = seed
    assert answer.title == "Total revenue by day, last 3 months"
    assert "from 2025-09-30 to 2025-12-31 (last 3 months)" in answer.interpretation


def test_seed_steps_run_in_order(seed):
    assert step_names(seed[0]) == ["route", "understand", "compile", "guard", "execute", "present"]


def test_seed_steps_are_timed(seed):
    answer, _ = seed
    assert all(s.status == "ok" and s.duration_ms >= 0 for s in answer.steps) and answer.execution_time_ms > 0


def test_seed_agents(seed):
    assert seed[0].agents_visited == ["router", "sql_agent", "viz_agent"]


def test_steps_are_reported_as_they_finish(seed):
    answer, reported = seed
    assert reported == answer.steps


def test_seed_names_tables_used(seed):
    assert seed[0].tables_used == ["order_details", "orders"]


def test_seed_keeps_its_structured_query_for_follow_ups(seed):
    assert seed[0].query.time_range.label == "last 3 months"


def test_records_are_rows_keyed_by_column(seed):
    answer, _ = seed
    assert answer.records()[0] == dict(zip(answer.columns, answer.rows[0]))


# --- refusals and raw SQL ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("message", ["delete all orders", "drop the customers table",
                                     "Update the price of products to 0", "Smith'; DELETE FROM orders; --"])
def test_a_refusal_runs_no_sql(engine, demo, message):
    before = count(demo, "orders"), count(demo, "customers"), count(demo, "products")
    answer = engine.ask(message, source="demo")
    assert (answer.intent, answer.error_kind, answer.sql, answer.rows) == ("refuse", "refused", None, [])
    assert step_names(answer) == ["route"]
    assert (count(demo, "orders"), count(demo, "customers"), count(demo, "products")) == before


def test_a_refusal_explains_itself(engine):
    answer = engine.ask("delete all orders", source="demo")
    assert answer.response == answer.error and "never changes it" in answer.response


def test_raw_select_runs(engine, demo):
    answer = engine.ask("SELECT COUNT(*) AS n FROM orders", source="demo")
    assert (answer.intent, answer.columns, answer.rows) == ("raw_sql", ["n"], [[count(demo, "orders")]])


def test_raw_sql_that_writes_is_refused_by_the_guard(engine, demo):
    before = count(demo, "orders")
    answer = engine.ask("WITH gone AS (DELETE FROM orders RETURNING 1) SELECT * FROM gone", source="demo")
    assert (answer.intent, answer.error_kind, answer.sql) == ("refuse", "unsafe_sql", None)
    assert "DELETE" in answer.error and answer.response == f"This SQL was not run: {answer.error}"
    assert "execute" not in step_names(answer) and count(demo, "orders") == before


def test_stacked_statements_are_refused_by_the_guard(engine):
    answer = engine.ask("SELECT * FROM orders; DROP TABLE orders", source="demo")
    assert (answer.error_kind, "DROP TABLE" in answer.error) == ("unsafe_sql", True)


def test_raw_sql_on_an_unknown_table_is_an_execution_error(engine):
    answer = engine.ask("SELECT * FROM nope", source="demo")
    assert (answer.error_kind, "nope" in answer.error, step_names(answer)[-1]) == ("execution", True, "execute")


def test_a_slow_query_times_out(demo_db):
    engine = demo_engine(demo_db, statement_timeout_s=0.3)
    try:
        answer = engine.ask("SELECT COUNT(*) FROM range(100000000000) a", source="demo")
        assert (answer.error_kind, answer.rows) == ("timeout", [])
    finally:
        engine.catalog.close()


# --- conversation: re-chart, explain, help -------------------------------------------------------------------------

def test_rechart_changes_only_the_visualization(engine, seed):
    answer, _ = seed
    bar = engine.rechart(answer, "bar")
    assert (bar.intent, bar.visualization.type) == ("change_chart", "bar")
    assert (bar.sql, bar.rows, bar.columns) == (answer.sql, answer.rows, answer.columns)


def test_rechart_leaves_the_original_answer_alone(engine, seed):
    engine.rechart(seed[0], "bar")
    assert seed[0].visualization.type == "line"


def test_rechart_refuses_an_unknown_chart_type(engine, seed):
    with pytest.raises(ValueError, match="unknown chart type 'radar'"):
        engine.rechart(seed[0], "radar")


def test_as_a_pie_chart_recharts_without_running_sql(demo_db):
    engine = demo_engine(demo_db)
    try:
        first = engine.ask("total freight by shipper", source="demo")
        engine.catalog.get("demo").source.close()        # nothing can run from here on
        pie = engine.ask("as a pie chart", source="demo", context=first)
        assert (pie.intent, pie.visualization.type, pie.error) == ("change_chart", "pie", None)
        assert (pie.rows, pie.sql) == (first.rows, first.sql)
        assert step_names(pie) == ["route"]
    finally:
        engine.catalog.close()


def test_why_explains_the_previous_answer(engine, seed):
    answer = engine.ask("why?", source="demo", context=seed[0])
    assert (answer.intent, answer.sql) == ("explain", seed[0].sql)
    assert answer.response.startswith(f'I read the question "{SEED}" as: Total revenue by day')


def test_schema_help_lists_tables_with_row_counts(engine, demo):
    answer = engine.ask("what tables are there", source="demo")
    assert (answer.intent, answer.sql) == ("schema_help", None)
    assert f"order ({count(demo, 'orders'):,} rows)" in answer.response
    assert answer.example_questions


def test_a_follow_up_is_a_refinement(engine):
    first = engine.ask("how many customers in Germany", source="demo")
    second = engine.ask("and in France?", source="demo", context=first)
    assert (second.intent, second.query.filters[0].value) == ("refine", "France")


# --- bounds and misunderstanding ----------------------------------------------------------------------------------

def test_row_cap_truncates_and_says_so(demo_db):
    engine = demo_engine(demo_db, max_rows=10)
    try:
        answer = engine.ask("total freight by month", source="demo")
        assert (answer.truncated, answer.row_count, len(answer.rows)) == (True, 10, 10)
        assert answer.response.endswith("Only the first 10 rows are shown.")
    finally:
        engine.catalog.close()


def test_an_answer_under_the_cap_is_not_truncated(engine):
    answer = engine.ask("total freight by shipper", source="demo")
    assert (answer.truncated, "Only the first" in answer.response) == (False, False)


@pytest.mark.parametrize("message", ["what's the weather in Paris today?", "tell me a joke"])
def test_an_off_topic_question_runs_no_sql(engine, message):
    answer = engine.ask(message, source="demo")
    assert (answer.intent, answer.error_kind, answer.sql, answer.rows) == ("clarify", "not_understood", None, [])
    assert "execute" not in step_names(answer)


def test_a_misunderstood_question_offers_examples(engine):
    answer = engine.ask("tell me a joke", source="demo")
    assert answer.example_questions and answer.response.endswith("Try one of the example questions.")


def test_an_unknown_source_is_a_key_error(engine):
    with pytest.raises(KeyError):
        engine.ask("total freight", source="nope")


# --- verified questions and sources --------------------------------------------------------------------------------

def test_a_verified_question_is_answered_with_its_sql(demo_db, tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text("verified_queries:\n  - question: How many shippers do we use?\n"
                    "    sql: SELECT COUNT(*) AS shippers FROM shippers\n")
    engine = demo_engine(demo_db)
    engine.catalog.register("demo", f"duckdb:///{demo_db}", refinement=path)
    try:
        answer = engine.ask("how many shippers do we use", source="demo")
        assert (answer.intent, answer.columns, answer.rows) == ("data_question", ["shippers"], [[3]])
    finally:
        engine.catalog.close()


def test_describe_source(engine, demo):
    info = engine.describe_source("demo")
    assert (info["name"], info["dialect"]) == ("demo", "duckdb")
    orders = next(t for t in info["tables"] if t["name"] == "orders")
    assert orders["row_count"] == count(demo, "orders") and {"name": "order_date", "type": "DATE",
                                                             "kind": "date"} in orders["columns"]


def test_source_names(engine):
    assert engine.source_names() == ["demo"]
