"""The first screen: real data at once, and nothing loaded that it does not show (issue 9, "Open in a blink").

bench/startup.py measures the time; these tests guard what it depends on: which
modules the start imports, and that views other than the one shown are built
only when first opened.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Scope
from stellary_core.principal import Principal
from stellary_core.services import scopes
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.views.stats_view import StatsView
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]

# Needed by other commands only: the REST server, JWTs, migrations, charts and the MCP server.
NOT_AT_START = ("fastapi", "uvicorn", "jwt", "cryptography", "alembic", "plotext", "textual_plotext", "mcp")

_FIRST_PAINT = """
import asyncio, json, sys
from stellary_tui.app import StellaryApp
from stellary_tui.views.kanban import KanbanBoard

async def main() -> None:
    app = StellaryApp(data_dir=sys.argv[1], watch_interval=3600)
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(3000):
            boards = app.screen.query(KanbanBoard)
            if boards and boards.first().board is not None and boards.first().board.card_count:
                break
            await pilot.pause(0.01)
        else:
            raise SystemExit("the board never showed")
        print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))

asyncio.run(main())
"""


def _packages_at_first_paint(data_dir: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STELLARY_")}
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_PAINT, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_the_app_shows_its_board_without_the_server_jwt_alembic_or_charts(demo: Demo) -> None:
    db = demo[0]
    loaded = _packages_at_first_paint(db.settings.data_dir)
    assert "sqlalchemy" in loaded and "textual" in loaded  # the probe did run the app on the database
    assert [name for name in NOT_AT_START if name in loaded] == []


def _loaded_after(code: str) -> list[str]:
    """Top-level packages in sys.modules after running ``code`` in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("module", ["stellary_tui.app", "stellary_tui.cli"])
def test_importing_the_app_or_the_command_line_loads_none_of_the_other_commands_needs(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert "stellary_tui" in loaded
    assert [name for name in NOT_AT_START if name in loaded] == []


def test_stellary_help_registers_every_command_without_the_database_or_the_ui() -> None:
    # `stellary --help` (and every command's start) builds the whole parser: it must stay this cheap.
    loaded = _loaded_after("from stellary_tui.cli import build_parser\nbuild_parser()")
    assert "stellary_tui" in loaded
    assert [name for name in ("sqlalchemy", "pydantic", "textual", *NOT_AT_START) if name in loaded] == []


def _set_view(demo: Demo, view: str) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        scope_id = session.scalars(select(Scope.id).where(Scope.project_id == project_id, Scope.is_default.is_(True))).one()
        scopes.set_active_view(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, scope_id=scope_id, view=view
        )


async def test_the_first_screen_builds_only_the_kanban(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        switcher = app.screen.query_one("#view-switcher")
        assert [child.id for child in switcher.children] == ["kanban"]
        await pilot.press("5")
        await settle(pilot)
        assert [child.id for child in switcher.children] == ["kanban", "stats"]
        assert app.focused is app.screen.query_one(StatsView)


async def test_a_scope_left_on_the_stats_view_opens_on_it_with_its_numbers(demo: Demo) -> None:
    _set_view(demo, "stats")
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(StatsView)
        assert view.display and not app.screen.query_one(KanbanBoard).display
        assert view.stats is not None and view.stats.total == 24
        assert view.tile("total").render().plain.startswith("24")  # type: ignore[union-attr]
