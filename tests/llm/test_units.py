"""The LLM engine's parts on their own: plan parsing, reference checks, settings and keys, retrieval, prompt text."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from conversql.llm.config import ModelConfig, read_secrets
from conversql.llm.planner import PlanProblem, QueryPlan, SqlPlan, parse_plan, unknown_references, unknown_tables
from conversql.llm.prompt import CELL_CHARS, render_table
from conversql.llm.retrieval import SchemaIndex, words
from conversql.query.structured import StructuredQuery
from conversql.semantic.model import VerifiedQuery
from conversql.semantic.value_index import ValueIndex
from conversql.settings import Settings


# --- plans ---------------------------------------------------------------------------------------------------
def test_a_plan_in_a_code_fence_is_accepted():
    plan = parse_plan('Here you go:\n```json\n{"kind": "sql", "sql": "SELECT 1"}\n```')
    assert isinstance(plan, SqlPlan) and plan.sql == "SELECT 1"


def test_a_structured_plan_is_validated_by_the_query_model():
    plan = parse_plan('{"kind": "query", "query": {"entity": "orders", "limit": 5}}')
    assert isinstance(plan, QueryPlan) and plan.query.limit == 5


@pytest.mark.parametrize("reply, says", [
    ("I cannot help with that.", "not a JSON object"),
    ("{kind: 'sql'}", "not valid JSON"),
    ('{"kind": "python", "code": "1"}', "does not match the format"),
    ('{"kind": "query", "query": {"measures": [{"agg": "median"}]}}', "query.measures.0.agg"),
])
def test_bad_replies_say_what_is_wrong(reply, says):
    with pytest.raises(PlanProblem) as e:
        parse_plan(reply)
    assert says in str(e.value)


def test_unknown_references_are_named_with_near_misses(demo_catalog):
    model = demo_catalog.get("demo").model
    q = StructuredQuery(entity="customers", fields=["customers.company_name", "customers.countri"],
                        order=[{"key": "total", "desc": True}])
    problem = unknown_references(q, model)
    assert problem.startswith("'customers.countri' does not exist (did you mean customers.country, ")
    assert unknown_references(q.model_copy(update={"fields": ["customers.country"]}), model) is None


def test_tables_outside_the_source_are_named(demo_catalog):
    schema = demo_catalog.get("demo").schema
    assert unknown_tables("SELECT * FROM orders JOIN customers USING (customer_id)", schema) is None
    assert unknown_tables("WITH t AS (SELECT 1 AS x) SELECT x FROM t", schema) is None
    assert "table 'invoices' does not exist" in unknown_tables("SELECT * FROM invoices", schema)
    assert "outside this database" in unknown_tables("SELECT * FROM other.main.secrets", schema)


# --- settings and keys ---------------------------------------------------------------------------------------
def test_models_come_from_the_environment_as_json(monkeypatch):
    monkeypatch.setenv("CONVERSQL_MODELS", '{"local": {"provider": "openai", "model": "llama3.1", '
                                           '"base_url": "http://localhost:11434/v1"}}')
    monkeypatch.setenv("CONVERSQL_ENGINE_MODE", "llm")
    s = Settings()
    assert s.models["local"].model == "llama3.1" and s.engine_mode == "llm"


def test_a_key_written_into_the_model_settings_is_refused():
    with pytest.raises(ValidationError) as e:
        ModelConfig(provider="openai", model="gpt-4o", api_key="sk-live-123")
    assert "api_key_env" in str(e.value)


def test_the_default_model_must_be_configured():
    with pytest.raises(ValidationError) as e:
        Settings(models={"a": {"provider": "openai", "model": "m"}}, default_model="b")
    assert "'b' is not one of the configured models (a)" in str(e.value)


def test_a_misspelt_model_setting_is_refused():
    with pytest.raises(ValidationError):
        ModelConfig(provider="openai", model="m", baseurl="http://x")


@pytest.mark.parametrize("settings, variable", [
    ({"provider": "openai"}, "OPENAI_API_KEY"),
    ({"provider": "openai", "base_url": "https://api.openai.com/v1"}, "OPENAI_API_KEY"),
    ({"provider": "anthropic"}, "ANTHROPIC_API_KEY"),
    ({"provider": "openai", "base_url": "http://gpu-box:8001/v1"}, None),
    ({"provider": "anthropic", "base_url": "https://litellm.internal"}, None),
    ({"provider": "openai", "base_url": "http://gpu-box:8001/v1", "api_key_env": "VLLM_API_KEY"}, "VLLM_API_KEY"),
])
def test_a_provider_key_goes_to_the_providers_own_api_only(settings, variable):
    assert ModelConfig(model="m", **settings).key_env == variable


def test_secrets_files_are_json_or_name_value_lines(tmp_path):
    (tmp_path / "s.json").write_text('{"OPENAI_API_KEY": "sk-1"}')
    (tmp_path / "s.env").write_text("# comment\nexport ANTHROPIC_API_KEY='sk-2'\n\nOTHER=x=y\n")
    assert read_secrets(tmp_path / "s.json") == {"OPENAI_API_KEY": "sk-1"}
    assert read_secrets(tmp_path / "s.env") == {"ANTHROPIC_API_KEY": "sk-2", "OTHER": "x=y"}


# --- retrieval -----------------------------------------------------------------------------------------------
def test_words_split_identifiers_and_singularize():
    assert words("OrderDetails of customers_by_country") == ["order", "detail", "customer", "country"]


def test_a_bridge_table_joins_the_prompt(demo_catalog):
    r = SchemaIndex(demo_catalog.get("demo").model).retrieve("which suppliers serve which customers")
    assert {"suppliers", "customers", "products", "order_details", "orders"} <= set(r.entities)
    assert "order_details" in r.bridges           # named by nobody, needed to connect products and orders
    assert all(j.source in r.entities and j.target in r.entities for j in r.joins)


def test_a_quoted_value_pulls_in_its_table(demo_catalog):
    r = SchemaIndex(demo_catalog.get("demo").model).retrieve("anything from Swift Parcel?")
    assert "shippers" in r.entities and r.matched_values["shippers.company_name"] == ["Swift Parcel"]


def test_values_past_the_ones_indexed_for_bm25_are_still_matched(demo_catalog):
    model = demo_catalog.get("demo").model
    field = model.fields["customers.company_name"]
    saved = field.values
    try:
        field.values = [f"Customer {i:04d}" for i in range(3000)]
        r = SchemaIndex(model).retrieve("orders of Customer 2999 by month")
    finally:
        field.values = saved
    assert r.matched_values["customers.company_name"] == ["Customer 2999"] and "customers" in r.entities


def test_values_of_the_sources_value_index_are_matched(demo_catalog):
    model = demo_catalog.get("demo").model
    index = ValueIndex.from_columns({"customers.company_name": ["Zephyr Freight Partners"],
                                     "employees": ["Bruno Nakamura"]})      # a name over two columns
    r = SchemaIndex(model).retrieve("what did Zephyr Freight Partners order from Bruno Nakamura",
                                    value_index=index)
    assert r.matched_values == {"customers.company_name": ["Zephyr Freight Partners"],
                                "employees": ["Bruno Nakamura"]}
    assert {"customers", "employees"} <= set(r.entities)


def test_words_that_say_nothing_never_match_a_value(demo_catalog):
    model = demo_catalog.get("demo").model
    index = ValueIndex.from_columns({"products.product_name": ["The", "How Many"]})
    assert SchemaIndex(model).matched_values("how many products are there", index) == {}


def test_verified_questions_are_retrieved_as_examples(demo_catalog):
    model = demo_catalog.get("demo").model
    saved = list(model.verified_queries)
    try:
        model.verified_queries[:] = [VerifiedQuery("revenue per shipper", "SELECT 1"),
                                     VerifiedQuery("headcount by title", "SELECT 2")]
        examples = SchemaIndex(model).examples("what is the revenue of each shipper", 3)
        assert [e.question for e in examples] == ["revenue per shipper"]
    finally:
        model.verified_queries[:] = saved


# --- prompt --------------------------------------------------------------------------------------------------
def test_a_table_shows_keys_references_values_measures_and_its_default_filter(demo_catalog):
    loaded = demo_catalog.get("demo")
    text = render_table(loaded.model, loaded.schema, "orders")
    assert text.startswith("table orders (1,250 rows)")
    assert "default filter: deleted_at IS NULL" in text
    assert "customer_id INTEGER -> customers.customer_id" in text
    assert "values: 'cancelled', 'delivered'" in text and "measure orders.freight = sum(freight)" in text


def test_long_sample_cells_are_cut(demo_catalog):
    loaded = demo_catalog.get("demo")
    text = render_table(loaded.model, loaded.schema, "shippers",
                        sample=(["company_name"], [["x" * 500 + "\nDROP TABLE"]]))
    last = text.splitlines()[-1].strip()
    assert len(last) == CELL_CHARS and last.endswith("…") and "DROP" not in text


def test_every_llm_setting_is_documented():
    from pathlib import Path
    docs = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text()
    mine = [n for n in Settings.model_fields if n.startswith("llm_")] + \
        ["models", "default_model", "engine_mode", "secrets_file"]
    assert [n for n in mine if f"`CONVERSQL_{n.upper()}`" not in docs] == []


def test_text_surfaces_stream_a_models_tokens_as_the_text_itself():
    from conversql.api.surfaces.common import step_text
    from conversql.engine.answer import Step
    assert step_text(Step(name="token", agent="sql_agent", kind="token", detail='{"kind": "qu')) == '{"kind": "qu'
    assert step_text(Step(name="plan", agent="sql_agent")) == "Asking the model for a query... done"
