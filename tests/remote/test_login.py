"""``stellary login|logout --server URL`` and ``stellary --server URL`` without a token."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from stellary_tui.cli import build_parser, main
from stellary_tui.server_tokens import token_for
from tests.remote.conftest import PASSWORD, register


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home / "stellary"


def test_login_keeps_a_working_token_readable_by_its_owner_only(
    server_url: str, config_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    register(server_url, "alice@example.com")
    monkeypatch.setenv("STELLARY_PASSWORD", PASSWORD)
    assert main(["login", "--server", server_url + "/", "--email", "alice@example.com"]) == 0
    stored = config_home / "servers.json"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_home.stat().st_mode) == 0o700
    assert list(json.loads(stored.read_text())) == [server_url]  # one key per server, whatever the trailing slash
    token = token_for(server_url)
    assert token is not None
    import httpx

    assert httpx.get(f"{server_url}/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["user"]["email"] == (
        "alice@example.com"
    )
    assert "Logged in" in capsys.readouterr().out
    assert main(["logout", "--server", server_url]) == 0
    assert token_for(server_url) is None
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_a_wrong_password_is_the_servers_refusal(
    server_url: str, config_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    register(server_url, "alice@example.com")
    monkeypatch.setenv("STELLARY_PASSWORD", "not-the-password")
    assert main(["login", "--server", server_url, "--email", "alice@example.com"]) == 2
    assert "stellary: " in capsys.readouterr().err
    assert not (config_home / "servers.json").exists()


def test_without_a_stored_token_the_app_says_to_log_in(
    config_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--server", "https://team.example.com"]) == 2
    assert "stellary login --server https://team.example.com" in capsys.readouterr().err
    monkeypatch.setenv("STELLARY_SERVER", "https://other.example.com")
    assert build_parser().parse_args([]).server == "https://other.example.com"


def test_help_shows_the_server_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--server URL" in out and "login" in out and "logout" in out
