"""compile_query: structured queries become SQL that runs on every dialect and returns the numbers by hand.

The shop and its hand-computed numbers are described in conftest.py. Tests taking `shop` run on DuckDB, SQLite,
PostgreSQL and MariaDB; tests taking `duckdb_shop` check what does not depend on the dialect.
"""
from __future__ import annotations

from datetime import date

import duckdb
import pytest

from conversql.query.compile import CompileError, compile_query
from conversql.query.joins import NoJoinPath
from conversql.query.structured import DimensionSpec, FilterSpec, MeasureSpec, OrderSpec, StructuredQuery, TimeRange
from conversql.semantic.build import build_model
from conversql.semantic.model import Entity
from conversql.sources import open_source

REVENUE = MeasureSpec(measure="order_lines.revenue")
ORDERS = MeasureSpec(agg="count", entity="orders")


def run(shop, **query) -> list[list]:
    compiled = compile_query(StructuredQuery(**query), shop.model)
    return shop.source.execute(compiled.sql).rows


def rounded(rows: list[list]) -> list[list]:
    return [[round(v, 4) if isinstance(v, float) else v for v in row] for row in rows]


def sql(shop, **query) -> str:
    return compile_query(StructuredQuery(**query), shop.model).sql


# --- measures -----------------------------------------------------------------------------------------------

def test_total_of_a_derived_measure(shop):
    assert rounded(run(shop, measures=[REVENUE])) == [[152.0]]


def test_count_of_an_entity_applies_its_soft_delete_filter(shop):
    assert run(shop, measures=[ORDERS]) == [[4]]


def test_default_filters_can_be_switched_off(shop):
    assert run(shop, measures=[ORDERS], apply_default_filters=False) == [[5]]


def test_average(shop):
    assert rounded(run(shop, measures=[MeasureSpec(measure="products.unit_price", agg="avg")])) == [[7.1667]]


def test_minimum_and_maximum_of_a_column(shop):
    rows = run(shop, measures=[MeasureSpec(measure="order_lines.quantity", agg="min"),
                               MeasureSpec(measure="order_lines.quantity", agg="max")])
    assert rows == [[1, 10]]


def test_earliest_date(shop):
    assert run(shop, measures=[MeasureSpec(measure="orders.order_date", agg="min")]) == [["2023-11-15"]]


def test_count_distinct_of_a_column(shop):
    assert run(shop, measures=[MeasureSpec(measure="orders.customer_id", agg="count_distinct")]) == [[3]]


def test_count_distinct_of_an_entity_counts_its_key(shop):
    rows = run(shop, measures=[MeasureSpec(agg="count_distinct", entity="customers")],
               filters=[FilterSpec(field="orders.status", value="shipped")])
    assert rows == [[1]]


# --- dimensions and joins -------------------------------------------------------------------------------------

def test_group_by_a_field_two_joins_away(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="customers.country")])
    assert rounded(rows) == [["Germany", 57.0], ["Brazil", 55.0], ["France", 40.0]]


def test_group_by_an_entity_shows_first_and_last_name(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="customers")])
    assert rounded(rows) == [["Ben Meyer", 2, 57.0], ["Ana Silva", 1, 55.0], ["Cleo Dubois", 3, 40.0]]


def test_group_by_an_entity_with_one_name_column(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="products")])
    assert rounded(rows) == [["Coffee", 2, 55.0], ["Tea", 1, 52.0], ["Cheese", 3, 45.0]]


@pytest.mark.parametrize("grain, expected", [
    ("month", [["2023-11", 55.0], ["2024-01", 45.0], ["2024-02", 12.0], ["2024-05", 40.0]]),
    ("quarter", [["2023-Q4", 55.0], ["2024-Q1", 57.0], ["2024-Q2", 40.0]]),
    ("year", [["2023", 55.0], ["2024", 97.0]]),
    ("day", [["2023-11-15", 55.0], ["2024-01-10", 45.0], ["2024-02-20", 12.0], ["2024-05-05", 40.0]]),
])
def test_time_buckets_sorted_by_time(shop, grain, expected):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="orders.order_date", grain=grain)])
    assert rounded(rows) == expected


YEAR_2023 = TimeRange(start=date(2023, 1, 1), end=date(2024, 1, 1), label="2023")
YEAR_2024 = TimeRange(start=date(2024, 1, 1), end=date(2025, 1, 1), label="2024")
BOTH_YEARS = TimeRange(start=date(2023, 1, 1), end=date(2025, 1, 1), label="2023 vs 2024")


def test_periods_side_by_side_read_each_quarter_within_its_year(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="orders.order_date", grain="quarter")],
               periods=[YEAR_2024, YEAR_2023], time_range=BOTH_YEARS)
    assert rounded(rows) == [["Q1", 0.0, 57.0, None], ["Q2", 0.0, 40.0, None], ["Q4", 55.0, 0.0, -100.0]]


def test_counts_side_by_side_count_each_periods_rows(shop):
    rows = run(shop, measures=[ORDERS], dimensions=[DimensionSpec(field="orders.order_date", grain="month")],
               periods=[YEAR_2023, YEAR_2024], time_range=BOTH_YEARS)
    assert rows[0][:3] == ["01", 0, 1] and rows[-1][:3] == ["11", 1, 0]


def test_growth_is_the_change_from_the_time_group_before(shop):
    rows = run(shop, measures=[REVENUE.model_copy(update={"growth": True})],
               dimensions=[DimensionSpec(field="orders.order_date", grain="quarter")])
    assert rounded(rows) == [["2023-Q4", 55.0, None], ["2024-Q1", 57.0, 3.64], ["2024-Q2", 40.0, -29.82]]


def test_count_per_month_of_the_entity_itself(shop):
    rows = run(shop, measures=[ORDERS], dimensions=[DimensionSpec(field="orders.order_date", grain="year")])
    assert rows == [["2023", 1], ["2024", 3]]


# --- filters ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("flt, expected", [
    (FilterSpec(field="orders.status", value="delivered"), 3),
    (FilterSpec(field="orders.status", op="!=", value="delivered"), 1),
    (FilterSpec(field="customers.first_name", op="like", value="A%"), 1),
    (FilterSpec(field="customers.first_name", op="not_like", value="A%"), 3),
    (FilterSpec(field="customers.country", op="in", value=["Brazil", "France"]), 2),
    (FilterSpec(field="customers.country", op="not_in", value=["Brazil", "France"]), 2),
    (FilterSpec(field="orders.order_date", op=">=", value=date(2024, 2, 1)), 2),
    (FilterSpec(field="orders.order_date", op="<", value=date(2024, 2, 1)), 2),
    (FilterSpec(field="orders.order_date", op="between", value=[date(2024, 1, 1), date(2024, 2, 20)]), 2),
])
def test_row_filter(shop, flt, expected):
    assert run(shop, measures=[ORDERS], filters=[flt]) == [[expected]]


def test_between_numbers(shop):
    rows = run(shop, measures=[MeasureSpec(agg="count", entity="order_lines")],
               filters=[FilterSpec(field="order_lines.quantity", op="between", value=[2, 4])])
    assert rows == [[3]]


def test_null_checks(shop):
    rows = run(shop, measures=[ORDERS], filters=[FilterSpec(field="orders.deleted_at", op="is_not_null")],
               apply_default_filters=False)
    assert rows == [[1]]


def test_time_range_on_the_time_field_of_a_joined_entity(shop):
    rows = run(shop, measures=[REVENUE], time_range=TimeRange(start=date(2024, 1, 1), end=date(2024, 4, 1)))
    assert rounded(rows) == [[57.0]]


def test_time_range_end_is_exclusive(shop):
    rows = run(shop, measures=[ORDERS], time_range=TimeRange(start=date(2024, 1, 10), end=date(2024, 2, 20)))
    assert rows == [[1]]


def test_time_range_open_at_the_start(shop):
    assert run(shop, measures=[ORDERS], time_range=TimeRange(end=date(2024, 1, 1))) == [[1]]


def test_having_filters_the_aggregate(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="customers.country")],
               filters=[FilterSpec(field="order_lines.revenue", op=">", value=50, on_measure=True)])
    assert rounded(rows) == [["Germany", 57.0], ["Brazil", 55.0]]


# --- order, limit, lists -----------------------------------------------------------------------------------------

def test_top_n(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="customers.country")],
               order=[OrderSpec(key="order_lines.revenue", desc=True)], limit=2)
    assert rounded(rows) == [["Germany", 57.0], ["Brazil", 55.0]]


def test_bottom_n(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="products.category")],
               order=[OrderSpec(key="order_lines.revenue", desc=False)], limit=1)
    assert rounded(rows) == [["Dairy", 45.0]]


def test_list_of_rows_ordered_by_a_field(shop):
    rows = run(shop, entity="customers", fields=["customers", "customers.country"],
               order=[OrderSpec(key="customers.signup_date", desc=True)], limit=2)
    assert rows == [["Cleo", "Dubois", "France"], ["Ben", "Meyer", "Germany"]]


def test_people_listed_show_first_and_last_name_as_two_columns(duckdb_shop):
    q = StructuredQuery(entity="customers", fields=["customers"])
    assert [o.alias for o in compile_query(q, duckdb_shop.model).outputs] == ["first_name", "last_name"]


def test_people_grouped_keep_one_name_per_row(duckdb_shop):
    q = StructuredQuery(entity="orders", measures=[MeasureSpec(agg="count", entity="orders")],
                        dimensions=[DimensionSpec(field="customers")])
    outputs = compile_query(q, duckdb_shop.model).outputs
    assert [(o.alias, o.role) for o in outputs] == [("customer", "category"), ("customer_id", "id"),
                                                    ("order_count", "measure")]


def test_distinct_list(shop):
    rows = run(shop, entity="orders", fields=["orders.status"], distinct=True)
    assert sorted(rows) == [["delivered"], ["shipped"]]


def test_list_within_a_time_range(shop):
    rows = run(shop, entity="orders", fields=["orders.order_id"], order=[OrderSpec(key="orders.order_id", desc=False)],
               time_range=TimeRange(start=date(2024, 1, 1), end=date(2024, 3, 1)))
    assert rows == [[2], [3]]


# --- the SQL and its description (dialect-independent) ------------------------------------------------------

def test_joins_follow_the_shortest_path(duckdb_shop):
    compiled = compile_query(StructuredQuery(measures=[REVENUE], dimensions=[DimensionSpec(field="customers.country")]),
                             duckdb_shop.model)
    assert compiled.tables == ["order_lines", "orders", "customers"]


def test_only_needed_tables_are_joined(duckdb_shop):
    compiled = compile_query(StructuredQuery(measures=[REVENUE], dimensions=[DimensionSpec(field="products.category")]),
                             duckdb_shop.model)
    assert compiled.tables == ["order_lines", "products"]


def test_default_filter_of_a_joined_entity_is_applied(duckdb_shop):
    assert "o.deleted_at IS NULL" in sql(duckdb_shop, measures=[REVENUE],
                                         dimensions=[DimensionSpec(field="customers.country")])


def test_default_filter_of_an_entity_not_joined_is_not_applied(duckdb_shop):
    assert "deleted_at" not in sql(duckdb_shop, measures=[REVENUE])


def test_measure_expression_is_qualified_by_the_table_alias(duckdb_shop):
    assert "SUM(ol.quantity * ol.unit_price * (\n    1 - ol.discount\n  )) AS total_revenue" in \
        sql(duckdb_shop, measures=[REVENUE])


def test_columns_read_are_reported(duckdb_shop):
    compiled = compile_query(StructuredQuery(measures=[REVENUE]), duckdb_shop.model)
    assert compiled.columns == ["order_lines.quantity", "order_lines.unit_price", "order_lines.discount"]


@pytest.mark.parametrize("spec, alias", [
    (MeasureSpec(measure="order_lines.revenue"), "total_revenue"),
    (MeasureSpec(measure="products.unit_price", agg="avg"), "avg_unit_price"),
    (MeasureSpec(measure="order_lines.quantity", agg="max"), "max_quantity"),
    (MeasureSpec(agg="count", entity="order_lines"), "order_line_count"),
    (MeasureSpec(agg="count_distinct", entity="customers"), "distinct_customers"),
    (MeasureSpec(measure="orders.customer_id", agg="count_distinct"), "distinct_customer_id"),
    (MeasureSpec(measure="order_lines.revenue", alias="money"), "money"),
])
def test_measure_alias(duckdb_shop, spec, alias):
    compiled = compile_query(StructuredQuery(measures=[spec]), duckdb_shop.model)
    assert compiled.outputs[0].alias == alias


def test_time_dimension_alias_is_its_grain(duckdb_shop):
    compiled = compile_query(StructuredQuery(measures=[REVENUE],
                                             dimensions=[DimensionSpec(field="orders.order_date", grain="quarter")]),
                             duckdb_shop.model)
    assert [(o.alias, o.role, o.grain) for o in compiled.outputs] == [
        ("quarter", "time", "quarter"), ("total_revenue", "measure", None)]


def test_outputs_carry_units(duckdb_shop):
    compiled = compile_query(StructuredQuery(measures=[REVENUE, ORDERS]), duckdb_shop.model)
    assert [o.unit for o in compiled.outputs] == ["currency", "count"]


def test_grouped_measures_are_ordered_by_the_first_measure_by_default(duckdb_shop):
    assert sql(duckdb_shop, measures=[REVENUE], dimensions=[DimensionSpec(field="products.category")]) \
        .endswith("ORDER BY\n  total_revenue DESC")


def test_an_entity_dimension_also_groups_by_its_key(duckdb_shop):
    assert "GROUP BY\n  c.first_name || ' ' || c.last_name,\n  c.customer_id" in \
        sql(duckdb_shop, measures=[REVENUE], dimensions=[DimensionSpec(field="customers")])


def test_limit_is_applied(duckdb_shop):
    assert sql(duckdb_shop, measures=[REVENUE], dimensions=[DimensionSpec(field="products.category")],
               limit=7).endswith("LIMIT 7")


# --- errors ------------------------------------------------------------------------------------------------------

def test_unknown_measure_is_a_compile_error(duckdb_shop):
    with pytest.raises(CompileError, match="unknown field or measure: order_lines.profit"):
        compile_query(StructuredQuery(measures=[MeasureSpec(measure="order_lines.profit")]), duckdb_shop.model)


def test_unknown_dimension_is_a_compile_error(duckdb_shop):
    with pytest.raises(CompileError, match="customers.colour"):
        compile_query(StructuredQuery(measures=[REVENUE], dimensions=[DimensionSpec(field="customers.colour")]),
                      duckdb_shop.model)


def test_unknown_filter_field_is_a_compile_error(duckdb_shop):
    with pytest.raises(CompileError, match="orders.colour"):
        compile_query(StructuredQuery(measures=[REVENUE], filters=[FilterSpec(field="orders.colour", value="red")]),
                      duckdb_shop.model)


def test_a_query_naming_nothing_is_a_compile_error(duckdb_shop):
    with pytest.raises(CompileError, match="names no table"):
        compile_query(StructuredQuery(), duckdb_shop.model)


def test_unconnected_entities_cannot_be_joined(duckdb_shop):
    model = duckdb_shop.model
    model.entities["weather"] = Entity(name="weather", label="weather")
    try:
        with pytest.raises(NoJoinPath):
            compile_query(StructuredQuery(measures=[REVENUE], dimensions=[DimensionSpec(field="weather")]), model)
    finally:
        del model.entities["weather"]


# --- many-to-many through a bridge table (DuckDB) ----------------------------------------------------------------

@pytest.fixture(scope="module")
def school(tmp_path_factory):
    """students <- enrollments -> courses: Sam takes Math and Art, Kim takes Math."""
    path = tmp_path_factory.mktemp("school") / "school.duckdb"
    con = duckdb.connect(str(path))
    con.execute("""
        CREATE TABLE students (student_id INTEGER PRIMARY KEY, name VARCHAR);
        CREATE TABLE courses (course_id INTEGER PRIMARY KEY, course_title VARCHAR);
        CREATE TABLE enrollments (student_id INTEGER REFERENCES students (student_id),
                                  course_id INTEGER REFERENCES courses (course_id));
        INSERT INTO students VALUES (1, 'Sam'), (2, 'Kim');
        INSERT INTO courses VALUES (1, 'Math'), (2, 'Art');
        INSERT INTO enrollments VALUES (1, 1), (1, 2), (2, 1);
    """)
    con.close()
    source = open_source(f"duckdb:///{path}")
    yield source, build_model(source.introspect())
    source.close()


def test_a_bridge_table_joins_many_to_many(school):
    source, model = school
    compiled = compile_query(StructuredQuery(measures=[MeasureSpec(agg="count_distinct", entity="students")],
                                             dimensions=[DimensionSpec(field="courses.course_title")]), model)
    assert compiled.tables == ["students", "enrollments", "courses"]
    assert source.execute(compiled.sql).rows == [["Math", 2], ["Art", 1]]


def test_outputs_follow_the_select_list_with_a_share(duckdb_shop):
    q = StructuredQuery(measures=[REVENUE.model_copy(update={"share": True})],
                        dimensions=[DimensionSpec(field="products")])
    compiled = compile_query(q, duckdb_shop.model)
    assert [o.alias for o in compiled.outputs] == [e.alias_or_name for e in compiled.tree.expressions]


def test_halves_of_the_year(shop):
    rows = run(shop, measures=[REVENUE], dimensions=[DimensionSpec(field="orders.order_date", grain="half")])
    assert rounded(rows) == [["H2 2023", 55.0], ["H1 2024", 97.0]]
