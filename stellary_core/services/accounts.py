"""Accounts: registration, login with throttling, profile, password change, and who a token is."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.db import database_of, keep_on_error
from stellary_core.errors import Conflict, Invalid, RateLimited, Unauthorized
from stellary_core.event_types import Actor, PasswordChanged, ProfileUpdated, UserCreated
from stellary_core.events import emit
from stellary_core.models import ApiToken, AppSetting, LoginFailure, User, Workspace, WorkspaceMember
from stellary_core.principal import ALL_SCOPES, Principal
from stellary_core.schemas.auth import ChangePasswordIn, LoginIn, ProfileUpdateIn, RegisterIn
from stellary_core.services import organizations, passwords, tokens

THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_LIMIT = 10
PAT_PREFIX = "synth_"
TOKEN_USE_INTERVAL = timedelta(minutes=1)
LOCAL_USER_KEY = "local_user_id"


@dataclass(frozen=True)
class AuthResult:
    access_token: str
    user: User
    pilotage_role: str | None


def personal_pilotage_role(session: Session, user_id: str) -> str | None:
    """The user's pilotage role in their personal workspace (what /auth answers show)."""
    return session.scalar(
        select(WorkspaceMember.pilotage_role)
        .join(Workspace, Workspace.id == WorkspaceMember.workspace_id)
        .where(WorkspaceMember.user_id == user_id, Workspace.is_personal.is_(True), Workspace.owner_id == user_id)
        .limit(1)
    )


def _user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(session: Session, *, email: str, name: str, password: str | None, is_local: bool = False) -> User:
    """A user with their personal organization and workspace (not committed)."""
    email = email.strip().lower()
    if _user_by_email(session, email) is not None:
        raise Conflict("An account with this email already exists")
    user = User(
        email=email,
        name=name or email.split("@")[0],
        password_hash=passwords.hash_password(password) if password else None,
        is_local=is_local,
    )
    session.add(user)
    session.flush()
    emit(session, UserCreated(actor=Actor.user(user.id), data={"userId": user.id, "name": user.name}))
    organizations.create_personal_space(session, user=user)
    return user


def register(session: Session, *, data: RegisterIn) -> AuthResult:
    user = create_user(session, email=data.email, name=(data.name or "").strip(), password=data.password)
    session.flush()
    settings = database_of(session).settings
    return AuthResult(tokens.issue_access_token(settings, user.id), user, personal_pilotage_role(session, user.id))


def _check_throttle(session: Session, email: str) -> None:
    since = utcnow() - THROTTLE_WINDOW
    count, oldest = session.execute(
        select(func.count(), func.min(LoginFailure.at)).where(LoginFailure.email == email, LoginFailure.at > since)
    ).one()
    if count >= THROTTLE_LIMIT and oldest is not None:
        retry = max(1, int((oldest + THROTTLE_WINDOW - utcnow()).total_seconds()) + 1)
        raise RateLimited("Too many failed login attempts; try again later", retry_after=retry)


def _record_failure(session: Session, email: str) -> None:
    """Count one wrong password against ``email``."""
    session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - THROTTLE_WINDOW))
    session.add(LoginFailure(email=email))
    keep_on_error(session)  # the failure must count even though the caller then raises


def login(session: Session, *, data: LoginIn) -> AuthResult:
    """Log in; every failure looks the same and takes the same time."""
    email = data.email.strip().lower()
    _check_throttle(session, email)
    user = _user_by_email(session, email)
    if not passwords.verify_password(user.password_hash if user else None, data.password) or user is None:
        _record_failure(session, email)
        raise Unauthorized("Invalid credentials")
    assert user.password_hash is not None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(data.password)
    session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    session.flush()
    settings = database_of(session).settings
    return AuthResult(tokens.issue_access_token(settings, user.id), user, personal_pilotage_role(session, user.id))


def get_user(session: Session, *, actor: Principal) -> User:
    user = session.get(User, actor.user_id)
    if user is None:
        raise Unauthorized("Invalid or expired token")
    return user


def update_profile(session: Session, *, actor: Principal, data: ProfileUpdateIn) -> User:
    user = get_user(session, actor=actor)
    name = data.name.strip()
    if name != user.name:
        user.name = name
        emit(session, ProfileUpdated(actor=Actor.of(actor), data={"userId": user.id, "name": name}))
    session.flush()
    return user


def set_password(session: Session, *, actor: Principal, new_password: str) -> User:
    """Set a password without the old one: only the local profile's owner, from the TUI or CLI."""
    user = get_user(session, actor=actor)
    if actor.kind != "local":
        raise Unauthorized("Use change-password with the current password")
    if not 8 <= len(new_password) <= 128:
        raise Invalid.field("password", "must be 8-128 characters")
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    emit(session, PasswordChanged(actor=Actor.of(actor), data={"userId": user.id}))
    session.flush()
    return user


def change_password(session: Session, *, actor: Principal, data: ChangePasswordIn) -> User:
    """Guessing currentPassword with a stolen token is guessing a login: same counter, same lock."""
    user = get_user(session, actor=actor)
    _check_throttle(session, user.email)
    if not passwords.verify_password(user.password_hash, data.current_password):
        _record_failure(session, user.email)
        raise Invalid.field("currentPassword", "is incorrect")
    session.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
    user.password_hash = passwords.hash_password(data.new_password)
    # Tokens issued before this instant stop working.
    user.password_changed_at = utcnow()
    emit(session, PasswordChanged(actor=Actor.of(actor), data={"userId": user.id}))
    session.flush()
    return user


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class TokenUse:
    token_id: str
    at: datetime


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    # Set when a PAT's stored lastUsedAt is a minute old: the caller records it later, in
    # its own transaction (stellary_core.token_uses), so authenticating never writes.
    token_use: TokenUse | None = None


def authenticate(session: Session, *, bearer: str) -> Authenticated:
    """Who a bearer token (JWT or PAT) belongs to; Unauthorized for anything invalid."""
    bearer = bearer.strip()
    if not bearer:
        raise Unauthorized("Missing bearer token")
    if bearer.startswith(PAT_PREFIX):
        return _authenticate_pat(session, bearer)
    settings = database_of(session).settings
    user_id, issued_at = tokens.decode_access_token(settings, bearer)
    user = session.get(User, user_id)
    if user is None:
        raise Unauthorized("Invalid or expired token")
    if user.password_changed_at is not None and issued_at < tokens.timestamp(user.password_changed_at):
        raise Unauthorized("Token was issued before the password changed")
    return Authenticated(Principal(user_id=user.id, kind="jwt"))


# Every request with a token runs this: one statement, built once (the join is the "its user
# still exists" check, which was a second query).
_TOKEN_OF_A_USER = (
    select(ApiToken).join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == bindparam("token_hash"))
)


def _authenticate_pat(session: Session, bearer: str) -> Authenticated:
    token = session.scalar(_TOKEN_OF_A_USER, {"token_hash": hash_secret(bearer)})
    now = utcnow()
    if token is None or token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        raise Unauthorized("Invalid, expired or revoked token")
    scopes = frozenset(s for s in token.scopes if s in ALL_SCOPES)
    due = token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_INTERVAL
    principal = Principal(user_id=token.user_id, kind="pat", scopes=scopes, token_id=token.id)
    return Authenticated(principal, token_use=TokenUse(token.id, now) if due else None)


def record_token_uses(session: Session, uses: Iterable[TokenUse]) -> None:
    """Store when tokens were last used (never moving a lastUsedAt back); the caller commits."""
    for use in uses:
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == use.token_id, or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < use.at))
            .values(last_used_at=use.at)
        )


def local_user(session: Session) -> User | None:
    """The local profile's user, once the first run has created it."""
    setting = session.get(AppSetting, LOCAL_USER_KEY)
    if setting is None or not isinstance(setting.value, str):
        return None
    return session.get(User, setting.value)


def create_local_user(session: Session, *, name: str, email: str | None = None) -> User:
    """First run: the local profile with its personal organization and workspace."""
    if local_user(session) is not None:
        raise Conflict("The local profile already exists")
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise Invalid.field("name", "must be 1-100 characters")
    address = (email or "").strip().lower() or _free_local_email(session)
    user = create_user(session, email=address, name=name, password=None, is_local=True)
    session.merge(AppSetting(key=LOCAL_USER_KEY, value=user.id))
    session.flush()
    return user


def _free_local_email(session: Session) -> str:
    base, n = "me@stellary.local", 1
    address = base
    while _user_by_email(session, address) is not None:
        n += 1
        address = f"me{n}@stellary.local"
    return address


def local_principal(session: Session) -> Principal | None:
    user = local_user(session)
    return Principal(user_id=user.id, kind="local") if user else None
