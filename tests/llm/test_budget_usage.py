"""Token usage per answer (all attempts), and the per-tenant token budget."""
from __future__ import annotations

from conversql.engine.pipeline import DETERMINISTIC_MODEL
from conversql.llm.budget import BudgetExhausted, TokenBudget

LOYAL = "how many loyal shoppers do we have per segment"


def test_usage_is_what_the_provider_reported(make_engine):
    usage = make_engine().ask(LOYAL, source="demo", mode="llm").usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (812, 64, 876)
    assert usage.cached_prompt_tokens == 512


def test_anthropic_usage_counts_cache_reads_as_prompt_tokens(make_engine):
    usage = make_engine().ask("count of dormant customers by country", source="demo", model="claude").usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.cached_prompt_tokens) == (700, 80, 300)


def test_usage_adds_up_over_corrections(make_engine):
    usage = make_engine().ask("which customers churned after their first complaint", source="demo",
                              mode="llm").usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (1680, 90, 1770)


def test_a_deterministic_answer_costs_nothing(make_engine):
    answer = make_engine().ask("how many customers", source="demo")
    assert answer.engine == DETERMINISTIC_MODEL and answer.usage.model_dump() == {
        "prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "cached_prompt_tokens": 0}


def test_an_exhausted_budget_is_a_clear_error_and_no_request(make_engine, replay):
    engine = make_engine(llm_token_budget=1000)
    assert engine.ask(LOYAL, source="demo", mode="llm", tenant="acme").error is None     # 876 tokens
    assert engine.ask(LOYAL, source="demo", mode="llm", tenant="acme").error is None     # 124 left: still runs
    answer = engine.ask(LOYAL, source="demo", mode="llm", tenant="acme")
    assert answer.error_kind == "budget_exhausted" and len(replay.requests) == 2
    assert "token budget" in answer.error and "1,752 of 1,000 tokens" in answer.error and "frees up" in answer.error


def test_budgets_are_per_tenant(make_engine, replay):
    engine = make_engine(llm_token_budget=800)
    assert engine.ask(LOYAL, source="demo", mode="llm", tenant="acme").error is None
    assert engine.ask(LOYAL, source="demo", mode="llm", tenant="acme").error_kind == "budget_exhausted"
    assert engine.ask(LOYAL, source="demo", mode="llm", tenant="globex").error is None


def test_auto_mode_answers_deterministically_when_the_budget_is_spent(make_engine):
    engine = make_engine(llm_token_budget=800)
    engine.ask(LOYAL, source="demo", tenant="acme")
    answer = engine.ask(LOYAL, source="demo", tenant="acme")
    assert answer.engine == DETERMINISTIC_MODEL and answer.rows and "token budget" in answer.engine_reason


def test_the_budget_window_slides():
    now = [0.0]
    budget = TokenBudget(limit=100, window_s=60, clock=lambda: now[0])
    budget.charge("t", 100)
    try:
        budget.check("t")
        raise AssertionError("the budget should be spent")
    except BudgetExhausted as e:
        assert e.retry_after_s == 60
    now[0] = 61.0
    budget.check("t")
    assert budget.remaining("t") == 100


def test_no_budget_means_no_limit():
    budget = TokenBudget(limit=None)
    budget.charge("t", 10**9)
    budget.check("t")
    assert budget.remaining("t") is None
