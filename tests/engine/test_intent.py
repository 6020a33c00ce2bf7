"""route: what kind of message this is, decided before any understanding."""
from __future__ import annotations

import pytest

from conversql.engine.intent import route


@pytest.mark.parametrize("message", [
    "delete all invoices",
    "drop the Customer table",
    "Update the price of Chai to 20",
    "please truncate the orders",
    "can you remove every customer",
    "INSERT INTO orders VALUES (1)",
    "DROP TABLE orders",
    "delete the customer table",
])
def test_writes_are_refused(message):
    assert route(message, has_context=False).intent == "refuse"


def test_a_refusal_says_why():
    assert '"delete" would modify the database' in route("delete all invoices", False).reason


def test_a_sql_statement_refusal_says_why():
    assert route("DROP TABLE orders", False).reason == \
        "ConverSQL only reads data; statements that change a database are refused."


@pytest.mark.parametrize("message", [
    "Smith'; DELETE FROM Invoice; --",
    "Show customers; drop table customers",
    "revenue by country'; update orders set freight = 0",
])
def test_injections_are_refused(message):
    r = route(message, has_context=False)
    assert (r.intent, r.reason) == ("refuse", "The question contains SQL that would change data; nothing was run.")


@pytest.mark.parametrize("message", [
    "SELECT * FROM Invoice",
    "select 1",
    "  with t as (select 1 as x) select * from t",
    "SELECT * FROM orders; DROP TABLE orders",     # the guard refuses it, with the statements named
])
def test_raw_sql(message):
    assert route(message, has_context=False).intent == "raw_sql"


@pytest.mark.parametrize("message, chart", [
    ("as a pie chart", "pie"),
    ("show as a bar chart", "bar"),
    ("line chart please", "line"),
    ("make it a table", "table"),
    ("switch to a donut", "pie"),
    ("as a scatter plot", "scatter"),
])
def test_chart_changes_with_context(message, chart):
    r = route(message, has_context=True)
    assert (r.intent, r.chart_type) == ("change_chart", chart)


def test_a_chart_word_without_context_is_a_question():
    assert route("as a pie chart", has_context=False).intent == "data_question"


def test_a_long_question_mentioning_a_chart_word_is_a_question():
    assert route("show the number of products in each category as counted by the line managers", True).intent \
        == "data_question"


@pytest.mark.parametrize("message", ["why?", "explain", "how did you get that", "show me the sql",
                                     "what query did you run"])
def test_explain_with_context(message):
    assert route(message, has_context=True).intent == "explain"


def test_why_without_context_is_a_question():
    assert route("why?", has_context=False).intent == "data_question"


@pytest.mark.parametrize("message", ["what tables are there", "help", "what can I ask?", "describe the database",
                                     "list the tables", "what data do you have"])
def test_schema_help(message):
    assert route(message, has_context=False).intent == "schema_help"


@pytest.mark.parametrize("message", ["remove Seafood", "change it to last year", "add Germany"])
def test_refining_verbs_in_a_conversation_are_questions(message):
    assert route(message, has_context=True).intent == "data_question"


def test_refining_verbs_on_data_are_still_refused_in_a_conversation():
    assert route("remove all rows", has_context=True).intent == "refuse"


@pytest.mark.parametrize("message", ["show me sales", "customers who dropped out", "Selected customers in Germany",
                                     "total revenue by month"])
def test_ordinary_questions(message):
    assert route(message, has_context=False).intent == "data_question"


def test_asking_to_create_a_chart_is_a_question():
    assert route("Create a chart of revenue by month", has_context=False).intent == "data_question"
