"""The correction loop: invalid JSON, unknown columns and database errors go back to the model, at most twice."""
from __future__ import annotations


def test_malformed_json_is_fed_back_and_the_corrected_plan_answers(make_engine, replay):
    q = "which customers churned after their first complaint"
    answer = make_engine().ask(q, source="demo", mode="llm")
    assert answer.error is None, answer.error
    assert answer.columns == ["company_name", "signup_date"] and len(answer.rows) == 10
    first, second = replay.for_question(q)
    assert len(first.body["messages"]) == 2                       # system, question
    assistant, correction = second.body["messages"][-2:]
    assert assistant["role"] == "assistant" and assistant["content"].startswith("Sure! Here is the plan")
    assert "not valid JSON" in correction["content"]
    assert [s.name for s in answer.steps].count("plan") == 2


def test_an_unknown_column_is_named_with_the_nearest_real_ones(make_engine, replay):
    q = "list the loyalty tier of each customer"
    answer = make_engine().ask(q, source="demo", mode="llm")
    assert answer.error is None and answer.columns == ["company_name", "segment"]
    correction = replay.for_question(q)[1].body["messages"][-1]["content"]
    assert "'customers.loyalty_tier' does not exist" in correction


def test_a_database_error_is_fed_back(make_engine, replay):
    q = "total basket spend per shipper"
    answer = make_engine().ask(q, source="demo", mode="llm")
    assert answer.error is None, answer.error
    assert len(answer.rows) == 3 and answer.columns == ["company_name", "spend"]
    correction = replay.for_question(q)[1].body["messages"][-1]["content"]
    assert correction.startswith("That plan failed: the database refused it") and "total" in correction
    executes = [s for s in answer.steps if s.name == "execute"]
    assert [s.status for s in executes] == ["error", "ok"]  # the failed run was an answer error, not a crash


def test_after_two_corrections_the_error_is_honest(make_engine, replay):
    q = "what is our net promoter score"
    answer = make_engine().ask(q, source="demo", mode="llm")
    assert len(replay.for_question(q)) == 3                  # the first plan and two corrections, no more
    assert answer.error_kind == "not_understood" and not answer.rows and answer.sql is None
    assert "3 attempts" in answer.response and "customers.nps" in answer.response
    assert answer.usage.total_tokens == 3 * 630              # every attempt is paid for and reported


def test_the_number_of_corrections_is_a_setting(make_engine, replay):
    q = "what is our net promoter score"
    make_engine(llm_max_corrections=0).ask(q, source="demo", mode="llm")
    assert len(replay.for_question(q)) == 1
