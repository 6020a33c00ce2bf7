"""Start-up migrations: recorded in schema_version, idempotent, ordered, all-or-nothing, safe for concurrent replicas."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from conversql.conversations.migrations import MIGRATIONS, Migration, current_version, migrate
from conversql.conversations.store import ChatStore, store_engine


def add_archived_flag(conn: sa.Connection) -> None:
    conn.execute(sa.text("ALTER TABLE sessions ADD COLUMN archived BOOLEAN NOT NULL DEFAULT FALSE"))


# A migration written after every real one (whatever their number by now).
NEXT = max(m.version for m in MIGRATIONS) + 1
ALL = [m.version for m in MIGRATIONS]
LATER = Migration(NEXT, "sessions can be archived", add_archived_flag)


def versions(engine: sa.Engine) -> list[int]:
    with engine.connect() as c:
        return list(c.execute(sa.text("SELECT version FROM schema_version ORDER BY version")).scalars())


def test_fresh_database_gets_every_migration(empty_database_url):
    engine = store_engine(empty_database_url)
    assert current_version(engine) == 0
    assert migrate(engine) == [m.version for m in MIGRATIONS]
    assert versions(engine) == [m.version for m in MIGRATIONS]
    assert {"sessions", "messages", "schema_version"} <= set(sa.inspect(engine).get_table_names())
    engine.dispose()


def test_migrating_again_changes_nothing(empty_database_url):
    engine = store_engine(empty_database_url)
    migrate(engine)
    assert migrate(engine) == []
    assert migrate(engine) == []
    assert versions(engine) == [m.version for m in MIGRATIONS]
    engine.dispose()


def test_reopening_a_store_keeps_its_data(empty_database_url):
    first = ChatStore(empty_database_url)
    s = first.create_session("shop", title="kept")
    first.close()
    again = ChatStore(empty_database_url)
    assert again.get_session(s.id).title == "kept"
    again.close()


def test_a_new_migration_is_applied_once_on_the_next_start(empty_database_url):
    engine = store_engine(empty_database_url)
    migrate(engine)
    assert migrate(engine, MIGRATIONS + (LATER,)) == [NEXT]
    assert migrate(engine, MIGRATIONS + (LATER,)) == []
    assert "archived" in {c["name"] for c in sa.inspect(engine).get_columns("sessions")}
    assert current_version(engine) == NEXT
    engine.dispose()


def test_migrations_run_in_version_order_whatever_the_listing_order(empty_database_url):
    engine = store_engine(empty_database_url)
    assert migrate(engine, (LATER,) + MIGRATIONS) == ALL + [NEXT]   # the last needs the table 1 creates
    engine.dispose()


def test_a_failing_migration_leaves_nothing_behind(empty_database_url):
    def half_done(conn: sa.Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("migration bug")

    engine = store_engine(empty_database_url)
    migrate(engine)
    with pytest.raises(RuntimeError, match="migration bug"):
        migrate(engine, MIGRATIONS + (Migration(NEXT, "broken", half_done),))
    assert "half_done" not in sa.inspect(engine).get_table_names()
    assert current_version(engine) == max(ALL)
    engine.dispose()


def test_duplicate_versions_are_refused(empty_database_url):
    engine = store_engine(empty_database_url)
    with pytest.raises(ValueError, match="share a version"):
        migrate(engine, MIGRATIONS + (Migration(1, "again", add_archived_flag),))
    engine.dispose()


def test_replicas_starting_together_apply_each_migration_once(empty_database_url):
    """Eight 'replicas', each with its own engine, all migrate at the same moment on an empty database."""
    engines = [store_engine(empty_database_url) for _ in range(8)]
    barrier = threading.Barrier(len(engines))
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def start(engine: sa.Engine) -> None:
        try:
            barrier.wait()
            results.append(migrate(engine, MIGRATIONS + (LATER,)))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=start, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results, key=len) == [[]] * 7 + [ALL + [NEXT]]     # exactly one replica did the work
    assert versions(engines[0]) == ALL + [NEXT]
    for e in engines:
        e.dispose()
