"""The read-only guard: every SQL statement passes this AST allow-list before it reaches a database.

The guard accepts one SELECT (or a set operation of SELECTs, optionally under WITH) and walks every node of
its tree, accepting only node types known to be read-only. Anything it does not recognise is refused: a
deny-list would let through whatever its authors forgot, and new sqlglot versions add node types.
A read-only database connection is the second, separate line of defence.

Execute the SQL regenerated from the returned tree (`tree.sql(dialect=...)`), not the original text: then
what runs is exactly what was checked, even where sqlglot's tokenizer and the database's disagree.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError

__all__ = ["DENIED_FUNCTIONS", "HARMLESS_VENDOR_FUNCTIONS", "UnsafeSQL", "check_ast", "check_sql"]


class UnsafeSQL(Exception):
    """A statement the guard refused; `.reason` is a sentence a user can read."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_READS_FILES = "reads files or URLs"
_WRITES_FILES = "writes files"
_OTHER_DATABASES = "reaches other databases or runs SQL given as text"
_STALLS = "stalls the database (sleep or busy loop)"

# Functions refused wherever they appear, by lower-cased name or glob, first match wins. Checked before
# any allow-set, so nothing can re-allow them. Most are also unknown to sqlglot, so the anonymous-function
# allow-list below would refuse them anyway; this table is what gives the user a reason that says why.
DENIED_FUNCTIONS: dict[str, str] = {
    "lo_export": _WRITES_FILES,
    "writefile": _WRITES_FILES,
    "pg_file_*": _WRITES_FILES,
    "to_file": _READS_FILES,
    "read_*": _READS_FILES,             # DuckDB read_csv, read_csv_auto, read_parquet, read_json*, read_text ...
    "parquet_*": _READS_FILES,          # parquet_scan, parquet_metadata, parquet_schema
    "glob": _READS_FILES,
    "sniff_csv": _READS_FILES,
    "st_read*": _READS_FILES,
    "iceberg_*": _READS_FILES,
    "delta_scan": _READS_FILES,
    "pg_read_*": _READS_FILES,          # pg_read_file, pg_read_binary_file
    "pg_ls_*": _READS_FILES,
    "pg_stat_file": _READS_FILES,
    "lo_*": _READS_FILES,               # lo_import, lo_get ... (server-side large objects)
    "load_file": _READS_FILES,
    "readfile": _READS_FILES,
    "dblink*": _OTHER_DATABASES,
    "postgres_*": _OTHER_DATABASES,     # DuckDB postgres_scan, postgres_query, postgres_execute
    "mysql_*": _OTHER_DATABASES,
    "sqlite_scan": _OTHER_DATABASES,
    "sqlite_attach": _OTHER_DATABASES,
    "*_scan": _OTHER_DATABASES,
    "query": _OTHER_DATABASES,
    "query_table": _OTHER_DATABASES,
    "load_extension": "loads extension code",
    "pg_sleep*": _STALLS,
    "sleep": _STALLS,
    "benchmark": _STALLS,
    "set_config": "changes server settings",
    "pg_reload_conf": "changes server settings",
    "pg_terminate_backend": "stops other database sessions",
    "pg_cancel_backend": "stops other database sessions",
    "nextval": "advances a sequence",
    "setval": "changes a sequence",
    "next_value_for": "advances a sequence",
    "pg_advisory_*": "takes locks",
    "get_lock": "takes locks",
    "getenv": "reads the server's environment variables",
    "http_*": "sends network requests",
    "pg_notify": "signals other sessions",
    "ai_*": "calls an external model service",
}

# Decision on functions sqlglot does not know (it parses them as exp.Anonymous): refuse them unless named
# here. A deny-list alone would pass every file reader, extension function or user-defined function we
# never heard of (DuckDB alone gains new read_* and *_scan functions every release), and reading files
# is something a read-only connection does NOT prevent. The price is that a legitimate vendor function
# missing from this set is refused with a reason naming it; add it here, or pass it per call through
# `allowed_functions`. Functions sqlglot does know (exp.Sum, exp.DateTrunc, ...) are a curated catalogue
# of value computations and pass unless DENIED_FUNCTIONS names them.
HARMLESS_VENDOR_FUNCTIONS: frozenset[str] = frozenset("""
    age date date_part datepart datetime time julianday unixepoch strftime strptime to_char to_date to_timestamp
    to_number date_format time_format from_unixtime unix_timestamp from_days to_days sec_to_time timediff
    period_diff convert_tz timestampadd time_bucket make_date make_time make_timestamp epoch epoch_ms epoch_us
    epoch_ns isoyear isodow weekday yearweek microsecond millisecond now
    btrim mid printf octet_length bit_count ilike regexp_matches regexp_split_to_array string_split
    split_part initcap lpad rpad strpos instr
    gcd lcm hash sha256 isfinite isinf isnan isnull ifnull iif nvl cardinality
    arbitrary favg fsum product total entropy histogram quantile_cont quantile_disc
    json_agg jsonb_agg row_to_json to_json json_array_length json_extract_path json_extract_path_text
    json_extract_string json_value list_aggregate list_contains list_sum list_value array_length
""".split())

_FILE_LIKE_TABLE = re.compile(
    r"[/\\:*?]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|bz2|xz|zip|xlsx?|arrow|feather|avro|orc"
    r"|db|sqlite3?|duckdb)$", re.IGNORECASE)

# Read-only structure a SELECT is built from. Operators (exp.Binary, exp.Unary, exp.Predicate) and
# functions (exp.Func) are accepted as families below, with their exceptions handled first.
_READ_ONLY_NODES: tuple[type[exp.Expression], ...] = (
    exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Subquery, exp.With, exp.CTE, exp.From, exp.Join,
    exp.Where, exp.Group, exp.Having, exp.Qualify, exp.Order, exp.Ordered, exp.Limit, exp.Offset, exp.Fetch,
    exp.LimitOptions, exp.Distinct, exp.Window, exp.WindowSpec, exp.Lateral, exp.Pivot, exp.PivotAlias,
    exp.Values, exp.Tuple, exp.Table, exp.TableAlias, exp.TableSample, exp.Alias, exp.Aliases, exp.Star,
    exp.Column, exp.ColumnDef, exp.Identifier, exp.Literal, exp.Null, exp.Boolean, exp.Var, exp.National,
    exp.ByteString, exp.RawString, exp.HexString, exp.BitString, exp.UnicodeString, exp.DataType,
    exp.DataTypeParam, exp.ObjectIdentifier, exp.Interval, exp.IntervalSpan, exp.In, exp.Between,
    exp.Lambda, exp.Filter, exp.WithinGroup, exp.IgnoreNulls, exp.RespectNulls, exp.Placeholder,
    exp.Parameter, exp.Rollup, exp.Cube, exp.GroupingSets, exp.AtTimeZone, exp.Bracket, exp.Slice,
    exp.JSONPath, exp.JSONPathKey, exp.JSONPathRoot, exp.JSONPathSubscript, exp.JSONPathWildcard,
    exp.JSONPathSlice,
)
_OPERATORS = (exp.Binary, exp.Unary, exp.Predicate)

# What a statement node is called in a reason: "this statement is a DROP TABLE".
_STATEMENT_NAMES: dict[type[exp.Expression], str] = {
    exp.Insert: "INSERT", exp.Update: "UPDATE", exp.Delete: "DELETE", exp.Merge: "MERGE",
    exp.TruncateTable: "TRUNCATE", exp.Grant: "GRANT", exp.Revoke: "REVOKE", exp.Pragma: "PRAGMA",
    exp.Attach: "ATTACH", exp.Detach: "DETACH", exp.Copy: "COPY", exp.Install: "INSTALL", exp.Set: "SET",
    exp.Use: "USE", exp.Analyze: "ANALYZE", exp.Describe: "DESCRIBE", exp.Summarize: "SUMMARIZE",
    exp.Show: "SHOW", exp.Transaction: "BEGIN TRANSACTION", exp.Commit: "COMMIT", exp.Rollback: "ROLLBACK",
    exp.Comment: "COMMENT", exp.Kill: "KILL", exp.Execute: "EXECUTE", exp.LoadData: "LOAD DATA",
    exp.Export: "EXPORT", exp.Refresh: "REFRESH", exp.Cache: "CACHE", exp.Uncache: "UNCACHE",
    exp.Declare: "DECLARE", exp.Values: "VALUES list", exp.Pivot: "PIVOT statement",
}
_KIND_STATEMENTS: dict[type[exp.Expression], str] = {exp.Create: "CREATE", exp.Drop: "DROP", exp.Alter: "ALTER"}


def check_sql(sql: str, dialect: str, *, allowed_functions: Iterable[str] = ()) -> exp.Expression:
    """Parse `sql` in `dialect` and return its AST if it is one read-only query; raise UnsafeSQL otherwise.

    An unknown dialect name is a programming error and raises ValueError.

    >>> check_sql("SELECT country, count(*) FROM customers GROUP BY 1;", "duckdb").sql("duckdb")
    'SELECT country, COUNT(*) FROM customers GROUP BY 1'
    """
    parser_dialect = Dialect.get_or_raise(dialect)
    tokens, trees = _parse(sql, parser_dialect, dialect)
    for token in tokens:
        for text in token.comments:
            _refuse_if(_comment_refusal(text))
    statements = [t for t in trees if t is not None and not isinstance(t, exp.Semicolon)]
    if not statements:
        raise UnsafeSQL("No SQL statement found; send one SELECT query.")
    if len(statements) > 1:
        kinds = ", ".join(_statement_name(s) or _first_word(s) or type(s).__name__ for s in statements)
        raise UnsafeSQL(f"{len(statements)} statements found ({kinds}); only one query is allowed.")
    _check_root(statements[0], first_word=_keyword(tokens[0].text))
    return check_ast(statements[0], allowed_functions=allowed_functions)


def check_ast(tree: exp.Expression, *, allowed_functions: Iterable[str] = ()) -> exp.Expression:
    """Return `tree` unchanged if it is one read-only query; raise UnsafeSQL naming the first problem found.

    `allowed_functions` names extra functions unknown to sqlglot to accept (e.g. a site's own UDFs);
    it cannot re-allow anything in DENIED_FUNCTIONS.

    >>> check_ast(exp.select("name").from_("customers")).sql()
    'SELECT name FROM customers'
    """
    _check_root(tree)
    names = [allowed_functions] if isinstance(allowed_functions, str) else allowed_functions
    extra = frozenset(name.lower() for name in names)
    for node in tree.walk():
        _refuse_if(_node_refusal(node, extra))
    return tree


def _parse(sql: str, parser_dialect: Dialect, dialect: str) -> tuple[list, list]:
    tokens: list = []
    try:
        tokens = parser_dialect.tokenize(sql)
        return tokens, parser_dialect.parser().parse(tokens, sql)
    # Any failure (ParseError, TokenError, RecursionError on absurd nesting ...) means the text was not
    # checked, and text that was not checked never reaches the database.
    except Exception as err:  # noqa: BLE001
        detail = _parse_error_detail(err)
        begins = f" It begins with {_keyword(tokens[0].text)}." if tokens and _keyword(tokens[0].text) else ""
        raise UnsafeSQL(f"This SQL could not be parsed as {dialect} SQL ({detail}), so it cannot be checked "
                        f"and is not allowed.{begins}") from err


def _parse_error_detail(err: Exception) -> str:
    if isinstance(err, ParseError) and err.errors:
        first = err.errors[0]
        near = (first.get("highlight") or "").strip()
        return f"{first.get('description')} at line {first.get('line')}, column {first.get('col')}" + (
            f" near {near}" if near else "")
    return f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}".rstrip(": ")


def _refuse_if(reason: str | None) -> None:
    if reason:
        raise UnsafeSQL(reason)


def _check_root(tree: exp.Expression, first_word: str | None = None) -> None:
    body = tree.unnest() if isinstance(tree, exp.Subquery) else tree
    if isinstance(body, (exp.Select, exp.SetOperation)):
        return
    name = _statement_name(body)
    # sqlglot reads statements it does not know (CHECKPOINT, LISTEN x) as bare expressions: name the
    # keyword the user wrote rather than the node it became.
    word = first_word or _first_word(body)
    found = (f"is {_article(name)} {name}" if name else f"begins with {word}" if word
             else f"is a bare {type(body).__name__} expression, not a query")
    raise UnsafeSQL(f"Only a single read-only SELECT query is allowed; this statement {found}.")


def _node_refusal(node: exp.Expression, extra: frozenset[str]) -> str | None:
    """Why this one node is not read-only, or None when it is. Its children are checked separately."""
    for text in node.comments or ():
        if reason := _comment_refusal(text):
            return reason
    if isinstance(node, exp.Into):
        return "SELECT ... INTO writes the result into a table, file or variable and is not allowed."
    if isinstance(node, exp.Lock):
        return "Row-locking clauses (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE) are not allowed."
    if isinstance(node, exp.Hint):
        return "Optimizer hints (/*+ ... */) are not allowed."
    if isinstance(node, exp.Table):
        return _table_refusal(node)
    if isinstance(node, exp.Dot):
        return _dot_refusal(node, extra)
    if isinstance(node, exp.PropertyEQ):
        # `{'a': 1}` and named arguments are harmless; MySQL's `@v := 1` assigns a session variable.
        if isinstance(node.this, (exp.Identifier, exp.Var, exp.Column)):
            return None
        return f"Assigning variables ({_snippet(node)}) is not allowed."
    if isinstance(node, exp.Func):
        return _function_refusal(node, extra)
    if isinstance(node, exp.Operator):
        return f"Custom operators ({_snippet(node)}) are not allowed."
    if isinstance(node, _READ_ONLY_NODES) or isinstance(node, _OPERATORS):
        return None
    if name := _statement_name(node):
        where = "inside its WITH clause" if node.find_ancestor(exp.CTE) else "inside it"
        return f"Only read-only queries are allowed; this query has {_article(name)} {name} {where}."
    return (f"This query uses {type(node).__name__} ({_snippet(node)}), which the read-only check does not "
            "recognise; only known read-only SQL is allowed.")


def _comment_refusal(text: str) -> str | None:
    if text.lstrip().startswith(("!", "M!", "+")):
        # MySQL/MariaDB execute /*! ... */ and /*M! ... */; /*+ ... */ are optimizer hints.
        return "Executable comments (/*! ... */) and hint comments (/*+ ... */) are not allowed."
    if "/*" in text:
        # PostgreSQL and DuckDB nest block comments, MySQL and SQLite do not: they disagree on where it ends.
        return "Nested comments (/* inside a comment) are not allowed."
    return None


def _table_refusal(table: exp.Table) -> str | None:
    # DuckDB reads `FROM 'x.csv'` and `FROM "s3://b/x.parquet"` as files; sqlglot gives both as a quoted
    # identifier, indistinguishable from a table, so refuse names that look like paths in every dialect.
    if isinstance(table.this, (exp.Identifier, exp.Literal)) and _FILE_LIKE_TABLE.search(table.name):
        return f"'{table.name}' in FROM looks like a file path or URL; reading files is not allowed."
    return None


def _dot_refusal(dot: exp.Dot, extra: frozenset[str]) -> str | None:
    if not isinstance(dot.expression, exp.Func):
        return None                     # struct field access: s.a.b
    for name in _function_names(dot.expression):
        if why := _denied_because(name):
            return f"{name} {why} and is not allowed."
    # `schema.lower(x)` calls whatever that schema defines, not the built-in the name suggests.
    return f"Schema-qualified or method-style function calls ({_snippet(dot)}) are not allowed."


def _function_refusal(func: exp.Func, extra: frozenset[str]) -> str | None:
    names = _function_names(func)
    for name in names:
        if why := _denied_because(name):
            return f"{name} {why} and is not allowed."
    if isinstance(func, (exp.Anonymous, exp.AnonymousAggFunc, exp.ParameterizedAgg)):
        if names[0] in HARMLESS_VENDOR_FUNCTIONS or names[0] in extra:
            return None
        return (f"{names[0]} is not a function ConverSQL knows to be read-only, so it is not allowed "
                "(unknown functions are refused because they may read files or change data).")
    return None


def _function_names(func: exp.Func) -> list[str]:
    if isinstance(func, (exp.Anonymous, exp.AnonymousAggFunc, exp.ParameterizedAgg)):
        return [func.name.lower()]
    return [name.lower() for name in type(func).sql_names()]


def _denied_because(name: str) -> str | None:
    return next((why for pattern, why in DENIED_FUNCTIONS.items() if fnmatchcase(name, pattern)), None)


def _statement_name(node: exp.Expression) -> str | None:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if type(node) in _KIND_STATEMENTS:
        kind = node.args.get("kind")
        return f"{_KIND_STATEMENTS[type(node)]} {kind}".upper() if kind else _KIND_STATEMENTS[type(node)]
    return _STATEMENT_NAMES.get(type(node))


def _first_word(node: exp.Expression) -> str | None:
    words = _snippet(node).split()
    return _keyword(words[0]) if words else None


def _keyword(text: str) -> str | None:
    return text.upper() if re.fullmatch(r"[A-Za-z_]\w*", text) else None


def _snippet(node: exp.Expression, limit: int = 60) -> str:
    try:
        text = node.sql()
    except Exception:  # noqa: BLE001 - a reason is still owed for a node sqlglot cannot print
        return type(node).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _article(name: str) -> str:
    # "an UPDATE" but "a USE"
    return "an" if name[:1] in "AEIO" or (name.startswith("U") and not name.startswith("USE")) else "a"

