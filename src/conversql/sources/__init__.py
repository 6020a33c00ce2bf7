"""Data sources: open a database by URL, introspect it into a `Schema`, run read-only bounded statements."""
from .base import (BOOLEAN, DATE, DATETIME, NUMBER, OTHER, TEXT, Column, ForeignKey, QueryResult, QueryTimeout,
                   Schema, Source, SourceError, Table)
from .connect import open_source
from .duckdb_source import DuckDBSource
from .infer_keys import infer_keys
from .sqlalchemy_source import SQLAlchemySource
from .urls import redact_url

__all__ = [
    "BOOLEAN", "DATE", "DATETIME", "NUMBER", "OTHER", "TEXT", "Column", "DuckDBSource", "ForeignKey",
    "QueryResult", "QueryTimeout", "SQLAlchemySource", "Schema", "Source", "SourceError", "Table",
    "infer_keys", "open_source", "redact_url",
]
