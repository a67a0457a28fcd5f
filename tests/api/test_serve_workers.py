"""``stellary serve --workers N --database-url URL``: several processes on one database, background work once."""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from stellary_core import clock
from stellary_core.clock import utcnow
from stellary_core.db import Database
from stellary_core.models import AutomationTrace, DueDateFiring, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.services import accounts
from stellary_tui.cli import main
from tests.served import serve_workers

@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--workers", "0"], "at least 1 worker"),
        (["--workers", "many"], "not a number of workers"),
        (["--database-url", "::not a url"], "cannot read database URL"),
        (["--database-url", "mysql://db/stellary"], "runs on sqlite or postgresql"),
    ],
)
def test_bad_values_are_refused_with_exit_code_2(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", *argv])
    assert exited.value.code == 2
    assert said in capsys.readouterr().err


def test_an_unreadable_url_in_the_environment_is_refused_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STELLARY_DATABASE_URL", "nonsense")
    assert main(["serve", "--data-dir", str(tmp_path)]) == 2
    assert "cannot read database URL 'nonsense'" in capsys.readouterr().err


def test_the_database_url_option_wins_over_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    served: list[str] = []

    def serve(db: Database, host: str, port: int) -> None:
        served.append(db.url)
        db.dispose()

    monkeypatch.setenv("STELLARY_DATABASE_URL", f"sqlite:///{tmp_path / 'from-variable.db'}")
    monkeypatch.setattr("stellary_core.server.app.serve", serve)
    chosen = f"sqlite:///{tmp_path / 'from-option.db'}"
    assert main(["serve", "--data-dir", str(tmp_path), "--database-url", chosen, "--port", "3999"]) == 0
    assert served == [chosen]


def test_help_tells_of_workers_and_the_database_url(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = capsys.readouterr().out
    assert "--workers" in text and "--database-url" in text and "postgresql" in text


def _due_rule_and_card(db: Database) -> str:
    """A due_date_reached rule made an hour ago and a card due half an hour ago: due as soon as a worker checks."""
    clock.freeze(utcnow() - timedelta(hours=1))
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
    me = Principal(user_id=user.id, kind="local")
    run = OperationRunner(db).run
    project = run("create_project", me, {"workspaceId": workspace_id, "data": {"name": "Ops"}})
    where = {"workspaceId": workspace_id, "project": project.id}
    run("create_automation", me, {**where, "data": {"trigger": "due_date_reached", "action": {"type": "set_priority", "priority": "high"}}})
    due = (utcnow() + timedelta(minutes=30)).isoformat()
    made = run("create_card", me, {**where, "data": {"title": "Late", "priority": "low", "dueDate": due}})
    clock.freeze(None)
    return str(made.id)


def _effects(db: Database, card_id: str) -> tuple[int, int]:
    with db.session() as session:
        traces = session.scalar(select(func.count()).select_from(AutomationTrace).where(AutomationTrace.card_id == card_id))
        firings = session.scalar(select(func.count()).select_from(DueDateFiring).where(DueDateFiring.card_id == card_id))
    return int(traces or 0), int(firings or 0)


def _mcp_message(response: httpx.Response) -> dict[str, object]:
    """The JSON-RPC answer of a Streamable HTTP POST, sent as JSON or as one server-sent event."""
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("text/event-stream"):
        data = next(line[5:] for line in response.text.splitlines() if line.startswith("data:"))
        return dict(json.loads(data))
    return dict(response.json())


def _mcp_calls_on_fresh_connections(port: int) -> None:
    """A client whose requests land on either worker (each on a new connection) is still served.

    With sessions kept in the process that opened them, about half of these answered
    "Session not found": a session id only one worker knows.
    """
    base = f"http://127.0.0.1:{port}"
    registered = httpx.post(f"{base}/auth/register", json={"email": "mcp@example.com", "password": "secure-pass-123", "name": "Mcp"})
    assert registered.status_code == 201, registered.text
    headers = {
        "Authorization": f"Bearer {registered.json()['access_token']}",
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
    }
    hello = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}
    opened = httpx.post(f"{base}/mcp", headers=headers, json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello})
    assert "result" in _mcp_message(opened)
    if "mcp-session-id" in opened.headers:
        headers["mcp-session-id"] = opened.headers["mcp-session-id"]
    headers["mcp-protocol-version"] = "2025-06-18"
    for n in range(12):
        with httpx.Client(timeout=10) as fresh:  # a new connection: the kernel may hand it to either worker
            listed = fresh.post(f"{base}/mcp", headers=headers, json={"jsonrpc": "2.0", "id": n + 2, "method": "tools/list"})
            answer = _mcp_message(listed)
        assert "result" in answer, answer


def test_two_workers_answer_and_a_due_rule_fires_once(db: Database, tmp_path: Path) -> None:
    card_id = _due_rule_and_card(db)
    log = tmp_path / "serve.log"
    with serve_workers(db.settings.data_dir, db.url, log) as (url, server):
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=url, timeout=10) as http:
            for _ in range(8):
                assert http.get("/openapi.json").status_code == 200
        _mcp_calls_on_fresh_connections(int(url.rsplit(":", 1)[1]))
        while _effects(db, card_id) == (0, 0) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # the slower worker's first check has had its chance to fire it again
        assert _effects(db, card_id) == (1, 1)
    assert server.returncode == 0, log.read_text()
    assert log.read_text().count("Started server process") == 2
