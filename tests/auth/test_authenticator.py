"""From credential to principal: auth modes, keys, JWT claim mapping, grants, rate limit."""
from __future__ import annotations

import time

import jwt
import pytest

from conversql.auth.authenticator import Authenticator, authenticate
from conversql.auth.principal import LOCAL_PRINCIPAL, AuthError

SECRET = "a-long-shared-secret-for-hs256-tests"


def auth_for(store, settings, **kw) -> Authenticator:
    return Authenticator(settings.model_copy(update=kw), store)


def refused(auth, token) -> AuthError:
    with pytest.raises(AuthError) as caught:
        auth.admit(token)
    return caught.value


def token(**claims) -> str:
    return jwt.encode({"sub": "ann", "tenant_id": "acme", "exp": int(time.time()) + 60, **claims}, SECRET, "HS256")


def test_auto_mode_is_the_local_user_until_a_key_exists(store, base_settings):
    auth = auth_for(store, base_settings)
    assert auth.admit(None) is LOCAL_PRINCIPAL
    made = auth.keys.create("default", "ann")
    assert refused(auth, None).code == "missing_credential"
    assert auth.admit(made.secret).user_id == "ann"


def test_auto_mode_stays_closed_when_every_key_is_revoked(store, base_settings):
    auth = auth_for(store, base_settings)
    auth.keys.revoke(auth.keys.create("default", "ann").key.id)
    assert Authenticator(base_settings, store).required()          # a fresh replica sees it too
    assert refused(auth, None).status == 401


def test_auto_mode_requires_credentials_once_jwt_is_configured(store, base_settings):
    auth = auth_for(store, base_settings, jwt_secret=SECRET)
    assert refused(auth, None).status == 401
    assert auth.admit(token()).tenant_id == "acme"


def test_auto_mode_checks_a_credential_that_is_presented(store, base_settings):
    """Nothing configured yet, but a client that sends a key learns it is not valid rather than being let in."""
    assert refused(auth_for(store, base_settings), "sk_made_up").code == "invalid_api_key"


def test_required_mode_refuses_requests_without_credentials(store, base_settings):
    assert refused(auth_for(store, base_settings, auth_mode="required"), None).code == "missing_credential"


def test_none_mode_ignores_credentials(store, base_settings):
    auth = auth_for(store, base_settings, auth_mode="none")
    auth.keys.create("default", "ann")
    assert auth.admit(None) is LOCAL_PRINCIPAL and auth.admit("sk_garbage") is LOCAL_PRINCIPAL


def test_a_revoked_key_is_refused_as_revoked(store, base_settings):
    auth = auth_for(store, base_settings)
    made = auth.keys.create("default", "ann")
    auth.keys.revoke(made.key.id)
    assert refused(auth, made.secret).code == "revoked_api_key"


def test_a_key_principal_carries_its_tenant_user_id_and_admin_flag(store, base_settings):
    auth = auth_for(store, base_settings)
    auth.tenants.create("acme")
    made = auth.keys.create("acme", "bob", admin=True)
    p = auth.admit(made.secret)
    assert (p.tenant_id, p.user_id, p.credential_id, p.kind, p.admin, p.sources) == (
        "acme", "bob", made.key.id, "api_key", True, None)


def test_grants_and_key_limits_narrow_each_other(store, base_settings):
    auth = auth_for(store, base_settings)
    auth.tenants.create("acme")
    auth.tenants.grant("acme", "bob", ["shop", "hr"])
    assert auth.admit(auth.keys.create("acme", "bob").secret).sources == {"shop", "hr"}
    assert auth.admit(auth.keys.create("acme", "bob", sources=["hr", "ops"]).secret).sources == {"hr"}
    auth.tenants.ungrant("acme", "bob")
    assert auth.admit(auth.keys.create("acme", "bob").secret).sources is None


def test_jwt_claims_map_to_tenant_user_and_sources(store, base_settings):
    auth = auth_for(store, base_settings, jwt_secret=SECRET)
    p = auth.admit(token(sources=["shop"]))
    assert (p.tenant_id, p.user_id, p.kind, p.sources, p.admin) == ("acme", "ann", "jwt", {"shop"}, False)
    assert p.credential_id == "jwt:acme/ann"
    assert auth.admit(token(sources="shop hr")).sources == {"shop", "hr"}


def test_jwt_claim_names_are_configurable(store, base_settings):
    auth = auth_for(store, base_settings, jwt_secret=SECRET, jwt_tenant_claim="org", jwt_user_claim="email",
                    jwt_sources_claim="datasets", jwt_admin_claim="cq_admin")
    p = auth.admit(token(org="globex", email="zoe@globex.test", datasets=["hr"], cq_admin=True))
    assert (p.tenant_id, p.user_id, p.sources, p.admin) == ("globex", "zoe@globex.test", {"hr"}, True)


def test_jwt_without_a_tenant_claim_is_refused_unless_a_default_is_set(store, base_settings):
    auth = auth_for(store, base_settings, jwt_secret=SECRET)
    no_tenant = jwt.encode({"sub": "ann", "exp": int(time.time()) + 60}, SECRET, "HS256")
    assert "tenant_id" in refused(auth, no_tenant).message
    assert auth_for(store, base_settings, jwt_secret=SECRET, jwt_default_tenant="default").admit(
        no_tenant).tenant_id == "default"


def test_jwt_claims_too_long_or_of_the_wrong_type_are_refused(store, base_settings):
    auth = auth_for(store, base_settings, jwt_secret=SECRET)
    assert refused(auth, token(tenant_id="t" * 65)).status == 401
    assert refused(auth, token(sources={"shop": True})).status == 401


def test_the_user_grant_applies_to_jwt_principals_too(store, base_settings):
    auth = auth_for(store, base_settings, jwt_secret=SECRET)
    auth.tenants.create("acme")
    auth.tenants.grant("acme", "ann", ["shop"])
    assert auth.admit(token()).sources == {"shop"}
    assert auth.admit(token(sources=["shop", "hr"])).sources == {"shop"}


def test_the_rate_limit_is_per_credential_and_says_when_to_retry(store, base_settings):
    auth = auth_for(store, base_settings, rate_limit_per_minute=60, rate_limit_burst=2)
    a, b = auth.keys.create("default", "ann"), auth.keys.create("default", "bob")
    auth.admit(a.secret), auth.admit(a.secret)
    error = refused(auth, a.secret)
    assert error.status == 429 and 0 < error.retry_after_s <= 1.0
    assert error.headers()["Retry-After"] == "1"
    assert auth.admit(b.secret).user_id == "bob"


def test_the_local_user_is_not_rate_limited(store, base_settings):
    auth = auth_for(store, base_settings, rate_limit_per_minute=1, rate_limit_burst=1)
    assert all(auth.admit(None) is LOCAL_PRINCIPAL for _ in range(5))


def test_authenticate_works_without_a_request(store, base_settings):
    made = Authenticator(base_settings, store).keys.create("default", "ann")
    assert authenticate(base_settings, store, made.secret).user_id == "ann"
    with pytest.raises(AuthError):
        authenticate(base_settings, store, "sk_wrong")


def test_rate_limits_are_shared_through_redis(store, base_settings, redis_url, redis_namespace, monkeypatch):
    from conversql.auth.ratelimit import RedisRateLimiter
    monkeypatch.setitem(RedisRateLimiter.__init__.__kwdefaults__, "namespace", redis_namespace)
    replicas = [auth_for(store, base_settings, redis_url=redis_url, rate_limit_per_minute=60, rate_limit_burst=2)
                for _ in range(2)]
    made = replicas[0].keys.create("default", "ann")
    replicas[0].admit(made.secret)
    replicas[1].admit(made.secret)
    assert refused(replicas[0], made.secret).status == 429


def test_may_use_never_admits_another_tenants_source(store, base_settings):
    auth = auth_for(store, base_settings, source_tenants={"shop": "acme", "hr": "globex"})
    auth.tenants.create("acme")
    p = auth.admit(auth.keys.create("acme", "ann").secret)
    assert p.may_use("shop") and not p.may_use("hr") and not p.may_use("demo")     # demo is tenant default's
    assert auth.admit(auth.keys.create("default", "bob").secret).may_use("demo")
    assert LOCAL_PRINCIPAL.may_use("hr")
