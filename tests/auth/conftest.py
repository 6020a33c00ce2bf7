"""Identity fixtures: a real chat store (SQLite file); Redis comes from tests/conftest.py."""
from __future__ import annotations

from typing import Iterator

import pytest

from conversql.conversations.store import ChatStore
from conversql.settings import Settings


@pytest.fixture()
def store(tmp_path) -> Iterator[ChatStore]:
    s = ChatStore(f"sqlite:///{tmp_path / 'chat.db'}")
    yield s
    s.close()


@pytest.fixture()
def base_settings(tmp_path) -> Settings:
    return Settings(store_url=f"sqlite:///{tmp_path / 'chat.db'}", _env_file=None)
