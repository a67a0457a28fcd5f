"""``stellary password``: the local profile gets a password and logs in over REST with it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stellary_core.db import Database
from stellary_core.models import User
from stellary_core.services import accounts
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
