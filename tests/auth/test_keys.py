"""API keys: shown once, stored hashed, revocable, listed without secrets."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from conversql.auth.errors import KeyNotFound, TenantNotFound
from conversql.auth.keys import SHOWN_PREFIX_LEN, KeyStore, hash_key
from conversql.auth.tenants import TenantStore
from conversql.conversations import tables


@pytest.fixture()
def keys(store) -> KeyStore:
    return KeyStore(store.engine)


def dump_database(store) -> str:
    """Every value of every table, as text: what an attacker with the database file would see."""
    with store.engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for t in tables.metadata.sorted_tables
                         for row in conn.execute(sa.select(t)))


def test_a_new_key_starts_with_sk_and_is_long_and_random(keys):
    a, b = keys.create("default", "ann"), keys.create("default", "ann")
    assert a.secret.startswith("sk_") and len(a.secret) >= 40
    assert a.secret != b.secret and a.key.id != b.key.id


def test_the_store_holds_the_hash_never_the_key(keys, store):
    made = keys.create("default", "ann", name="reporting")
    everything = dump_database(store)
    assert made.secret not in everything
    assert made.secret[SHOWN_PREFIX_LEN:] not in everything
    assert hash_key(made.secret) in everything


def test_the_shown_prefix_tells_keys_apart_but_is_a_small_part_of_the_key(keys):
    made = keys.create("default", "ann")
    assert made.secret.startswith(made.key.prefix) and len(made.key.prefix) == SHOWN_PREFIX_LEN


def test_a_key_verifies_to_its_tenant_user_sources_and_admin_flag(keys, store):
    TenantStore(store.engine).create("acme")
    made = keys.create("acme", "bob", sources=["shop"], admin=True)
    key = keys.verify(made.secret)
    assert (key.tenant_id, key.user_id, key.sources, key.admin, key.active) == ("acme", "bob", {"shop"}, True, True)


def test_a_wrong_key_verifies_to_nothing(keys):
    made = keys.create("default", "ann")
    assert keys.verify(made.secret[:-1] + ("A" if made.secret[-1] != "A" else "B")) is None
    assert keys.verify("sk_") is None


def test_a_revoked_key_is_known_but_inactive_and_stays_revoked(keys):
    made = keys.create("default", "ann")
    revoked = keys.revoke(made.key.id)
    assert revoked.revoked_at is not None
    assert keys.verify(made.secret).active is False
    assert keys.revoke(made.key.id).revoked_at == revoked.revoked_at      # revoking twice keeps the first time


def test_revoking_an_unknown_key_is_key_not_found(keys):
    with pytest.raises(KeyNotFound):
        keys.revoke("key_nope")


def test_a_key_for_a_tenant_that_does_not_exist_is_refused(keys):
    with pytest.raises(TenantNotFound):
        keys.create("nobody", "ann")


def test_listing_shows_every_key_without_secrets(keys):
    made = [keys.create("default", u) for u in ("ann", "bob")]
    listed = keys.list()
    assert {k.id for k in listed} == {m.key.id for m in made}
    assert all(not hasattr(k, "secret") for k in listed)
    assert "secret" not in repr(listed) and made[0].secret not in repr(listed)


def test_use_is_recorded_at_most_once_a_minute(keys):
    made = keys.create("default", "ann")
    assert keys.get(made.key.id).last_used_at is None
    keys.touch(made.key.id)
    first = keys.get(made.key.id).last_used_at
    assert first is not None
    keys.touch(made.key.id)
    assert keys.get(made.key.id).last_used_at == first


def test_a_revoked_key_still_counts_as_created(keys):
    assert keys.any_created() is False
    keys.revoke(keys.create("default", "ann").key.id)
    assert keys.any_created() is True

