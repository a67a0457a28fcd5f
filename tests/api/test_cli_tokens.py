"""``stellary token``: tokens made on the command line, as the local profile, work against the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stellary_core.db import Database
from stellary_core.server.app import create_app
from stellary_core.services import accounts
from stellary_tui.cli import main
from tests.conftest import point_stellary_at

TOKEN_LINE = re.compile(r"^(synth_[0-9A-Za-z]{40})$", re.MULTILINE)


@pytest.fixture
def data_dir(db: Database, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test database's directory, holding a local profile."""
    point_stellary_at(db, monkeypatch)
    monkeypatch.delenv("STELLARY_DATA_DIR", raising=False)
    with db.session(write=True) as session:
        accounts.create_local_user(session, name="Local Me")
    return db.settings.data_dir


@pytest.fixture
def api(db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as client:
        yield client


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def create_token(capsys: pytest.CaptureFixture[str], data_dir: Path, *extra: str) -> tuple[str, str]:
    code, out, err = run(capsys, data_dir, "token", "create", "--name", "CI pipeline", *extra)
    assert code == 0, err
    match = TOKEN_LINE.search(out)
    assert match, out
    return match.group(1), out


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_create_prints_the_token_once_with_a_hint_to_store_it(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    token, out = create_token(capsys, data_dir)
    assert out.count(token) == 1
    assert "shown only this once" in out
    assert "projects:read, projects:write, pilotage:read" in out
    assert "expires: never" in out


def test_a_cli_token_works_against_the_api_as_the_local_profile(
    capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient
) -> None:
    token, _ = create_token(capsys, data_dir)
    me = api.get("/auth/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["user"]["name"] == "Local Me"
    orgs = api.get("/organizations", headers=bearer(token)).json()
    assert len(orgs) == 1 and orgs[0]["myRole"] == "owner"


def test_scopes_given_on_the_command_line_limit_the_token(
    capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient
) -> None:
    token, out = create_token(capsys, data_dir, "--scope", "projects:read", "--scope", "account:read")
    assert "scopes:  projects:read, account:read" in out
    assert api.get("/organizations", headers=bearer(token)).status_code == 200
    refused = api.post("/organizations", json={"name": "X", "slug": "x-org"}, headers=bearer(token))
    assert refused.status_code == 403
    assert "projects:write" in refused.json()["message"]


def test_an_unknown_scope_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data_dir), "token", "create", "--name", "x", "--scope", "admin:all"])
    assert exit_info.value.code == 2
    assert "admin:all" in capsys.readouterr().err


def test_expires_takes_a_date(capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient) -> None:
    token, out = create_token(capsys, data_dir, "--expires", "2099-01-01")
    assert "expires: 2099-01-01T00:00:00Z" in out
    assert api.get("/auth/me", headers=bearer(token)).status_code == 200


@pytest.mark.parametrize(("value", "words"), [("2020-01-01", "in the future"), ("next tuesday", "ISO-8601")])
def test_a_past_or_unreadable_expiry_is_an_error(
    capsys: pytest.CaptureFixture[str], data_dir: Path, value: str, words: str
) -> None:
    code, out, err = run(capsys, data_dir, "token", "create", "--name", "x", "--expires", value)
    assert code == 2
    assert "expiresAt" in err and words in err
    assert not TOKEN_LINE.search(out)


def test_list_shows_prefix_name_scopes_expiry_and_last_use(
    capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient
) -> None:
    token, _ = create_token(capsys, data_dir, "--scope", "account:read", "--expires", "2099-06-30")
    code, out, _ = run(capsys, data_dir, "token", "list")
    assert code == 0
    header, row = out.strip().splitlines()
    assert header.split() == ["ID", "PREFIX", "NAME", "SCOPES", "EXPIRES", "LAST", "USED"]
    assert token[:10] in row
    assert "CI pipeline" in row and "account:read" in row and "2099-06-30T00:00:00Z" in row
    assert row.endswith("never")
    assert token not in out
    api.get("/auth/me", headers=bearer(token))
    _, out, _ = run(capsys, data_dir, "token", "list")
    assert not out.strip().splitlines()[1].endswith("never")


def test_list_with_no_tokens_says_how_to_make_one(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, data_dir, "token", "list")
    assert code == 0
    assert "stellary token create" in out


def test_revoke_stops_the_token(capsys: pytest.CaptureFixture[str], data_dir: Path, api: TestClient) -> None:
    token, _ = create_token(capsys, data_dir)
    _, out, _ = run(capsys, data_dir, "token", "list")
    token_id = out.strip().splitlines()[1].split()[0]
    code, out, _ = run(capsys, data_dir, "token", "revoke", token_id)
    assert code == 0
    assert "Revoked" in out
    assert api.get("/auth/me", headers=bearer(token)).status_code == 401
    assert "No API tokens" in run(capsys, data_dir, "token", "list")[1]
    code, _, err = run(capsys, data_dir, "token", "revoke", token_id)
    assert code == 2
    assert "not found" in err


def test_data_dir_may_follow_the_sub_command(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    create_token(capsys, data_dir)
    assert main(["token", "list", "--data-dir", str(data_dir)]) == 0
    assert "CI pipeline" in capsys.readouterr().out


def test_without_a_local_profile_the_cli_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STELLARY_DATABASE_URL", raising=False)
    code, _, err = run(capsys, tmp_path / "empty", "token", "list")
    assert code == 2
    assert "no local profile" in err
