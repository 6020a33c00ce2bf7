"""The optional LLM engine: a second planner beside the deterministic parser (docs/llm.md).

config (named models, keys) -> retrieval (the tables a question needs) -> prompt -> providers (OpenAI-compatible,
Anthropic) -> planner (validated plan, correction loop) -> budget (per-tenant tokens). The engine compiles, guards
and executes what the planner returns exactly as it does for the deterministic parser.
"""
