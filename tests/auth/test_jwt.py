"""JWT: HS256, RS256 and ES256 keys made here with `cryptography`, a JWKS file; exp, aud, iss and signatures checked."""
from __future__ import annotations

import json
import os
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from conversql.auth.jwt import JwtVerifier
from conversql.auth.principal import AuthError
from conversql.settings import Settings

SECRET = "a-long-shared-secret-for-hs256-tests"
AUD, ISS = "conversql", "https://id.example.test/"


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def public_pem(private) -> str:
    return private.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def claims(**extra):
    return {"sub": "ann", "tenant_id": "acme", "aud": AUD, "iss": ISS, "exp": int(time.time()) + 300, **extra}


def settings(**kw) -> Settings:
    return Settings(_env_file=None, jwt_audience=AUD, jwt_issuer=ISS, **kw)


def refusal(verifier: JwtVerifier, token: str) -> AuthError:
    with pytest.raises(AuthError) as caught:
        verifier.verify(token)
    assert caught.value.status == 401
    return caught.value


def jwks_file(tmp_path, *entries) -> os.PathLike:
    """A JWKS file of (private key, kid) pairs' public halves."""
    keys = []
    for private, kid in entries:
        alg = "RS256" if isinstance(private, rsa.RSAPrivateKey) else "ES256"
        jwk = json.loads(jwt.algorithms.get_default_algorithms()[alg].to_jwk(private.public_key()))
        keys.append({**jwk, "kid": kid, "use": "sig", "alg": alg})
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": keys}))
    return path


def test_hs256_with_the_configured_secret():
    v = JwtVerifier(settings(jwt_secret=SECRET))
    assert v.verify(jwt.encode(claims(), SECRET, algorithm="HS256"))["tenant_id"] == "acme"


def test_hs256_with_another_secret_is_refused():
    v = JwtVerifier(settings(jwt_secret=SECRET))
    assert "signature" in refusal(v, jwt.encode(claims(), "not-the-secret-at-all-32-bytes!!", "HS256")).message


def test_rs256_with_a_configured_pem_public_key():
    private = rsa_key()
    v = JwtVerifier(settings(jwt_public_keys=[public_pem(private)]))
    assert v.verify(jwt.encode(claims(), private, algorithm="RS256"))["sub"] == "ann"


def test_es256_with_a_pem_file_path(tmp_path):
    private = ec_key()
    (tmp_path / "issuer.pem").write_text(public_pem(private))
    v = JwtVerifier(settings(jwt_public_keys=[str(tmp_path / "issuer.pem")]))
    assert v.verify(jwt.encode(claims(), private, algorithm="ES256"))["sub"] == "ann"


def test_a_token_signed_by_an_unknown_key_is_refused():
    v = JwtVerifier(settings(jwt_public_keys=[public_pem(rsa_key())]))
    refusal(v, jwt.encode(claims(), rsa_key(), algorithm="RS256"))


def test_several_public_keys_are_tried_so_keys_can_rotate():
    old, new = rsa_key(), ec_key()
    v = JwtVerifier(settings(jwt_public_keys=[public_pem(old), public_pem(new)]))
    assert v.verify(jwt.encode(claims(), old, algorithm="RS256"))["sub"] == "ann"
    assert v.verify(jwt.encode(claims(), new, algorithm="ES256"))["sub"] == "ann"


def test_jwks_file_picks_the_key_by_kid(tmp_path):
    a, b = rsa_key(), ec_key()
    v = JwtVerifier(settings(jwt_jwks_file=jwks_file(tmp_path, (a, "a"), (b, "b"))))
    assert v.verify(jwt.encode(claims(), a, algorithm="RS256", headers={"kid": "a"}))["sub"] == "ann"
    assert v.verify(jwt.encode(claims(), b, algorithm="ES256", headers={"kid": "b"}))["sub"] == "ann"


def test_jwks_file_is_reread_when_it_changes(tmp_path):
    a, b = rsa_key(), rsa_key()
    path = jwks_file(tmp_path, (a, "a"))
    v = JwtVerifier(settings(jwt_jwks_file=path))
    token_b = jwt.encode(claims(), b, algorithm="RS256", headers={"kid": "b"})
    refusal(v, token_b)
    jwks_file(tmp_path, (a, "a"), (b, "b"))
    os.utime(path, (time.time() + 5, time.time() + 5))     # a later mtime, whatever the file system's resolution
    assert v.verify(token_b)["sub"] == "ann"


def test_an_expired_token_is_refused_as_expired():
    v = JwtVerifier(settings(jwt_secret=SECRET, jwt_leeway_s=0))
    error = refusal(v, jwt.encode(claims(exp=int(time.time()) - 10), SECRET, "HS256"))
    assert error.code == "token_expired"


def test_a_token_without_exp_is_refused():
    v = JwtVerifier(settings(jwt_secret=SECRET))
    no_exp = {k: v for k, v in claims().items() if k != "exp"}
    assert "'exp'" in refusal(v, jwt.encode(no_exp, SECRET, "HS256")).message


def test_a_token_for_another_audience_is_refused():
    v = JwtVerifier(settings(jwt_secret=SECRET))
    assert "aud" in refusal(v, jwt.encode(claims(aud="someone-else"), SECRET, "HS256")).message
    no_aud = {k: v for k, v in claims().items() if k != "aud"}
    assert "'aud'" in refusal(v, jwt.encode(no_aud, SECRET, "HS256")).message


def test_a_token_from_another_issuer_is_refused():
    v = JwtVerifier(settings(jwt_secret=SECRET))
    assert "iss" in refusal(v, jwt.encode(claims(iss="https://evil.example.test/"), SECRET, "HS256")).message


def test_an_unsigned_token_is_refused():
    v = JwtVerifier(settings(jwt_secret=SECRET))
    refusal(v, jwt.encode(claims(), None, algorithm="none"))


def test_a_public_key_is_never_used_as_an_hmac_secret():
    """The classic algorithm confusion: HS256 'signed' with the server's public key."""
    import hashlib
    import hmac
    import base64
    private = rsa_key()
    pem = public_pem(private)
    v = JwtVerifier(settings(jwt_public_keys=[pem]))

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(json.dumps(claims()).encode())
    forged = signing_input + "." + b64(hmac.new(pem.encode(), signing_input.encode(), hashlib.sha256).digest())
    assert "HS256" in refusal(v, forged).message


def test_garbage_is_neither_a_key_nor_a_token():
    v = JwtVerifier(settings(jwt_secret=SECRET))
    assert "well-formed" in refusal(v, "not-a-token").message


def test_without_any_jwt_configuration_every_token_is_refused():
    v = JwtVerifier(Settings(_env_file=None))
    assert not v.configured
    refusal(v, jwt.encode(claims(), SECRET, "HS256"))
