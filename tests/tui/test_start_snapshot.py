"""The start-up snapshot (stellary_tui/start_snapshot.py): the board saved at exit, painted at once next time.

Shown only when the database is provably unchanged; the real board then takes
its place, drawn the same, and keys typed meanwhile act on the real board.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from stellary_core.config import Settings
from stellary_core.db import Database, open_database
from stellary_core.models import Card
from stellary_core.principal import Principal
from stellary_core.view_rows import BoardProject, BoardScope, CardRow, ColumnRow, ScopeBoard
from stellary_core.services import seeding
from stellary_tui import start_snapshot
from stellary_tui.app import StellaryApp
from stellary_tui.screens.main import MainScreen
from stellary_tui.screens.main_frame import StartScreen
from tests.tui.conftest import SIZE, gated_operation, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


@pytest.fixture
def start_view_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The core's first read waits for the test: the start-up picture stays on screen until it is let go."""
    yield from gated_operation(monkeypatch, "get_start_view")


def _paths(demo: Demo) -> tuple[Path, Path]:
    data_dir = demo[0].settings.data_dir
    return data_dir, data_dir / "stellary.db"


async def _run_and_quit(data_dir: Path) -> None:
    """One session of the app on the data directory, quit as a user quits (it saves the snapshot)."""
    app = StellaryApp(data_dir=data_dir, watch_interval=3600)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.board is not None


@pytest.fixture
async def saved(demo: Demo) -> tuple[Path, Path]:
    """The demo's data directory after one session: its snapshot saved, nothing else holding the database."""
    demo[0].dispose()  # the fixture's own connections would keep the WAL open (no snapshot is saved then)
    data_dir, database = _paths(demo)
    await _run_and_quit(data_dir)
    assert start_snapshot.snapshot_path(data_dir).exists()
    return data_dir, database


def _screen_text(app: StellaryApp) -> str:
    return app.export_screenshot(title="start")


async def test_the_snapshot_paints_what_the_real_board_paints_and_keys_typed_meanwhile_reach_the_real_board(
    saved: tuple[Path, Path], start_view_gate: object
) -> None:
    data_dir, database = saved
    app = StellaryApp(data_dir=data_dir, watch_interval=3600)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await pilot.pause()  # the picture as it stands, footer included (a loaded machine caught it without)
        assert isinstance(app.screen, StartScreen)  # painted before the core has read anything
        picture = _screen_text(app)
        assert app.screen.board is not None and app.screen.board.card_count
        await pilot.press("down")  # on the picture: kept, then applied to the real board
        assert app.screen.board_view.cursor.row == 0
        start_view_gate.set()  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.board_view.cursor.row == 1
        await pilot.press("up")
        await settle(pilot)
        assert _screen_text(app) == picture


async def test_the_first_paint_from_a_snapshot_imports_neither_sqlalchemy_nor_pydantic(saved: tuple[Path, Path]) -> None:
    data_dir, _database = saved
    probe = """
import asyncio, json, sys
from stellary_tui.app import StellaryApp
from stellary_tui.screens.main_frame import StartScreen
from stellary_tui.views.kanban import KanbanBoard

at_first_paint = []
draw = KanbanBoard.render_line

def render_line(self, y):
    if not at_first_paint and isinstance(self.screen, StartScreen):
        at_first_paint.append(sorted({name.split(".")[0] for name in sys.modules}))
    return draw(self, y)

KanbanBoard.render_line = render_line

async def main() -> None:
    app = StellaryApp(data_dir=sys.argv[1], watch_interval=3600)
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(3000):
            screen = app.screen
            if at_first_paint and type(screen).__name__ == "MainScreen" and getattr(screen, "board", None) is not None:
                break
            await pilot.pause(0.01)
        else:
            raise SystemExit("the snapshot, then the real board, never showed")
        print(json.dumps({"first": at_first_paint[0], "later": sorted({n.split(".")[0] for n in sys.modules})}))

asyncio.run(main())
"""
    result = subprocess.run(
        [sys.executable, "-c", probe, str(data_dir)], capture_output=True, text=True, timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "textual" in loaded["first"] and "sqlalchemy" in loaded["later"]  # the probe saw both screens
    assert [name for name in ("sqlalchemy", "pydantic", "alembic") if name in loaded["first"]] == []


async def test_a_snapshot_is_not_shown_once_another_stellary_process_has_changed_the_database(
    saved: tuple[Path, Path],
) -> None:
    data_dir, database = saved
    other = open_database(Settings.from_env(data_dir=data_dir), migrate=False)
    try:
        with other.session(write=True) as session:
            session.scalars(select(Card)).first().title = "Renamed elsewhere"  # type: ignore[union-attr]
    finally:
        other.dispose()
    assert start_snapshot.load(data_dir, database) is None
    app = StellaryApp(data_dir=data_dir, watch_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert not isinstance(app.screen, StartScreen)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.board is not None
        assert "Renamed elsewhere" in {card.title for card in app.screen.board.all_cards()}


async def test_a_snapshot_is_not_shown_once_anything_else_has_written_the_file(saved: tuple[Path, Path]) -> None:
    data_dir, database = saved
    with sqlite3.connect(database) as connection:  # not through Stellary: the commit count stays as it was
        connection.execute("UPDATE cards SET title = 'Edited by hand'")
    assert start_snapshot.load(data_dir, database) is None


async def test_a_snapshot_is_not_saved_when_a_commit_came_after_the_start_view_was_read(saved: tuple[Path, Path]) -> None:
    data_dir, database = saved
    snapshot = start_snapshot.load(data_dir, database)
    assert snapshot is not None
    current = start_snapshot.read_closed_generation(database)
    assert current is not None
    assert not start_snapshot.save(data_dir, database, snapshot, current - 1)
    assert not start_snapshot.snapshot_path(data_dir).exists()  # the older one is gone too
    assert start_snapshot.save(data_dir, database, snapshot, current)
    assert start_snapshot.load(data_dir, database) is not None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short (a crash while copying it by hand)
        lambda text: "not json at all",
        lambda text: json.dumps({**json.loads(text), "board": {"project": "oops"}}),
        lambda text: json.dumps({**json.loads(text), "format": 0}),
        lambda text: json.dumps([1, 2, 3]),
    ],
)
async def test_a_corrupt_snapshot_is_ignored_and_the_start_goes_the_usual_way(saved: tuple[Path, Path], damage: object) -> None:
    data_dir, database = saved
    path = start_snapshot.snapshot_path(data_dir)
    path.write_text(damage(path.read_text()))  # type: ignore[operator]
    assert start_snapshot.load(data_dir, database) is None
    app = StellaryApp(data_dir=data_dir, watch_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.board is not None and app.screen.board.card_count


async def test_the_snapshot_file_is_private(saved: tuple[Path, Path]) -> None:
    data_dir, _database = saved
    assert start_snapshot.snapshot_path(data_dir).stat().st_mode & 0o077 == 0


def test_a_long_column_keeps_a_screen_of_cards_and_counts_the_rest() -> None:
    """Only what a screen can show is saved in full; the board still has every card's place and count."""
    now = datetime(2026, 12, 1, 10, 0, 0, 123000)
    column = ColumnRow("c" * 24, "To Do", 0, "todo", None)
    total = start_snapshot.SHOWN_PER_COLUMN + 30
    rows = [
        CardRow(f"{n:024d}", f"GS-{n}", n, f"Card {n}", column.id, n, None, "todo", None, now, None, False,
                0, 0, 0, 0, now, now, None, label_ids=("l" * 24,))
        for n in range(total)
    ]  # fmt: skip
    board = ScopeBoard(
        project=BoardProject("p" * 24, "Growth", "GS"),
        scope=BoardScope("s" * 24, "Main", True, "kanban"),
        columns=[column],
        cards={column.id: rows, "e" * 24: []},
    )
    snapshot = start_snapshot.StartSnapshot(tree=[], project_id="p" * 24, board=board, unread=2, theme=None)
    document = json.loads(json.dumps(start_snapshot.encode(snapshot)))
    assert len(document["board"]["cards"][column.id]) == start_snapshot.SHOWN_PER_COLUMN
    loaded = start_snapshot._decode(document).board
    assert loaded.card_count == total and len(loaded.cards["e" * 24]) == 0
    assert loaded.cards[column.id][: start_snapshot.SHOWN_PER_COLUMN] == rows[: start_snapshot.SHOWN_PER_COLUMN]


async def test_a_picture_of_long_columns_draws_their_more_lines_as_the_real_board(
    db: Database, frozen: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, cards=200)  # some fifty cards a column, a dozen of them on screen
    db.dispose()
    monkeypatch.setattr(start_snapshot, "SHOWN_PER_COLUMN", 15)
    data_dir = db.settings.data_dir
    await _run_and_quit(data_dir)
    kept = json.loads(start_snapshot.snapshot_path(data_dir).read_text())["board"]["cards"]
    assert max(len(rows) for rows in kept.values()) == 15
    gate = gated_operation(monkeypatch, "get_start_view")
    start_view_gate = next(gate)  # the core's first read waits: the picture stays until it is let go
    app = StellaryApp(data_dir=data_dir, watch_interval=3600)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await pilot.pause()  # the picture as it stands, footer included
        assert isinstance(app.screen, StartScreen)
        picture = _screen_text(app)
        assert app.screen.board is not None and app.screen.board.card_count == 200
        start_view_gate.set()  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert _screen_text(app) == picture
    next(gate, None)  # lets the fixture-style generator restore the operation
