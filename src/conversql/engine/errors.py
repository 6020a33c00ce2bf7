"""Errors the engine raises to its callers (everything else becomes an `Answer` with an error)."""
from __future__ import annotations


class UnknownModel(LookupError):
    """A model id that is not configured. The API surfaces report it as 404."""

    def __init__(self, model: str, known: list[str]):
        super().__init__(f"unknown model {model!r}; configured models: {', '.join(known)}")
        self.model = model
        self.known = known
