"""Driver exceptions turned into messages fit for a user: the database's own words, no traceback, no secret."""
from __future__ import annotations

from collections.abc import Iterable

from .base import QueryTimeout

_MAX_LENGTH = 2000


def database_message(error: BaseException, secrets: Iterable[str] = ()) -> str:
    """The database's message inside a driver (or SQLAlchemy-wrapped) exception, with secrets masked.

    >>> database_message(Exception(1064, "You have an error in your SQL syntax"))
    'You have an error in your SQL syntax (error 1064)'
    """
    error = getattr(error, "orig", None) or error   # SQLAlchemy wraps the driver's exception
    args = getattr(error, "args", ())
    if len(args) >= 2 and isinstance(args[0], int) and isinstance(args[1], str):
        text = f"{args[1]} (error {args[0]})"     # PyMySQL: (code, message)
    else:
        text = str(error).strip() or type(error).__name__
    for secret in secrets:
        text = text.replace(secret, "***")
    return text if len(text) <= _MAX_LENGTH else text[:_MAX_LENGTH] + " ..."


def timed_out(timeout_s: float) -> QueryTimeout:
    """The one wording of a statement cancelled at its deadline."""
    return QueryTimeout(f"the query ran longer than {timeout_s:g} s and was cancelled")
