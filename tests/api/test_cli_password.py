"""``stellary password``: the local profile gets a password and logs in over REST with it."""

from __future__ import annotations

import getpass
import io
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.errors import Unauthorized
from stellary_core.models import User
from stellary_core.principal import Principal
from stellary_core.services import accounts, tokens
from stellary_tui.cli import main
from tests.api.test_cli_tokens import api, data_dir  # noqa: F401  (fixtures)


def _set(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, text: str) -> tuple[int, str, str]:  # noqa: F811
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = main(["--data-dir", str(data_dir), "password", "--stdin"])
    out, err = capsys.readouterr()
    return code, out, err


def _email(db: Database) -> str:
    with db.session() as session:
        principal = accounts.local_principal(session)
        assert principal is not None
        user = session.get(User, principal.user_id)
        assert user is not None
        return user.email


def test_the_local_profile_logs_in_with_the_password_it_was_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient, db: Database  # noqa: F811
) -> None:
    email = _email(db)
    assert api.post("/auth/login", json={"email": email, "password": "a-long-secret"}).status_code == 401
    code, out, _ = _set(monkeypatch, capsys, data_dir, "a-long-secret\n")
    assert code == 0 and email in out
    login = api.post("/auth/login", json={"email": email, "password": "a-long-secret"})
    assert login.status_code == 200
    assert api.get("/auth/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}).status_code == 200


def test_a_too_short_password_is_refused_and_nothing_changes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient, db: Database  # noqa: F811
) -> None:
    code, _, err = _set(monkeypatch, capsys, data_dir, "short\n")
    assert code == 2 and "8-128 characters" in err
    assert api.post("/auth/login", json={"email": _email(db), "password": "short"}).status_code == 401


def test_a_jwt_issued_before_the_first_password_stops_working(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient, db: Database  # noqa: F811
) -> None:
    # The profile never had a password, so password_changed_at is still empty: setting the
    # first one must still draw the line that older tokens fall behind.
    with db.session() as session:
        principal = accounts.local_principal(session)
        assert principal is not None
        assert session.get(User, principal.user_id).password_changed_at is None  # type: ignore[union-attr]
    clock.freeze(datetime(2026, 3, 1, 9, 0, 0))
    earlier = tokens.issue_access_token(db.settings, principal.user_id)
    assert api.get("/auth/me", headers={"Authorization": f"Bearer {earlier}"}).status_code == 200
    clock.freeze(datetime(2026, 3, 1, 9, 0, 0, 1000))  # one millisecond later
    code, _, err = _set(monkeypatch, capsys, data_dir, "a-long-secret\n")
    assert code == 0, err
    assert api.get("/auth/me", headers={"Authorization": f"Bearer {earlier}"}).status_code == 401


def test_128_characters_are_accepted_and_129_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient, db: Database  # noqa: F811
) -> None:
    email = _email(db)
    too_long = "p" * 129
    code, _, err = _set(monkeypatch, capsys, data_dir, too_long + "\n")
    assert code == 2 and "8-128 characters" in err
    assert api.post("/auth/login", json={"email": email, "password": too_long}).status_code == 401
    longest = "q" * 128
    code, _, err = _set(monkeypatch, capsys, data_dir, longest + "\n")
    assert code == 0, err
    assert api.post("/auth/login", json={"email": email, "password": longest}).status_code == 200


def test_two_different_entries_are_refused_and_nothing_changes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient, db: Database  # noqa: F811
) -> None:
    entries = iter(["first-long-secret", "second-long-secret"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(entries))
    code = main(["--data-dir", str(data_dir), "password"])
    _, err = capsys.readouterr()
    assert code == 2 and "the two entries differ" in err
    assert next(entries, None) is None  # both entries were asked for
    for typed in ("first-long-secret", "second-long-secret"):
        assert api.post("/auth/login", json={"email": _email(db), "password": typed}).status_code == 401


def test_two_equal_entries_set_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient, db: Database  # noqa: F811
) -> None:
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "same-long-secret")
    assert main(["--data-dir", str(data_dir), "password"]) == 0
    assert api.post("/auth/login", json={"email": _email(db), "password": "same-long-secret"}).status_code == 200


def test_only_the_local_profile_may_set_a_password_without_the_old_one(db: Database, data_dir: Path) -> None:  # noqa: F811
    """A JWT or token holder must go through change-password, which asks for the current one."""
    with db.session() as session:
        principal = accounts.local_principal(session)
        assert principal is not None
    for kind in ("jwt", "pat"):
        with db.session(write=True) as session, pytest.raises(Unauthorized, match="change-password"):
            accounts.set_password(session, actor=Principal(user_id=principal.user_id, kind=kind), new_password="a-long-secret")
    with db.session() as session:
        user = session.get(User, principal.user_id)
        assert user is not None and user.password_hash is None and user.password_changed_at is None
