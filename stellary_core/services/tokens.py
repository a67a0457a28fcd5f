"""JWT access tokens: issuing and verifying (HS256, secret kept in the data directory)."""

from __future__ import annotations

import math
import os
import secrets
from datetime import datetime
from pathlib import Path

from stellary_core.clock import utcnow
from stellary_core.config import Settings
from stellary_core.errors import Unauthorized

_SECRET_FILE = "jwt-secret"
_secrets: dict[Path, str] = {}


def jwt_secret(settings: Settings) -> str:
    """``STELLARY_JWT_SECRET``, or 32 random bytes created on first run with mode 0600."""
    if settings.jwt_secret:
        return settings.jwt_secret
    path = settings.data_dir / _SECRET_FILE
    if path in _secrets:
        return _secrets[path]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text().strip()
    else:
        secret = secrets.token_hex(32)
        with os.fdopen(fd, "w") as handle:
            handle.write(secret)
    if not secret:
        raise RuntimeError(f"{path} is empty; delete it to generate a new secret")
    _secrets[path] = secret
    return secret


_EPOCH = datetime(1970, 1, 1)


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch of a naive-UTC datetime, rounded down to the millisecond.

    Token ``iat`` and the password-change instant go through this one function,
    so a token issued after a change never compares as issued before it.
    """
    return math.floor((moment - _EPOCH).total_seconds() * 1000) / 1000


def issue_access_token(settings: Settings, user_id: str) -> str:
    # Times come from the core's clock (not time.time()) so a frozen clock stays consistent
    # with password_changed_at; millisecond iat so a password change invalidates exactly the
    # tokens issued before it.
    now = timestamp(utcnow())
    claims = {"sub": user_id, "iat": now, "exp": int(now) + settings.jwt_lifetime, "typ": "access"}
    import jwt  # here, not at the top: PyJWT loads cryptography (~0.1 s), which the TUI never needs

    return jwt.encode(claims, jwt_secret(settings), algorithm="HS256")


def decode_access_token(settings: Settings, token: str) -> tuple[str, float]:
    """Return (user id, issued-at) of a valid token; Unauthorized for anything else."""
    import jwt

    try:
        claims = jwt.decode(
            token,
            jwt_secret(settings),
            algorithms=["HS256"],
            # Expiry is checked below against the core's clock, which tests may freeze.
            options={"require": ["sub", "iat", "exp"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError:
        raise Unauthorized("Invalid or expired token") from None
    expires, issued = claims.get("exp"), claims.get("iat")
    if not isinstance(expires, (int, float)) or not isinstance(issued, (int, float)) or isinstance(expires, bool):
        raise Unauthorized("Invalid or expired token")
    if claims.get("typ") != "access" or not isinstance(claims.get("sub"), str) or expires <= timestamp(utcnow()):
        raise Unauthorized("Invalid or expired token")
    return claims["sub"], float(issued)
