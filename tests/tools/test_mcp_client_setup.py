"""Done when: an MCP client configured from ``--print-config`` lists the tools and moves a card, and the open TUI shows it."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from stellary_core.db import Database
from stellary_core.operations import OperationRunner
from stellary_core.tools.catalog import TOOLS
from stellary_tui.app import StellaryApp
from stellary_tui.views.kanban import KanbanBoard
from tests.conftest import POSTGRES_ADMIN_URL
from tests.tools.conftest import ROOT, STELLARY, stellary_env
from tests.tools.sessions import call
from tests.tools.world import World
from tests.tui.conftest import SIZE, settle

pytestmark = pytest.mark.anyio


def printed_config(data_dir: Path) -> dict[str, str | list[str] | dict[str, str]]:
    done = subprocess.run(
        [*STELLARY, "mcp", "--print-config", "--data-dir", str(data_dir)],
        cwd=ROOT, env=stellary_env(Path("/nonexistent")), capture_output=True, text=True, timeout=120, check=True,
    )
    config = json.loads(done.stdout)
    entry: dict[str, str | list[str] | dict[str, str]] = config["mcpServers"]["stellary"]
    return entry


def test_print_config_names_this_interpreter_and_the_data_dir_given(data_dir: Path) -> None:
    entry = printed_config(data_dir)
    # Run as `python -m stellary_tui.cli`, it says so (the console script's path when run as `stellary`).
    assert [entry["command"], *entry["args"]] == [*STELLARY, "mcp"]
    expected = {"STELLARY_DATA_DIR": str(data_dir.resolve())}
    if POSTGRES_ADMIN_URL is not None:  # the test's database is named by the variable, and passed on
        expected["STELLARY_DATABASE_URL"] = stellary_env(Path("/nonexistent"))["STELLARY_DATABASE_URL"]
    assert entry["env"] == expected


def test_print_config_passes_on_a_database_url(data_dir: Path) -> None:
    """A database elsewhere (PostgreSQL): the client's server opens it, not the data dir's SQLite file."""
    url = "postgresql+psycopg://stellary:secret@db.internal/stellary"
    done = subprocess.run(
        [*STELLARY, "mcp", "--print-config", "--data-dir", str(data_dir)],
        cwd=ROOT, env={**stellary_env(Path("/nonexistent")), "STELLARY_DATABASE_URL": url},
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    env = json.loads(done.stdout)["mcpServers"]["stellary"]["env"]
    assert env == {"STELLARY_DATA_DIR": str(data_dir.resolve()), "STELLARY_DATABASE_URL": url}
    assert "$STELLARY_DATABASE_URL: keep it private" in done.stderr


async def test_a_client_configured_from_print_config_moves_a_card_the_open_board_shows(
    db: Database, data_dir: Path, world: World
) -> None:
    entry = printed_config(data_dir)
    assert isinstance(entry["command"], str) and isinstance(entry["args"], list) and isinstance(entry["env"], dict)
    params = StdioServerParameters(command=entry["command"], args=entry["args"], env=entry["env"], cwd=ROOT)
    app = StellaryApp(database=db)  # the real watch interval
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot, Client(params, mode="legacy") as client:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.board is not None and board.board.project.name == "Getting Started"
        todo, _doing, done = (column.id for column in board.board.columns)
        assert "GS-2" in [c.key for c in board.board.cards[todo]]
        assert [t.name for t in (await client.list_tools()).tools] == [t.name for t in TOOLS]

        await call(client, "move_card", {"card": "GS-2", "column": "Done"})
        moved = time.monotonic()
        while time.monotonic() - moved < 5:
            shown = board.board
            if shown is not None and "GS-2" in [c.key for c in shown.cards[done]]:
                break
            await pilot.pause(0.05)
        shown_after = time.monotonic() - moved
        assert board.board is not None and "GS-2" in [c.key for c in board.board.cards[done]]
        assert shown_after < 2.0, f"the board showed the move after {shown_after:.2f} s"
    assert OperationRunner(db).run("get_card_details", world.me, {"card": "GS-2"}).status == "done"
