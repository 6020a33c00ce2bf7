"""The identity settings are documented (configuration.md and auth.md), so the docs cannot drift."""
from __future__ import annotations

from pathlib import Path

import pytest

from conversql.settings import Settings

DOCS = Path(__file__).parents[2] / "docs"
IDENTITY = [name for name in Settings.model_fields
            if name.startswith(("auth_", "jwt_", "rate_limit_", "audit_")) or name in ("redis_url", "source_tenants")]


@pytest.mark.parametrize("name", IDENTITY)
def test_every_identity_setting_is_documented(name):
    variable = f"CONVERSQL_{name.upper()}"
    assert variable in (DOCS / "configuration.md").read_text()
    assert variable in (DOCS / "auth.md").read_text()


def test_the_readme_links_the_auth_docs():
    assert "docs/auth.md" in (DOCS.parent / "README.md").read_text()
