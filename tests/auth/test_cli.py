"""`conversql keys | tenants | grants`, run as real subprocesses against a chat store the server then uses."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.cli import app
from conversql.settings import Settings

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


# The configuration the server below has: the CLI checks the sources a key or grant names against it.
SHOP = {"CONVERSQL_SOURCES": '{"shop": "sqlite:///no.sqlite"}', "CONVERSQL_SOURCE_TENANTS": '{"shop": "acme"}'}


def conversql(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONVERSQL_")} | {"COLUMNS": "200", "NO_COLOR": "1"}
    env |= SHOP
    return subprocess.run([sys.executable, "-m", "conversql", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60, env=env)


@pytest.fixture()
def store_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'chat.db'}"


def server(store_url: str, tmp_path: Path) -> TestClient:
    """The real app on the same chat store (its source is never opened: listing sessions does not touch it)."""
    settings = Settings(_env_file=None, store_url=store_url, sources={"shop": f"sqlite:///{tmp_path / 'no.sqlite'}"},
                        source_tenants={"shop": "acme"})
    return TestClient(create_app(settings))


def test_a_key_created_on_the_command_line_works_on_the_server_until_revoked(store_url, tmp_path):
    assert conversql("tenants", "create", "acme", "--name", "Acme", "--store", store_url, cwd=tmp_path).returncode == 0
    made = conversql("keys", "create", "--tenant", "acme", "--user", "ann", "--source", "shop", "--store", store_url,
                     cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert secret.startswith("sk_") and "\n" not in secret            # stdout is the key alone: scriptable
    assert "not shown again" in made.stderr
    listed = conversql("keys", "list", "--store", store_url, cwd=tmp_path)
    assert secret not in listed.stdout and secret[:10] in listed.stdout and "acme" in listed.stdout
    key_id = next(line.split()[0] for line in listed.stdout.splitlines() if line.startswith("key_"))
    with server(store_url, tmp_path) as client:
        assert client.get("/api/sessions", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        assert client.get("/api/sessions").status_code == 401
        revoked = conversql("keys", "revoke", key_id, "--store", store_url, cwd=tmp_path)
        assert revoked.returncode == 0 and key_id in revoked.stdout
        assert client.get("/api/sessions", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_an_admin_key_from_the_command_line_may_use_the_admin_api(store_url, tmp_path):
    secret = conversql("keys", "create", "--user", "root", "--admin", "--store", store_url, cwd=tmp_path).stdout.strip()
    plain = conversql("keys", "create", "--user", "ann", "--store", store_url, cwd=tmp_path).stdout.strip()
    with server(store_url, tmp_path) as client:
        assert client.get("/api/admin/keys", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        assert client.get("/api/admin/keys", headers={"Authorization": f"Bearer {plain}"}).status_code == 403


def test_a_key_for_an_unknown_tenant_fails_with_a_clear_message(store_url, tmp_path):
    done = conversql("keys", "create", "--tenant", "nobody", "--user", "ann", "--store", store_url, cwd=tmp_path)
    assert done.returncode == 1 and "tenant 'nobody' does not exist" in done.stderr and "Traceback" not in done.stderr


def test_a_key_limited_to_a_source_the_tenant_does_not_own_is_refused(store_url, tmp_path):
    conversql("tenants", "create", "acme", "--store", store_url, cwd=tmp_path)
    done = conversql("keys", "create", "--tenant", "acme", "--user", "ann", "--source", "nothing", "--store", store_url,
                     cwd=tmp_path)
    assert done.returncode == 1 and "owns no source named 'nothing'" in done.stderr and not done.stdout
    grant = conversql("grants", "set", "default", "ann", "--source", "shop", "--store", store_url, cwd=tmp_path)
    assert grant.returncode == 1 and "owns no source named 'shop'" in grant.stderr


def test_revoking_an_unknown_key_fails_with_a_clear_message(store_url, tmp_path):
    done = conversql("keys", "revoke", "key_nope", "--store", store_url, cwd=tmp_path)
    assert done.returncode == 1 and "does not exist" in done.stderr


def test_tenants_and_grants(store_url, tmp_path):
    conversql("tenants", "create", "acme", "--store", store_url, cwd=tmp_path)
    assert conversql("tenants", "create", "acme", "--store", store_url, cwd=tmp_path).returncode == 1
    tenants = conversql("tenants", "list", "--store", store_url, cwd=tmp_path).stdout
    assert "acme" in tenants and "default" in tenants
    assert conversql("grants", "set", "acme", "ann", "--source", "shop", "--store", store_url,
                     cwd=tmp_path).returncode == 0
    assert "shop" in conversql("grants", "list", "--store", store_url, cwd=tmp_path).stdout
    assert conversql("grants", "clear", "acme", "ann", "--store", store_url, cwd=tmp_path).returncode == 0
    assert "ann" not in conversql("grants", "list", "--store", store_url, cwd=tmp_path).stdout


def test_a_bad_tenant_id_is_refused(store_url, tmp_path):
    done = conversql("tenants", "create", "no spaces please", "--store", store_url, cwd=tmp_path)
    assert done.returncode == 1 and "letters, digits" in done.stderr


def test_audit_prune_deletes_only_old_rows(store_url, tmp_path):
    from datetime import datetime, timedelta, timezone

    from conversql.auth.audit import AuditEntry, AuditLog
    from conversql.conversations.store import ChatStore
    chat = ChatStore(store_url)
    log = AuditLog(chat.engine)
    now = datetime.now(timezone.utc)
    for age in (100, 10, 0):
        log.record(AuditEntry(at=now - timedelta(days=age), method="GET", path=f"/{age}", status=200, duration_ms=1))
    done = conversql("audit", "prune", "--days", "30", "--store", store_url, cwd=tmp_path)
    assert done.returncode == 0 and "Deleted 1 " in done.stdout
    assert [e.path for e in log.entries()] == ["/0", "/10"]
    chat.close()


# --- every option of the identity commands is explained and documented ---------------------------------------------

GROUPS = {name: group for name, group in typer.main.get_command(app).commands.items()
          if name in ("keys", "tenants", "grants", "audit")}
SUBCOMMANDS = [(f"{g} {name}", command) for g, group in GROUPS.items() for name, command in group.commands.items()]


@pytest.mark.parametrize("name, command", SUBCOMMANDS, ids=[n for n, _c in SUBCOMMANDS])
def test_every_identity_command_is_explained_and_documented(name, command):
    assert command.help
    assert all((getattr(p, "help", None) or "").strip() for p in command.params), name
    rows = "\n".join(line for line in DOCS.read_text().splitlines() if line.startswith(f"| `conversql {name}"))
    assert rows, f"docs/cli.md has no row for conversql {name}"
    options = [opt for p in command.params if p.param_type_name == "option" for opt in p.opts]
    assert [opt for opt in options if opt not in rows] == []
