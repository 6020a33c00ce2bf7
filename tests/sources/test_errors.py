"""Driver exceptions as user-safe messages."""
from __future__ import annotations

from conversql.sources import QueryTimeout
from conversql.sources.errors import database_message, timed_out


def test_pymysql_style_errors_read_naturally():
    assert database_message(Exception(1146, "Table 'shop.x' doesn't exist")) == \
        "Table 'shop.x' doesn't exist (error 1146)"


def test_secrets_are_masked():
    error = Exception('could not connect as "ana" with password s3cret')
    assert database_message(error, ["s3cret"]) == 'could not connect as "ana" with password ***'


def test_wrapped_exceptions_show_the_driver_message():
    class Wrapped(Exception):
        orig = ValueError("relation \"x\" does not exist")
    assert database_message(Wrapped("[SQL: select ...] background on this error")) == 'relation "x" does not exist'


def test_long_messages_are_cut():
    assert len(database_message(Exception("x" * 10_000))) < 2100


def test_timed_out_is_a_query_timeout():
    error = timed_out(0.5)
    assert isinstance(error, QueryTimeout) and "0.5 s" in str(error)
