"""Personal access tokens: create, list and revoke the actor's own.

The secret is ``synth_`` plus 40 base62 characters; only its SHA-256 is kept,
so it is shown once, at creation. Authentication by PAT lives in
``accounts.authenticate``. A PAT acts as its owner, so it never grants more
than the owner's roles allow; its scopes can only narrow that further.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Forbidden, Invalid, NotFound
from stellary_core.event_types import Actor, TokenCreated, TokenRevoked
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import ApiToken
from stellary_core.principal import ALL_SCOPES, Principal, PrincipalKind, describe_kind
from stellary_core.schemas.api_tokens import ApiTokenCreateIn
from stellary_core.services.accounts import PAT_PREFIX, get_user, hash_secret

_BASE62 = string.digits + string.ascii_letters
SECRET_LENGTH = 40
PREFIX_LENGTH = 10
# Who may mint, see or revoke tokens: a person logged in, or the local profile.
MANAGING_KINDS: frozenset[PrincipalKind] = frozenset({"jwt", "local"})
REFUSAL = "API tokens can only be managed with a JWT session, not with {kind}"


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # the full token, never stored


def new_secret() -> str:
    return PAT_PREFIX + "".join(secrets.choice(_BASE62) for _ in range(SECRET_LENGTH))


def _require_session_actor(actor: Principal) -> None:
    # A PAT must never mint, see or revoke tokens: that would let a narrow token widen itself.
    if actor.kind not in MANAGING_KINDS:
        raise Forbidden(REFUSAL.format(kind=describe_kind(actor.kind)))


def _checked_scopes(requested: list[str] | None) -> list[str]:
    if requested is None:
        return list(ALL_SCOPES)
    unknown = [s for s in requested if s not in ALL_SCOPES]
    if unknown:
        raise Invalid.field("scopes", f"unknown scope {unknown[0]!r} (known: {', '.join(ALL_SCOPES)})")
    if not requested:
        raise Invalid.field("scopes", "must name at least one scope (omit it for all scopes)")
    # Canonical order, no duplicates.
    return [s for s in ALL_SCOPES if s in requested]


def create_token(session: Session, *, actor: Principal, data: ApiTokenCreateIn) -> CreatedToken:
    _require_session_actor(actor)
    user = get_user(session, actor=actor)
    scopes = _checked_scopes(data.scopes)
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise Invalid.field("expiresAt", "must be in the future")
    secret = new_secret()
    token = ApiToken(
        user_id=user.id,
        name=data.name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        scopes=scopes,
        expires_at=data.expires_at,
    )
    session.add(token)
    session.flush()
    emit(
        session,
        TokenCreated(actor=Actor.of(actor), data={"tokenId": token.id, "name": token.name, "scopes": list(scopes)}),
    )
    return CreatedToken(token, secret)


def list_tokens(session: Session, *, actor: Principal) -> list[ApiToken]:
    """The actor's tokens that are not revoked (expired ones stay, so their owner sees why)."""
    _require_session_actor(actor)
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == actor.user_id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, *, actor: Principal, token_id: str) -> None:
    """Revoke one of the actor's tokens; anyone else's (or a revoked one) is a 404."""
    _require_session_actor(actor)
    token = session.get(ApiToken, token_id) if is_id(token_id) else None
    if token is None or token.user_id != actor.user_id or token.revoked_at is not None:
        raise NotFound("API token not found")
    token.revoked_at = utcnow()
    emit(session, TokenRevoked(actor=Actor.of(actor), data={"tokenId": token.id, "name": token.name}))
    session.flush()
