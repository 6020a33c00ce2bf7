"""The read-only guard: one read-only query passes; everything else is refused with a reason naming it."""
from __future__ import annotations

import pytest
from sqlglot import exp

from conversql.query.guard import DENIED_FUNCTIONS, HARMLESS_VENDOR_FUNCTIONS, UnsafeSQL, check_ast, check_sql


def refusal(sql: str, dialect: str, **kwargs) -> str:
    with pytest.raises(UnsafeSQL) as caught:
        check_sql(sql, dialect, **kwargs)
    return caught.value.reason


# (dialect, statement, what the reason must mention - compared case-insensitively)
HOSTILE = [
    # DDL and DML
    ("duckdb", "DROP TABLE t", "DROP TABLE"),
    ("postgres", "DROP VIEW IF EXISTS v", "DROP VIEW"),
    ("postgres", "DELETE FROM t", "DELETE"),
    ("sqlite", "DELETE FROM t WHERE 1 = 1", "DELETE"),
    ("mysql", "UPDATE t SET a = 1", "UPDATE"),
    ("sqlite", "INSERT INTO t VALUES (1)", "INSERT"),
    ("postgres", "INSERT INTO t SELECT * FROM u", "INSERT"),
    ("sqlite", "INSERT OR REPLACE INTO t VALUES (1)", "INSERT"),
    ("mysql", "REPLACE INTO t VALUES (1)", "REPLACE"),
    ("duckdb", "CREATE TABLE x AS SELECT 1", "CREATE TABLE"),
    ("postgres", "CREATE TEMP TABLE x AS SELECT 1", "CREATE TABLE"),
    ("duckdb", "CREATE VIEW v AS SELECT 1", "CREATE VIEW"),
    ("duckdb", "CREATE MACRO m(a) AS a", "CREATE MACRO"),
    ("postgres", "ALTER TABLE t ADD COLUMN c INT", "ALTER TABLE"),
    ("postgres", "TRUNCATE t", "TRUNCATE"),
    ("mysql", "TRUNCATE TABLE t", "TRUNCATE"),
    ("postgres", "MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE", "MERGE"),
    ("postgres", "GRANT SELECT ON t TO bob", "GRANT"),
    ("postgres", "REVOKE SELECT ON t FROM bob", "REVOKE"),
    ("postgres", "COMMENT ON TABLE t IS 'x'", "COMMENT"),
    # database, session and server commands
    ("sqlite", "PRAGMA writable_schema=1", "PRAGMA"),
    ("duckdb", "PRAGMA enable_profiling", "PRAGMA"),
    ("sqlite", "ATTACH 'x.db' AS x", "ATTACH"),
    ("duckdb", "ATTACH 'x.db'", "ATTACH"),
    ("sqlite", "DETACH x", "DETACH"),
    ("duckdb", "COPY t TO '/tmp/x'", "COPY"),
    ("duckdb", "COPY (SELECT 1) TO '/tmp/x.csv'", "COPY"),
    ("postgres", "COPY t FROM PROGRAM 'id'", "COPY"),
    ("duckdb", "INSTALL httpfs", "INSTALL"),
    ("duckdb", "FORCE INSTALL httpfs FROM community", "INSTALL"),
    ("duckdb", "LOAD httpfs", "LOAD"),
    ("duckdb", "SET threads=1", "SET"),
    ("postgres", "SET search_path TO x", "SET"),
    ("postgres", "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "SET"),
    ("mysql", "SET @a = 1", "SET"),
    ("postgres", "RESET ALL", "RESET"),
    ("mysql", "USE db", "USE"),
    ("duckdb", "USE other", "USE"),
    ("postgres", "CALL proc()", "CALL"),
    ("postgres", "EXECUTE stmt", "EXECUTE"),
    ("mysql", "EXEC proc", "EXEC"),
    ("postgres", "PREPARE p AS SELECT 1", "PREPARE"),
    ("postgres", "DO $$ BEGIN END $$", "DO"),
    ("postgres", "VACUUM", "VACUUM"),
    ("sqlite", "VACUUM INTO '/tmp/x.db'", "VACUUM"),
    ("postgres", "ANALYZE t", "ANALYZE"),
    ("duckdb", "CHECKPOINT", "CHECKPOINT"),
    ("duckdb", "EXPORT DATABASE '/tmp/x'", "EXPORT"),
    ("duckdb", "IMPORT DATABASE '/tmp/x'", "IMPORT"),
    ("postgres", "LOCK TABLE t", "LOCK"),
    ("mysql", "LOCK TABLES t WRITE", "LOCK TABLES"),
    ("postgres", "BEGIN", "BEGIN"),
    ("mysql", "START TRANSACTION READ WRITE", "TRANSACTION"),
    ("mysql", "KILL 1", "KILL"),
    ("postgres", "EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN"),
    ("postgres", "LISTEN x", "LISTEN"),
    ("mysql", "LOAD DATA INFILE '/etc/passwd' INTO TABLE t", "begins with LOAD"),
    ("mysql", "DO SLEEP(5)", "begins with DO"),
    ("duckdb", "SUMMARIZE t", "SUMMARIZE"),
    ("duckdb", "VALUES (1), (2)", "VALUES"),
    # stacked statements and comment tricks
    ("duckdb", "SELECT 1; DROP TABLE t", "2 statements found"),
    ("duckdb", "SELECT 1 /* */; DELETE FROM t", "2 statements found"),
    ("mysql", "SELECT 1; DROP TABLE t; --", "2 statements found"),
    ("sqlite", "SELECT 1; SELECT 2; SELECT 3", "3 statements found"),
    ("postgres", "SELECT 'a\\'; DROP TABLE t; -- '", "DROP TABLE"),
    ("mysql", "SELECT 1 /*!50000 , SLEEP(5) */", "executable comments"),
    ("mysql", "SELECT 1; /*! DROP TABLE t */", "executable comments"),
    ("mysql", "SELECT 1 /*M! , SLEEP(5) */", "executable comments"),
    ("mysql", "SELECT /*+ MAX_EXECUTION_TIME(1) */ 1", "hints"),
    ("postgres", "SELECT 1 /* a /* b */ c */", "nested comments"),
    # data-modifying CTEs and writing or locking SELECTs
    ("postgres", "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", "DELETE inside its WITH"),
    ("postgres", "WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x", "UPDATE inside its WITH"),
    ("postgres", "WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x", "INSERT inside its WITH"),
    ("postgres", "WITH x AS (SELECT 1) DELETE FROM t", "DELETE"),
    ("postgres", "SELECT * INTO newt FROM t", "INTO"),
    ("duckdb", "SELECT 1 INTO t", "INTO"),
    ("mysql", "SELECT 1 INTO @x", "INTO"),
    ("mysql", "SELECT * FROM t INTO OUTFILE '/tmp/x'", "INTO"),
    ("mysql", "SELECT * FROM t INTO DUMPFILE '/tmp/x'", "INTO"),
    ("postgres", "SELECT * FROM t FOR UPDATE", "FOR UPDATE"),
    ("postgres", "SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED", "FOR UPDATE"),
    ("postgres", "SELECT * FROM t FOR SHARE", "FOR SHARE"),
    ("mysql", "SELECT * FROM t LOCK IN SHARE MODE", "LOCK IN SHARE MODE"),
    # files and URLs
    ("duckdb", "SELECT * FROM read_csv('/etc/passwd')", "read_csv reads files"),
    ("duckdb", "SELECT * FROM read_csv_auto('data.csv')", "read_csv_auto"),
    ("duckdb", "SELECT * FROM read_parquet('http://evil.example/x.parquet')", "read_parquet"),
    ("duckdb", "SELECT * FROM read_json_auto('x.json')", "read_json_auto"),
    ("duckdb", "SELECT * FROM read_text('/etc/hosts')", "read_text"),
    ("duckdb", "SELECT * FROM read_blob('/etc/hosts')", "read_blob"),
    ("duckdb", "SELECT * FROM parquet_scan('x.parquet')", "parquet_scan"),
    ("duckdb", "SELECT * FROM glob('/home/*')", "glob"),
    ("duckdb", "SELECT * FROM sniff_csv('x.csv')", "sniff_csv"),
    ("duckdb", "SELECT * FROM '/etc/passwd'", "/etc/passwd"),
    ("duckdb", "SELECT * FROM 'data.csv'", "data.csv"),
    ("duckdb", "SELECT * FROM t JOIN 's3://bucket/k.parquet' AS k ON true", "s3://bucket"),
    ("duckdb", "SELECT * FROM t WHERE a IN (FROM 'https://x.example/ids.csv')", "https://"),
    ("sqlite", 'SELECT * FROM "/etc/passwd"', "/etc/passwd"),
    ("postgres", "SELECT pg_read_file('/etc/passwd')", "pg_read_file"),
    ("postgres", "SELECT pg_read_binary_file('/etc/passwd')", "pg_read_binary_file"),
    ("postgres", "SELECT pg_catalog.pg_read_file('/etc/passwd')", "pg_read_file"),
    ("postgres", "SELECT \"pg_read_file\"('/etc/passwd')", "pg_read_file"),
    ("postgres", "SELECT * FROM pg_ls_dir('/')", "pg_ls_dir"),
    ("postgres", "SELECT lo_import('/etc/passwd')", "lo_import"),
    ("postgres", "SELECT lo_export(1, '/tmp/x')", "lo_export writes files"),
    ("mysql", "SELECT LOAD_FILE('/etc/passwd')", "load_file"),
    ("sqlite", "SELECT readfile('/etc/passwd')", "readfile"),
    ("sqlite", "SELECT writefile('/tmp/x', 'y')", "writefile writes files"),
    # other databases, extensions and dynamic SQL
    ("postgres", "SELECT * FROM dblink('host=x', 'select 1') AS t(a int)", "dblink"),
    ("postgres", "SELECT dblink_exec('host=x', 'drop table t')", "dblink_exec"),
    ("duckdb", "SELECT * FROM postgres_scan('host=x', 'public', 't')", "postgres_scan"),
    ("duckdb", "SELECT * FROM query('DROP TABLE t')", "query"),
    ("duckdb", "SELECT * FROM query_table('t')", "query_table"),
    ("sqlite", "SELECT load_extension('/tmp/evil.so')", "load_extension"),
    # side effects: sleeps, settings, sessions, sequences, environment, variables
    ("postgres", "SELECT pg_sleep(10)", "pg_sleep"),
    ("postgres", "SELECT * FROM t WHERE id = (SELECT pg_sleep(10))", "pg_sleep"),
    ("mysql", "SELECT SLEEP(10)", "sleep"),
    ("mysql", "SELECT * FROM (SELECT SLEEP(1)) s", "sleep"),
    ("mysql", "SELECT BENCHMARK(1000000, MD5('a'))", "benchmark"),
    ("postgres", "SELECT set_config('search_path', 'x', false)", "set_config"),
    ("postgres", "SELECT pg_terminate_backend(1)", "pg_terminate_backend"),
    ("postgres", "SELECT pg_cancel_backend(1)", "pg_cancel_backend"),
    ("postgres", "SELECT nextval('s')", "nextval"),
    ("postgres", "SELECT setval('s', 1)", "setval"),
    ("postgres", "SELECT pg_advisory_lock(1)", "pg_advisory_lock"),
    ("duckdb", "SELECT getenv('AWS_SECRET_ACCESS_KEY')", "getenv"),
    ("mysql", "SELECT @a := 1", "Assigning variables"),
    ("mysql", "SELECT @@secure_file_priv", "SessionParameter"),
    # unknown functions, qualified calls, unparsable text
    ("duckdb", "SELECT my_udf(x) FROM t", "my_udf"),
    ("postgres", "SELECT txid_current()", "txid_current"),
    ("postgres", "SELECT evil.lower(name) FROM t", "schema-qualified"),
    ("duckdb", "SELECT 'abc'.upper()", "method-style"),
    ("duckdb", "SELEC garbage FROM", "could not be parsed"),
    ("postgres", "SELECT * FROM (", "could not be parsed"),
    ("duckdb", "SELECT 'unterminated", "could not be parsed"),
    ("duckdb", "SELECT " + "(" * 3000 + "1" + ")" * 3000, "could not be parsed"),
    ("duckdb", "", "No SQL statement"),
    ("sqlite", "   ", "No SQL statement"),
    ("postgres", "-- only a comment", "No SQL statement"),
    ("duckdb", ";", "No SQL statement"),
]


@pytest.mark.parametrize("dialect, sql, mentions", HOSTILE)
def test_hostile_statement_is_refused_with_a_reason_naming_it(dialect, sql, mentions):
    assert mentions.lower() in refusal(sql, dialect).lower()


LEGITIMATE = [
    ("duckdb", "SELECT c.country, SUM(o.amount) AS revenue FROM orders o JOIN customers c "
               "ON o.customer_id = c.id GROUP BY c.country ORDER BY revenue DESC LIMIT 10"),
    ("postgres", "SELECT c.name, COUNT(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id "
                 "GROUP BY c.name"),
    ("postgres", "WITH monthly AS (SELECT date_trunc('month', ordered_at) AS m, SUM(amount) AS rev FROM orders "
                 "GROUP BY 1) SELECT m, rev, rev - LAG(rev) OVER (ORDER BY m) AS growth FROM monthly"),
    ("postgres", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r"),
    ("duckdb", "SELECT name, RANK() OVER (PARTITION BY region ORDER BY sales DESC) AS place FROM reps"),
    ("duckdb", "SELECT name FROM reps QUALIFY ROW_NUMBER() OVER (PARTITION BY region ORDER BY sales) = 1"),
    ("mysql", "SELECT CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS size, COUNT(*) FROM orders "
              "GROUP BY size"),
    ("postgres", "SELECT EXTRACT(YEAR FROM ordered_at) AS y, AVG(amount) FROM orders GROUP BY 1"),
    ("duckdb", "SELECT date_trunc('month', d) AS m, strftime(d, '%Y-%m') AS label FROM orders"),
    ("sqlite", "SELECT strftime('%Y-%m', ordered_at) AS month, SUM(amount) FROM orders GROUP BY month"),
    ("sqlite", "SELECT julianday('now') - julianday(ordered_at), date('now', '-1 day') FROM orders"),
    ("mysql", "SELECT DATE_FORMAT(ordered_at, '%Y-%m'), IFNULL(discount, 0) FROM orders"),
    ("postgres", "SELECT to_char(d, 'YYYY-MM'), age(d), d::date, d + INTERVAL '1 day' FROM orders"),
    ("postgres", "SELECT name FROM a UNION SELECT name FROM b"),
    ("duckdb", "SELECT name FROM a UNION ALL SELECT name FROM b ORDER BY 1 LIMIT 5"),
    ("postgres", "SELECT id FROM a INTERSECT SELECT id FROM b EXCEPT SELECT id FROM c"),
    ("postgres", "SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE country = 'FR')"),
    ("postgres", "SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id "
                 "HAVING SUM(amount) > (SELECT AVG(amount) FROM orders)"),
    ("postgres", "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)"),
    ("mysql", "SELECT id FROM orders ORDER BY id LIMIT 10 OFFSET 20"),
    ("mysql", "SELECT id FROM orders LIMIT 20, 10"),
    ("postgres", "SELECT id FROM orders FETCH FIRST 5 ROWS ONLY"),
    ("postgres", 'SELECT "Order ID", "select" FROM "Sales Data" AS "s"'),
    ("mysql", "SELECT `order id`, `delete` FROM `drop`"),
    ("duckdb", 'SELECT "my table".x FROM "my table"'),
    ("postgres", "SELECT * FROM notes WHERE body LIKE '%drop table%' OR body = 'delete from users; --'"),
    ("duckdb", "SELECT 'DROP TABLE t; DELETE FROM u' AS text"),
    ("duckdb", "SELECT 1 -- DROP TABLE t"),
    ("postgres", "/* DELETE FROM t */ SELECT COUNT(*) FROM t"),
    ("sqlite", "SELECT COUNT(*) FROM t; -- done"),
    ("duckdb", "SELECT 1;"),
    ("duckdb", "FROM orders SELECT COUNT(*)"),
    ("postgres", "(SELECT 1)"),
    ("postgres", "SELECT COUNT(*) FILTER (WHERE amount > 1), "
                 "percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM orders"),
    ("postgres", "SELECT string_agg(name, ', ' ORDER BY name) FROM customers"),
    ("duckdb", "SELECT {'a': 1} AS s, list_transform([1, 2], x -> x + 1) AS l"),
    ("duckdb", "SELECT * FROM range(3) AS t(x) CROSS JOIN generate_series(1, 2) AS g(y)"),
    ("postgres", "SELECT * FROM unnest(ARRAY[1, 2]) AS u(x), LATERAL (SELECT x * 2 AS y) AS l"),
    ("postgres", "SELECT region, SUM(amount) FROM orders GROUP BY ROLLUP (region)"),
    ("duckdb", "SELECT * FROM orders PIVOT (SUM(amount) FOR region IN ('EU', 'US'))"),
    ("postgres", "SELECT COALESCE(a, 0), NULLIF(b, 0), GREATEST(a, b), ROUND(c::numeric, 2) FROM t"),
    ("sqlite", "SELECT * FROM orders WHERE id = ? AND region IN ('EU', 'US') AND d BETWEEN '2024-01-01' AND "
               "'2024-12-31' AND note IS NOT NULL"),
    ("postgres", "SELECT * FROM orders WHERE id = $1"),
    ("postgres", "SELECT doc ->> 'name', doc -> 'tags' FROM items"),
    ("duckdb", "SELECT * FROM orders USING SAMPLE 10%"),
    ("postgres", "TABLE orders"),
]


@pytest.mark.parametrize("dialect, sql", LEGITIMATE)
def test_analytical_query_passes(dialect, sql):
    assert isinstance(check_sql(sql, dialect), exp.Query)


@pytest.mark.parametrize("dialect, sql", LEGITIMATE)
def test_sql_regenerated_from_an_approved_tree_passes_again(dialect, sql):
    regenerated = check_sql(sql, dialect).sql(dialect=dialect)
    assert check_sql(regenerated, dialect).sql(dialect=dialect) == regenerated


def test_unsafe_sql_carries_the_reason_as_attribute_and_message():
    with pytest.raises(UnsafeSQL) as caught:
        check_sql("DELETE FROM t", "duckdb")
    assert caught.value.reason == str(caught.value)
    assert caught.value.reason == "Only a single read-only SELECT query is allowed; this statement is a DELETE."


def test_stacked_statements_reason_lists_each_kind():
    assert refusal("SELECT 1; DROP TABLE t", "duckdb") == (
        "2 statements found (SELECT, DROP TABLE); only one query is allowed.")


def test_parse_failure_reason_names_dialect_and_first_word():
    reason = refusal("EXPORT DATABASE '/tmp/x'", "duckdb")
    assert "could not be parsed as duckdb SQL" in reason and "begins with EXPORT" in reason


def test_unknown_dialect_is_a_programming_error():
    with pytest.raises(ValueError):
        check_sql("SELECT 1", "no-such-dialect")


def test_check_sql_returns_the_parsed_tree():
    tree = check_sql("SELECT a FROM t", "duckdb")
    assert isinstance(tree, exp.Select) and tree.sql() == "SELECT a FROM t"


# Unknown functions: refused by default, accepted when named per call, never for a denied name.

def test_unknown_function_is_refused_by_default():
    assert "my_udf is not a function ConverSQL knows" in refusal("SELECT my_udf(x) FROM t", "duckdb")


def test_unknown_function_passes_when_allowed_per_call():
    assert check_sql("SELECT my_udf(x) FROM t", "duckdb", allowed_functions={"my_udf"})


def test_allowed_functions_match_case_insensitively():
    assert check_sql("SELECT MY_UDF(x) FROM t", "duckdb", allowed_functions=["My_Udf"])


def test_allowed_functions_accepts_a_single_name():
    assert check_sql("SELECT my_udf(x) FROM t", "duckdb", allowed_functions="my_udf")


def test_allowed_functions_cannot_reallow_a_denied_function():
    reason = refusal("SELECT pg_read_file('/etc/passwd')", "postgres", allowed_functions={"pg_read_file"})
    assert "pg_read_file reads files" in reason


@pytest.mark.parametrize("dialect, sql", [
    ("sqlite", "SELECT julianday(d) FROM t"),
    ("postgres", "SELECT age(d) FROM t"),
    ("duckdb", "SELECT list_sum([1, 2])"),
    ("mysql", "SELECT unix_timestamp(d) FROM t"),
    ("duckdb", "SELECT time_bucket(INTERVAL '1 week', d) FROM t"),
])
def test_vendor_function_in_the_harmless_set_passes(dialect, sql):
    assert check_sql(sql, dialect)


def test_function_known_to_sqlglot_passes_without_listing():
    assert "levenshtein" not in HARMLESS_VENDOR_FUNCTIONS
    assert check_sql("SELECT levenshtein(a, b) FROM t", "duckdb")


def test_every_function_in_the_harmless_set_passes():
    refused = []
    for name in sorted(HARMLESS_VENDOR_FUNCTIONS):
        try:
            check_ast(exp.select(exp.Anonymous(this=name, expressions=[exp.column("x")])).from_("t"))
        except UnsafeSQL:
            refused.append(name)
    assert refused == []


def test_deny_table_is_written_in_lower_case():
    assert all(pattern == pattern.lower() for pattern in DENIED_FUNCTIONS)


def test_typed_sqlglot_function_that_reads_files_is_refused_by_check_ast():
    tree = exp.select("*").from_(exp.Table(this=exp.ReadCSV(this=exp.Literal.string("/etc/passwd"))))
    with pytest.raises(UnsafeSQL, match="read_csv reads files"):
        check_ast(tree)


# Table names that DuckDB would read as files.

@pytest.mark.parametrize("name", ["data.csv", "x.parquet", "/etc/passwd", "s3://b/k", "C:\\x", "logs/*.json",
                                  "dump.json.gz", "other.duckdb"])
def test_file_like_table_name_is_refused(name):
    assert name in refusal(f"SELECT * FROM '{name}'", "duckdb")


@pytest.mark.parametrize("name", ["orders", "my table", "sales.2024", "Customers"])
def test_ordinary_quoted_table_name_passes(name):
    assert check_sql(f'SELECT * FROM "{name}"', "duckdb")


# check_ast on trees the compiler builds, without SQL text.

def test_check_ast_returns_the_same_tree():
    tree = exp.select("name").from_("customers")
    assert check_ast(tree) is tree


def test_check_ast_accepts_compiler_shaped_time_buckets():
    d = exp.column("ordered_at", table="orders")
    quarter = exp.DPipe(this=exp.TimeToStr(this=d, format=exp.Literal.string("%Y")),
                        expression=exp.cast(exp.Extract(this=exp.var("QUARTER"), expression=d), "TEXT"), safe=True)
    week = exp.Anonymous(this="TO_CHAR", expressions=[d, exp.Literal.string('IYYY-"W"IW')])
    revenue = exp.Sum(this=exp.column("amount"))
    tree = (exp.select(exp.alias_(quarter, "q"), exp.alias_(week, "w"), exp.alias_(revenue, "s"))
            .from_("orders").where(exp.GTE(this=d, expression=exp.cast(exp.Literal.string("2024-01-01"), "DATE")))
            .group_by("q", "w").order_by("q").limit(100))
    assert check_ast(tree) is tree


def test_check_ast_refuses_a_built_delete():
    with pytest.raises(UnsafeSQL, match="this statement is a DELETE"):
        check_ast(exp.delete("t"))


def test_check_ast_refuses_a_built_insert():
    with pytest.raises(UnsafeSQL, match="INSERT"):
        check_ast(exp.insert("SELECT 1", "t"))


def test_check_ast_refuses_node_types_it_does_not_know():
    tree = exp.select(exp.SessionParameter(this=exp.to_identifier("version")))
    with pytest.raises(UnsafeSQL, match="does not recognise"):
        check_ast(tree)


def test_check_ast_refuses_select_into():
    tree = exp.select("*").from_("t")
    tree.set("into", exp.Into(this=exp.to_table("copy_of_t")))
    with pytest.raises(UnsafeSQL, match="INTO"):
        check_ast(tree)


def test_check_ast_refuses_executable_comment_on_a_node():
    tree = exp.select(exp.Literal.number(1))
    tree.expressions[0].add_comments(["! , SLEEP(5) "])
    with pytest.raises(UnsafeSQL, match="Executable comments"):
        check_ast(tree)


# Details of what is and is not read-only.

def test_ordinary_comments_pass():
    assert check_sql("SELECT 1 /* top 10 customers; drop the rest */ -- note", "postgres")


def test_struct_literal_passes_but_variable_assignment_is_refused():
    assert check_sql("SELECT struct_pack(a := 1)", "duckdb")
    assert "Assigning variables" in refusal("SELECT @total := 1", "mysql")


def test_reading_a_user_variable_passes():
    assert check_sql("SELECT @a", "mysql")


def test_with_recursive_is_allowed():
    assert check_sql("WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r) SELECT n FROM r LIMIT 3",
                     "duckdb")


def test_data_modifying_cte_among_read_only_ctes_is_refused():
    sql = "WITH a AS (SELECT 1), b AS (UPDATE t SET x = 1 RETURNING x) SELECT * FROM a"
    assert "UPDATE inside its WITH clause" in refusal(sql, "postgres")


def test_select_into_is_refused_even_inside_a_union_branch():
    assert "INTO" in refusal("SELECT 1 UNION SELECT 2 INTO t", "postgres")
