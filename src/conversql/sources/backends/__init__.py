"""Per-server behaviour for sources reached through SQLAlchemy, chosen by SQLAlchemy's dialect name."""
from __future__ import annotations

from .generic import Fetched, GenericBackend
from .mysql import MySQLBackend
from .postgres import PostgresBackend
from .sqlite import SQLiteBackend

_BY_DIALECT: dict[str, type[GenericBackend]] = {
    "postgresql": PostgresBackend,
    "mysql": MySQLBackend,
    "mariadb": MySQLBackend,
    "sqlite": SQLiteBackend,
}


def backend_for(sqlalchemy_dialect: str) -> GenericBackend:
    """The backend for a SQLAlchemy dialect name; the best-effort generic one for anything else.

    >>> type(backend_for("postgresql")).__name__, type(backend_for("trino")).__name__
    ('PostgresBackend', 'GenericBackend')
    """
    return _BY_DIALECT.get(sqlalchemy_dialect, GenericBackend)()


__all__ = ["Fetched", "GenericBackend", "MySQLBackend", "PostgresBackend", "SQLiteBackend", "backend_for"]
