"""JSON Web Tokens: HS256 with a shared secret, RS256/ES256 (and their 384/512 variants) with public keys given as
PEM or in a JWKS file. `exp` is required; `aud` and `iss` are required and checked when configured.

The algorithm a token names picks the kind of key it is checked against, and a key is only ever used with
algorithms of its own kind, so a public key can never be mistaken for an HMAC secret.
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from conversql.auth.principal import AuthError
from conversql.settings import Settings

log = logging.getLogger(__name__)

HMAC_ALGORITHMS = ("HS256",)
RSA_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
EC_ALGORITHMS = ("ES256", "ES384", "ES512")


def invalid_token(message: str, code: str = "invalid_token") -> AuthError:
    return AuthError(401, code, message)


@dataclass(frozen=True)
class _Key:
    key: Any
    kid: str | None
    algorithms: tuple[str, ...]


def _algorithms_for(public_key: Any) -> tuple[str, ...]:
    if isinstance(public_key, rsa.RSAPublicKey):
        return RSA_ALGORITHMS
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return EC_ALGORITHMS
    raise ValueError(f"unsupported public key type {type(public_key).__name__}; use RSA or EC keys")


def load_public_key(entry: str) -> Any:
    """A PEM public key from its text or from the file it names.

    >>> load_public_key("/etc/conversql/issuer.pem")        # doctest: +SKIP
    <cryptography...RSAPublicKey object ...>
    """
    text = entry if "-----BEGIN" in entry else Path(entry).read_text()
    return load_pem_public_key(text.encode())


class JwksFile:
    """A JWKS file, re-read whenever its modification time changes (keys rotate without a restart)."""

    def __init__(self, path: Path):
        self.path = path
        self._mtime: float | None = None
        self._keys: list[_Key] = []
        self._lock = threading.Lock()

    def keys(self) -> list[_Key]:
        try:
            mtime = self.path.stat().st_mtime
        except OSError as e:
            log.error("cannot read the JWKS file %s: %s", self.path, e)
            return self._keys
        with self._lock:
            if mtime != self._mtime:
                self._keys = self._load()
                self._mtime = mtime
            return self._keys

    def _load(self) -> list[_Key]:
        try:
            data = json.loads(self.path.read_text())
            # Keys PyJWT cannot use (say, encryption keys) are skipped, not fatal.
            jwks = jwt.PyJWKSet.from_dict({"keys": [k for k in data.get("keys", []) if k.get("use", "sig") == "sig"]})
        except (OSError, ValueError, jwt.PyJWTError) as e:
            log.error("the JWKS file %s is not a usable key set: %s", self.path, e)
            return self._keys
        loaded = []
        for k in jwks.keys:
            try:
                loaded.append(_Key(k.key, k.key_id, _algorithms_for(k.key)))
            except ValueError:
                log.warning("JWKS key %s is neither RSA nor EC; ignored", k.key_id)
        return loaded


class JwtVerifier:
    """Checks tokens against the configured secret and public keys and returns their claims.

    >>> verifier = JwtVerifier(Settings(jwt_secret="s3cret", jwt_audience="conversql"))
    >>> verifier.verify(jwt.encode({"sub": "ann", "exp": 2**31, "aud": "conversql"}, "s3cret"))["sub"]
    'ann'
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.secret = settings.jwt_secret or None
        self.static_keys = []
        for entry in settings.jwt_public_keys:
            key = load_public_key(entry)
            self.static_keys.append(_Key(key, None, _algorithms_for(key)))
        self.jwks = JwksFile(settings.jwt_jwks_file) if settings.jwt_jwks_file else None

    @property
    def configured(self) -> bool:
        return bool(self.secret or self.static_keys or self.jwks)

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims if its signature, `exp`, `nbf`, `aud` and `iss` hold; AuthError 401 otherwise."""
        if not self.configured:
            raise invalid_token("this server accepts no JSON Web Tokens (none is configured); use an API key")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise invalid_token("the bearer token is neither an API key (sk_...) nor a well-formed JWT") from None
        alg = header.get("alg")
        candidates = self._candidates(alg, header.get("kid"))
        if not candidates:
            raise invalid_token(f"tokens signed with {alg!r} are not accepted here")
        for key, algorithms in candidates:
            try:
                return jwt.decode(token, key, algorithms=list(algorithms), **self._checks())
            except jwt.InvalidSignatureError:
                continue                        # perhaps the next key (rotation: several keys may be live)
            except jwt.ExpiredSignatureError:
                raise invalid_token("the token has expired", "token_expired") from None
            except jwt.MissingRequiredClaimError as e:
                raise invalid_token(f"the token has no {e.claim!r} claim") from None
            except jwt.InvalidAudienceError:
                raise invalid_token("the token is not meant for this server (aud)") from None
            except jwt.InvalidIssuerError:
                raise invalid_token("the token comes from an issuer this server does not trust (iss)") from None
            except jwt.ImmatureSignatureError:
                raise invalid_token("the token is not valid yet (nbf/iat)") from None
            except jwt.PyJWTError:
                raise invalid_token("the token is malformed or its claims are invalid") from None
        raise invalid_token("the token's signature does not match any configured key")

    def _checks(self) -> dict[str, Any]:
        s = self.settings
        required = ["exp"] + (["aud"] if s.jwt_audience else []) + (["iss"] if s.jwt_issuer else [])
        return {"audience": s.jwt_audience, "issuer": s.jwt_issuer, "leeway": s.jwt_leeway_s,
                # Without a configured audience a token's `aud` cannot be checked against anything: ignore it.
                "options": {"require": required, "verify_aud": bool(s.jwt_audience)}}

    def _candidates(self, alg: Any, kid: Any) -> list[tuple[Any, tuple[str, ...]]]:
        if alg in HMAC_ALGORITHMS:
            return [(self.secret, (alg,))] if self.secret else []
        keys = list(self.static_keys) + (self.jwks.keys() if self.jwks else [])
        fitting = [k for k in keys if alg in k.algorithms]
        if kid is not None and any(k.kid == kid for k in fitting):
            fitting = [k for k in fitting if k.kid == kid]
        return [(k.key, (alg,)) for k in fitting]
