"""Table profiling through a source's own execute: counts, values, ISO dates, and a statement budget."""
from __future__ import annotations

import duckdb
import pytest

from conversql.sources import DATE, TEXT, Column, DuckDBSource, Table
from conversql.sources import profile as profile_module
from conversql.sources.profile import profile_table


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("profile") / "p.duckdb")
    db = duckdb.connect(path)
    db.execute("CREATE TABLE t AS SELECT i AS id, 'k' || (i % 4) AS kind, 'n' || i AS name, "
               "CAST(DATE '2024-01-01' + CAST(i AS INTEGER) AS VARCHAR) AS day, NULL::VARCHAR AS empty FROM range(1, 1001) r(i)")
    db.close()
    src = DuckDBSource(path)
    yield src
    src.close()


def t_table() -> Table:
    return Table("t", [Column("id", "BIGINT", "number"), Column("kind", "VARCHAR", TEXT),
                       Column("name", "VARCHAR", TEXT), Column("day", "VARCHAR", TEXT),
                       Column("empty", "VARCHAR", TEXT)])


def test_counts_rows(source):
    table = t_table()
    profile_table(table, "duckdb", source.execute)
    assert table.row_count == 1000


def test_lists_values_of_few_valued_text_and_counts_the_rest(source):
    table = t_table()
    profile_table(table, "duckdb", source.execute)
    assert table.column("kind").values == ["k0", "k1", "k2", "k3"]
    assert (table.column("name").distinct_count, table.column("name").values) == (1000, None)
    assert (table.column("empty").distinct_count, table.column("empty").values) == (0, None)


def test_iso_text_becomes_dates_only_when_asked(source):
    table = t_table()
    profile_table(table, "duckdb", source.execute)
    assert table.column("day").kind == TEXT
    profile_table(table, "duckdb", source.execute, iso_text_dates=True)
    assert table.column("day").kind == DATE


def test_key_candidates_get_distinct_counts(source):
    table = t_table()
    profile_table(table, "duckdb", source.execute, key_candidates=["id"])
    assert table.column("id").distinct_count == 1000


def test_a_huge_estimate_is_kept_instead_of_counting(source):
    table = t_table()
    profile_table(table, "duckdb", source.execute, estimated_rows=profile_module.EXACT_COUNT_LIMIT + 1)
    assert table.row_count == profile_module.EXACT_COUNT_LIMIT + 1


def test_big_tables_are_sampled(source, monkeypatch):
    monkeypatch.setattr(profile_module, "SAMPLE_ROWS", 10)
    table = t_table()
    profile_table(table, "duckdb", source.execute)
    assert table.column("name").distinct_count == 10


def test_a_key_unique_in_the_sample_of_a_big_table_counts_as_unique(source, monkeypatch):
    monkeypatch.setattr(profile_module, "SAMPLE_ROWS", 10)
    table = t_table()
    profile_table(table, "duckdb", source.execute, key_candidates=["id"])
    assert table.column("id").distinct_count == table.row_count == 1000


def test_at_most_four_statements_per_table_whatever_its_width(source):
    statements = []

    def counting(sql, **kw):
        statements.append(sql)
        return source.execute(sql, **kw)

    profile_table(t_table(), "duckdb", counting, iso_text_dates=True, key_candidates=["id"])
    assert len(statements) <= 4


def test_a_failing_table_stays_unprofiled(source):
    table = Table("no_such_table", [Column("x", "VARCHAR", TEXT)])
    profile_table(table, "duckdb", source.execute)
    assert (table.row_count, table.column("x").distinct_count) == (None, None)
