"""Account rules at the service level: Argon2id, the dummy hash, JWT lifetime and secret, frozen clocks."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import jwt
import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import select

from stellary_core import clock
from stellary_core.config import DEFAULT_JWT_LIFETIME, Settings, parse_duration
from stellary_core.db import Database
from stellary_core.errors import Invalid, Unauthorized
from stellary_core.models import User
from stellary_core.principal import Principal
from stellary_core.schemas.auth import ChangePasswordIn, LoginIn, RegisterIn
from stellary_core.services import accounts, passwords, tokens

PASSWORD = "secure-pass-123"


def _register(db: Database, email: str = "jane@example.com") -> str:
    with db.session(write=True) as session:
        return accounts.register(session, data=RegisterIn(email=email, password=PASSWORD, name="Jane")).user.id


def _stored_hash(db: Database, user_id: str) -> str:
    with db.session() as session:
        value = session.scalar(select(User.password_hash).where(User.id == user_id))
    assert value is not None
    return value


def _login(db: Database, email: str, password: str = PASSWORD) -> accounts.AuthResult:
    with db.session(write=True) as session:
        return accounts.login(session, data=LoginIn(email=email, password=password))


# -- Argon2id ---------------------------------------------------------------------


def _default_parameters() -> tuple:
    default = PasswordHasher()
    return (Type.ID, default.time_cost, default.memory_cost, default.parallelism, default.hash_len, default.salt_len)


def _parameters(encoded: str) -> tuple:
    p = extract_parameters(encoded)
    return (p.type, p.time_cost, p.memory_cost, p.parallelism, p.hash_len, p.salt_len)


@pytest.mark.real_argon2
def test_passwords_are_stored_as_argon2id_with_the_library_defaults(db: Database) -> None:
    stored = _stored_hash(db, _register(db))
    assert stored.startswith("$argon2id$")
    assert _parameters(stored) == _default_parameters()
    assert PASSWORD not in stored


@pytest.mark.real_argon2
def test_login_rehashes_when_the_parameters_changed(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with monkeypatch.context() as patch:
        patch.setattr(passwords, "_hasher", weak)
        user_id = _register(db)
    before = _stored_hash(db, user_id)
    assert _parameters(before) != _default_parameters()
    _login(db, "jane@example.com")
    after = _stored_hash(db, user_id)
    assert after != before
    assert _parameters(after) == _default_parameters()
    _login(db, "jane@example.com")  # the new hash still verifies the same password
    assert _stored_hash(db, user_id) == after


def test_login_keeps_a_current_hash(db: Database) -> None:
    user_id = _register(db)
    before = _stored_hash(db, user_id)
    _login(db, "jane@example.com")
    assert _stored_hash(db, user_id) == before


class SpyHasher(PasswordHasher):
    """A real hasher that remembers which hashes it was asked to verify."""

    def __init__(self, time_cost: int = 1) -> None:
        super().__init__(time_cost=time_cost, memory_cost=1024, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002 - argon2's name
        self.verified.append(hash if isinstance(hash, str) else hash.decode())
        return super().verify(hash, password)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> SpyHasher:
    hasher = SpyHasher()
    monkeypatch.setattr(passwords, "_hasher", hasher)
    return hasher


def test_unknown_email_is_verified_against_a_dummy_hash(db: Database, spy: SpyHasher) -> None:
    user_id = _register(db)
    with pytest.raises(Unauthorized, match="Invalid credentials"):
        _login(db, "nobody@example.com")
    assert len(spy.verified) == 1
    dummy = spy.verified[0]
    assert dummy != _stored_hash(db, user_id)
    # The dummy costs what a real hash costs: same algorithm and parameters.
    assert _parameters(dummy) == _parameters(_stored_hash(db, user_id))


def test_wrong_password_is_verified_against_the_users_hash(db: Database, spy: SpyHasher) -> None:
    user_id = _register(db)
    with pytest.raises(Unauthorized, match="Invalid credentials"):
        _login(db, "jane@example.com", "wrong-password")
    assert spy.verified == [_stored_hash(db, user_id)]


def test_the_dummy_hash_follows_new_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    assert passwords.verify_password(None, "anything") is False
    stronger = SpyHasher(time_cost=2)
    monkeypatch.setattr(passwords, "_hasher", stronger)
    assert passwords.verify_password(None, "anything") is False
    assert extract_parameters(stronger.verified[0]).time_cost == 2


def test_a_user_without_password_cannot_log_in(db: Database, spy: SpyHasher) -> None:
    with db.session(write=True) as session:
        accounts.create_local_user(session, name="Local", email="local@example.com")
    with pytest.raises(Unauthorized):
        _login(db, "local@example.com", "whatever-password")
    assert len(spy.verified) == 1


def test_emails_are_stored_lowercased(db: Database) -> None:
    user_id = _register(db, "Jane.Doe@Example.COM")
    with db.session() as session:
        assert session.get(User, user_id).email == "jane.doe@example.com"  # type: ignore[union-attr]


def test_change_password_records_the_instant(db: Database) -> None:
    clock.freeze(datetime(2026, 2, 1, 12, 0, 0, 123456))
    user_id = _register(db)
    with db.session(write=True) as session:
        accounts.change_password(
            session,
            actor=Principal(user_id=user_id, kind="jwt"),
            data=ChangePasswordIn(current_password=PASSWORD, new_password="another-pass-1"),
        )
        assert session.get(User, user_id).password_changed_at == datetime(2026, 2, 1, 12, 0, 0, 123456)  # type: ignore[union-attr]


# -- JWT -----------------------------------------------------------------------------


def _settings(tmp_path: Path, *, secret: str | None = "s" * 40, lifetime: int = DEFAULT_JWT_LIFETIME) -> Settings:
    return Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.db'}", jwt_lifetime=lifetime, jwt_secret=secret)


def test_access_tokens_are_hs256_with_the_four_claims(tmp_path: Path) -> None:
    settings = _settings(tmp_path, lifetime=3600)
    token = tokens.issue_access_token(settings, "665f1a2b3c4d5e6f7a8b9c0d")
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, "s" * 40, algorithms=["HS256"])
    assert set(claims) == {"sub", "iat", "exp", "typ"}
    assert claims["sub"] == "665f1a2b3c4d5e6f7a8b9c0d" and claims["typ"] == "access"
    assert claims["exp"] - int(claims["iat"]) == 3600


def test_tokens_use_the_frozen_clock(tmp_path: Path) -> None:
    clock.freeze(datetime(2024, 5, 1, 8, 0, 0, 250000))
    settings = _settings(tmp_path)
    token = tokens.issue_access_token(settings, "665f1a2b3c4d5e6f7a8b9c0d")
    user_id, issued_at = tokens.decode_access_token(settings, token)
    assert user_id == "665f1a2b3c4d5e6f7a8b9c0d"
    assert issued_at == tokens.timestamp(datetime(2024, 5, 1, 8, 0, 0, 250000))
    # Still valid while the (past) frozen time stands, expired once the clock passes exp.
    clock.freeze(datetime(2024, 5, 8, 8, 0, 1))
    with pytest.raises(Unauthorized):
        tokens.decode_access_token(settings, token)


def test_timestamp_rounds_down_to_the_millisecond() -> None:
    assert tokens.timestamp(datetime(1970, 1, 1, 0, 0, 1, 999999)) == 1.999
    assert tokens.timestamp(datetime(1970, 1, 2)) == 86400.0


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("7d", 7 * 86400), ("12h", 12 * 3600), ("30m", 1800), ("45s", 45), ("3600", 3600), (" 2d ", 2 * 86400)],
)
def test_jwt_expires_in_is_parsed(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "7x", "d", "-5", "0", "1.5h", "7 days", "7dd"])
def test_a_bad_jwt_expires_in_is_a_clear_error(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_duration(text)
    assert caught.value.details[0].field == "JWT_EXPIRES_IN"
    assert "7d, 12h, 30m or seconds" in caught.value.message


def test_settings_read_jwt_expires_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JWT_EXPIRES_IN", "12h")
    assert Settings.from_env(data_dir=tmp_path).jwt_lifetime == 12 * 3600
    monkeypatch.delenv("JWT_EXPIRES_IN")
    assert Settings.from_env(data_dir=tmp_path).jwt_lifetime == 7 * 86400
    monkeypatch.setenv("JWT_EXPIRES_IN", "soon")
    with pytest.raises(Invalid, match="JWT_EXPIRES_IN"):
        Settings.from_env(data_dir=tmp_path)


def test_without_a_configured_secret_one_is_generated_with_mode_0600(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "data", secret=None)
    secret = tokens.jwt_secret(settings)
    path = tmp_path / "data" / "jwt-secret"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_text().strip() == secret
    assert len(bytes.fromhex(secret)) == 32
    # Another process (no in-memory cache) reads the same secret back.
    tokens._secrets.clear()
    assert tokens.jwt_secret(settings) == secret
    token = tokens.issue_access_token(settings, "665f1a2b3c4d5e6f7a8b9c0d")
    tokens._secrets.clear()
    assert tokens.decode_access_token(settings, token)[0] == "665f1a2b3c4d5e6f7a8b9c0d"


def test_each_data_directory_gets_its_own_secret(tmp_path: Path) -> None:
    first = tokens.jwt_secret(_settings(tmp_path / "one", secret=None))
    second = tokens.jwt_secret(_settings(tmp_path / "two", secret=None))
    assert first != second


def test_a_configured_secret_writes_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STELLARY_JWT_SECRET", "configured-secret-0123456789abcdef")
    settings = Settings.from_env(data_dir=tmp_path)
    assert tokens.jwt_secret(settings) == "configured-secret-0123456789abcdef"
    assert not (tmp_path / "jwt-secret").exists()
    token = tokens.issue_access_token(settings, "665f1a2b3c4d5e6f7a8b9c0d")
    assert jwt.decode(token, "configured-secret-0123456789abcdef", algorithms=["HS256"])["typ"] == "access"


def test_token_issued_before_the_password_change_is_refused(db: Database) -> None:
    clock.freeze(datetime(2026, 2, 1, 12, 0, 0))
    user_id = _register(db)
    old = _login(db, "jane@example.com").access_token
    clock.freeze(datetime(2026, 2, 1, 12, 0, 0, 1000))  # one millisecond later
    with db.session(write=True) as session:
        accounts.change_password(
            session,
            actor=Principal(user_id=user_id, kind="jwt"),
            data=ChangePasswordIn(current_password=PASSWORD, new_password="another-pass-1"),
        )
    with db.session() as session, pytest.raises(Unauthorized, match="password"):
        accounts.authenticate(session, bearer=old)
    new = _login(db, "jane@example.com", "another-pass-1").access_token
    with db.session() as session:
        assert accounts.authenticate(session, bearer=new).principal.user_id == user_id
