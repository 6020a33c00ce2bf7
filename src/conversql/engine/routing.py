"""Which planner answers a data question: the deterministic parser, a configured LLM, or (in `auto`) the parser
when it is confident and the LLM otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

from conversql.engine.errors import UnknownModel

DETERMINISTIC_MODEL = "conversql-deterministic"


class UnknownMode(ValueError):
    """A routing mode other than auto, deterministic or llm."""


@dataclass(frozen=True)
class Choice:
    """`mode` is what happens to a data question; `llm` the model used when the LLM plans; `reason` says why."""
    mode: str                          # deterministic | llm | auto
    llm: str | None = None
    reason: str = ""


def choose(*, model: str | None, mode: str | None, default_mode: str, llm_models: list[str],
           default_llm: str | None) -> Choice:
    """The planner for a request: a model named by the request wins, then the request's mode, then the settings'.

    >>> choose(model=None, mode=None, default_mode="auto", llm_models=["gpt"], default_llm="gpt").mode
    'auto'
    """
    known = [DETERMINISTIC_MODEL, *llm_models]
    if model is not None:
        if model not in known:
            raise UnknownModel(model, known)
        if model == DETERMINISTIC_MODEL:
            return Choice("deterministic", reason=f"the request chose {DETERMINISTIC_MODEL}")
        return Choice("llm", model, reason=f"the request chose the model {model}")
    chosen = mode or default_mode
    if chosen not in ("auto", "deterministic", "llm"):
        raise UnknownMode(f"unknown engine mode {chosen!r}; use auto, deterministic or llm")
    origin = "the request" if mode else "the server's setting"
    if chosen == "deterministic":
        return Choice("deterministic", reason=f"{origin} asked for the deterministic engine")
    if chosen == "llm":
        return Choice("llm", default_llm, reason=f"{origin} asked for the LLM engine")
    return Choice("auto", default_llm)


def doubt(parse, query, off_topic: bool) -> str | None:
    """Why the deterministic parser's reading should not be trusted, or None when it understood the question:
    no query, nothing of the schema named, or words it could not place.

    >>> doubt(parse("which customers churned", model, lexicon, today), q, off_topic=False)
    "it did not understand 'churned'"
    """
    if query is None:
        return parse.reason or "it could not build a query"
    if off_topic:
        return "the question names nothing it knows in this database"
    if parse.not_understood:
        words = ", ".join(repr(w) for w in parse.not_understood[:6])
        return f"it did not understand {words}"
    return None
