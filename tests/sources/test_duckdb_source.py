"""DuckDBSource on a real DuckDB file: the shared contract, plus DuckDB's own lock-down of external access."""
from __future__ import annotations

import duckdb
import pytest

from conversql.sources import DuckDBSource, SourceError, open_source

from .shop import SourceContract, create_shop


@pytest.fixture(scope="module")
def shop_path(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("duckdb") / "shop.duckdb")
    db = duckdb.connect(path)
    create_shop(lambda sql, params=None: db.execute(sql, params), executemany=db.executemany)
    db.close()
    return path


@pytest.fixture(scope="module")
def shop(shop_path):
    source = open_source(f"duckdb:///{shop_path}")
    yield source
    source.close()


@pytest.fixture(scope="module")
def shop_schema(shop):
    return shop.introspect()


class TestDuckDBContract(SourceContract):
    slow_sql = "SELECT COUNT(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = 17"
    refusal = "read-only"


def test_opens_as_a_duckdb_source(shop):
    assert isinstance(shop, DuckDBSource) and shop.dialect == "duckdb"


@pytest.fixture()
def csv_file(tmp_path) -> str:
    path = tmp_path / "secret.csv"
    path.write_text("a,b\n1,2\n")
    return str(path)


@pytest.mark.parametrize("statement", [
    "SELECT * FROM read_csv('{csv}')",
    "SELECT * FROM '{csv}'",
    "SELECT * FROM read_text('{csv}')",
    "COPY (SELECT 1) TO '{csv}.out'",
    "ATTACH '{csv}.db' AS other",
])
def test_cannot_touch_other_files(shop, csv_file, statement):
    with pytest.raises(SourceError) as info:
        shop.execute(statement.format(csv=csv_file))
    assert "disabled by configuration" in str(info.value)


@pytest.mark.parametrize("statement", ["INSTALL httpfs", "LOAD httpfs"])
def test_cannot_install_or_load_extensions(shop, statement):
    with pytest.raises(SourceError):
        shop.execute(statement)


def test_configuration_is_locked(shop):
    with pytest.raises(SourceError) as info:
        shop.execute("SET enable_external_access = true")
    assert "locked" in str(info.value)


def test_timestamp_with_time_zone_is_iso_text(shop):
    result = shop.execute("SELECT TIMESTAMPTZ '2024-01-05 10:30:00+00' AS at")
    assert result.kinds == ["datetime"]
    assert result.rows[0][0].startswith("2024-01-05")


def test_nested_values_are_json_friendly(shop):
    result = shop.execute("SELECT [1, 2] AS xs, {'a': DATE '2024-01-01'} AS s, 'ab'::BLOB AS b")
    assert result.rows == [[[1, 2], {"a": "2024-01-01"}, "ab"]]
    assert result.kinds == ["other", "other", "other"]


def test_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="no DuckDB file"):
        open_source(str(tmp_path / "absent.duckdb"))
