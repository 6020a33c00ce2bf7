"""`open_source`: one URL in, a read-only `Source` out."""
from __future__ import annotations

from .base import Source
from .duckdb_source import DuckDBSource
from .sqlalchemy_source import SQLAlchemySource, sqlite_url
from .urls import parse_source_url


def open_source(url: str) -> Source:
    """Open (and check) the database a URL names.

    duckdb:///file.duckdb, a bare *.duckdb / *.db path, sqlite:///file.sqlite, postgresql:// (postgres://,
    postgresql+psycopg://), mysql:// and mariadb:// (through PyMySQL), or any other SQLAlchemy URL whose
    dialect package is installed. Raises SourceError, with any password masked, when it cannot.

    >>> open_source("duckdb:///data/demo.duckdb").dialect          # doctest: +SKIP
    'duckdb'
    """
    target = parse_source_url(url)
    if target.backend == "duckdb":
        return DuckDBSource(target.location, url=url)
    if target.backend == "sqlite":
        return SQLAlchemySource(sqlite_url(target.location), dialect="sqlite", display_url=url)
    return SQLAlchemySource(target.location, dialect=target.dialect, display_url=url)
