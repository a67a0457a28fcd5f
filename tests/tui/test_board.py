"""Pilot tests of the kanban board's keyboard paths, checked against the database."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card
from stellary_core.principal import Principal
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import scopes
from stellary_tui.screens.main import MainScreen
from stellary_tui.screens.scope_commands import open_scope
from stellary_tui.views.kanban import KanbanBoard

pytestmark = pytest.mark.anyio
from tests.tui.conftest import SIZE, make_app, settle

Demo = tuple[Database, Principal, str, str]


def _column_cards(db: Database, project_id: str) -> dict[str, list[str]]:
    with db.session() as session:
        columns = session.scalars(select(BoardColumn).where(BoardColumn.project_id == project_id).order_by(BoardColumn.order)).all()
        result = {}
        for column in columns:
            rows = session.scalars(
                select(Card).where(Card.column_id == column.id, Card.archived.is_(False)).order_by(Card.order)
            ).all()
            assert [c.order for c in rows] == list(range(len(rows))), "orders must stay contiguous"
            result[column.name] = [c.key for c in rows]
        return result


async def test_board_opens_on_the_demo_project(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        board = app.screen.query_one(KanbanBoard)
        assert board.board is not None and board.board.project.id == project_id
        assert board.board.card_count == 24
        assert app.focused is board


async def test_arrow_and_vim_keys_move_the_cursor(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert (board.cursor.column, board.cursor.row) == (0, 0)
        await pilot.press("down", "j")
        assert board.cursor.row == 2
        await pilot.press("k")
        assert board.cursor.row == 1
        await pilot.press("right")
        assert board.cursor.column == 1
        await pilot.press("l", "h")
        assert board.cursor.column == 1
        await pilot.press("left")
        assert board.cursor.column == 0


async def test_shift_right_moves_the_card_to_the_next_column(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _column_cards(db, project_id)
    moved = before["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+right")
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.current_card is not None and board.current_card.key == moved
        assert board.cursor.column == 1
    after = _column_cards(db, project_id)
    assert moved not in after["Backlog"]
    assert after["To Do"][0] == moved
    assert len(after["To Do"]) == len(before["To Do"]) + 1


async def test_capital_l_and_h_move_cards_like_shift_arrows(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    moved = _column_cards(db, project_id)["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L", "L")
        await settle(pilot)
        assert _column_cards(db, project_id)["In Progress"][0] == moved
        await pilot.press("H")
        await settle(pilot)
    assert _column_cards(db, project_id)["To Do"][0] == moved


async def test_shift_down_reorders_within_the_column(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    first, second = _column_cards(db, project_id)["Backlog"][:2]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+down")
        await settle(pilot)
        assert app.screen.query_one(KanbanBoard).cursor.row == 1
        order = _column_cards(db, project_id)["Backlog"]
        assert order[:2] == [second, first]
        await pilot.press("K")
        await settle(pilot)
    assert _column_cards(db, project_id)["Backlog"][:2] == [first, second]


async def test_archive_removes_the_card_from_the_board(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    target = _column_cards(db, project_id)["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.board is not None
        assert target not in [c.key for c in board.board.all_cards()]
    with db.session() as session:
        assert session.scalar(select(Card.archived).where(Card.key == target)) is True


async def test_delete_asks_first_and_no_keeps_the_card(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    target = _column_cards(db, project_id)["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await settle(pilot)
        assert target in _column_cards(db, project_id)["Backlog"]
        await pilot.press("d", "y")
        await settle(pilot)
    with db.session() as session:
        assert session.scalar(select(Card.id).where(Card.key == target)) is None


async def test_moving_past_the_last_column_does_nothing(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _column_cards(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+left")
        await settle(pilot)
    assert _column_cards(db, project_id) == before


async def test_cards_show_their_labels_on_the_board(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    from stellary_core.schemas.labels import LabelCreateIn
    from stellary_core.services import labels

    first = _column_cards(db, project_id)["Backlog"][0]
    with db.session(write=True) as session:
        bug = labels.create_label(session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=LabelCreateIn(name="bug", color="#ff0000"))
        card_id = session.scalar(select(Card.id).where(Card.key == first))
        assert card_id is not None
        labels.add_label_to_card(session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, label_id=bug.id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        bottom_of_first_card = board.render_line(2 + 3).text
        assert "●bug" in bottom_of_first_card.split("╯")[0]
        progress = board.render_line(2 + 2).text.split("│")[1]
        card = board.current_card
        assert card is not None and card.key == first
        if card.checklist_total:
            assert f"☑ {card.checklist_done}/{card.checklist_total}" in progress


async def test_a_load_that_predates_a_move_does_not_undo_it_on_screen(demo: Demo) -> None:
    """Moves land in a worker; a board read before they land must not make the card jump back."""
    from stellary_core.services import board as board_service

    db, actor, workspace_id, project_id = demo
    moved = _column_cards(db, project_id)["Backlog"][0]
    with db.session() as session:
        stale = board_service.load_board(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        board = screen.query_one(KanbanBoard)
        with db.session(write=True) as lock:  # holds the write lock: the moves wait in their worker
            lock.connection()  # BEGIN IMMEDIATE
            await pilot.press("L", "L")
            await pilot.pause(0.1)
            assert screen.moves.pending
            screen._board_answer(screen._board_asked, None, None, False, stale)
            assert board.current_card is not None and board.current_card.key == moved
            assert board.cursor.column == 2
        await settle(pilot)
        assert board.board is not None and board.board is not stale
        assert board.current_card is not None and board.current_card.key == moved
        assert board.cursor.column == 2
    assert _column_cards(db, project_id)["In Progress"][0] == moved


async def test_many_quick_moves_are_stored_in_the_order_they_were_made(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _column_cards(db, project_id)
    moved = before["Backlog"][0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L", "L", "L", "L", "H", "J", "J", "K")
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        shown = {c.name: [card.key for card in board.board.cards[c.id]] for c in board.board.columns} if board.board else {}
    after = _column_cards(db, project_id)
    assert after["In Review"][1] == moved
    assert shown == after


async def test_a_move_under_a_filter_lands_beside_the_cards_it_passed(demo: Demo) -> None:
    """With a filter on, the screen's row is not the card's index among all the column's cards."""
    db, _actor, _ws, project_id = demo
    with db.session() as session:
        priority = dict(session.execute(select(Card.key, Card.priority)).all())
    backlog = _column_cards(db, project_id)["Backlog"]
    high = [key for key in backlog if priority[key] == "high"]
    first, second = high[:2]
    assert backlog.index(second) > 1, "the demo must hide a card above the second visible one"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"priority:high", "enter")
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.current_card is not None and board.current_card.key == first
        await pilot.press("J")
        await settle(pilot)
        after = _column_cards(db, project_id)["Backlog"]
        assert after.index(first) == after.index(second) + 1
        assert sorted(after) == sorted(backlog)
        to_do = [key for key in _column_cards(db, project_id)["To Do"] if priority[key] == "high"]
        await pilot.press("L")
        await settle(pilot)
    assert _column_cards(db, project_id)["To Do"].index(first) == _column_cards(db, project_id)["To Do"].index(to_do[0]) + 1


async def test_an_unexpected_failure_in_a_core_call_is_shown_and_reported_to_the_caller(demo: Demo) -> None:
    """A queue waiting on an answer (the card moves) must hear of a crash too, or it waits forever."""
    db, *_ = demo
    app = make_app(db)
    refused: list[str] = []

    def broken(_core: object) -> None:
        raise RuntimeError("disk on fire")

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.run_with_core(broken, failed=lambda error: refused.append(error.message))
        await settle(pilot)
        assert refused == ["Unexpected error: disk on fire"]
        assert any("disk on fire" in str(n.message) for n in app._notifications)


async def test_the_app_runs_with_its_collector_thresholds_and_gives_them_back(demo: Demo) -> None:
    import gc

    from stellary_tui import collector

    db, *_ = demo
    before = gc.get_threshold()
    assert before != collector.THRESHOLDS
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_threshold() == collector.THRESHOLDS
    assert gc.get_threshold() == before


async def test_the_apps_own_change_is_read_back_once_not_again_by_the_change_watcher(demo: Demo) -> None:
    from stellary_tui.app import StellaryApp

    db, *_ = demo
    app = StellaryApp(database=db, watch_interval=3600)  # polls only when the test says
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        loads: list[int] = []
        original = screen.load_board
        screen.load_board = lambda **kw: (loads.append(1), original(**kw))[1]  # type: ignore[method-assign]
        await pilot.press("L")
        await settle(pilot)
        assert loads == [1]  # the reload the move's change event asks for
        app._poll_changes()
        await settle(pilot)
        assert loads == [1]


async def test_a_filter_on_the_last_representable_day_is_explained_not_a_crash(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", *"due:<=9999-12-31", "enter")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert messages == ["date '9999-12-31' in 'due:<=9999-12-31' is out of range (the last is 9999-12-30)"]
        assert not screen.card_query
        assert app.is_running


async def test_a_bad_filter_is_explained_and_changes_nothing(demo: Demo) -> None:
    from textual.widgets import Input

    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", *"due:<notadate", "enter")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert messages == ["bad date 'notadate' in 'due:<notadate' (use YYYY-MM-DD)"]
        assert not screen.card_query
        field = screen.query_one("#filter-input", Input)
        assert field.display and field.value == "due:<notadate"  # left open to fix it
        board = screen.query_one(KanbanBoard)
        assert board.board is not None and board.board.card_count == 24


def _drawn(board: KanbanBoard, text: str) -> list[Segment]:
    """Every segment the board draws whose text holds ``text``."""
    return [seg for y in range(board.size.height) for seg in board.render_line(y) if text in seg.text]


async def test_a_done_card_past_its_due_date_is_not_drawn_as_overdue(demo: Demo) -> None:
    """DP-22 is done and was due Nov 14; DP-24, in To Do, was due Nov 24 and is overdue (today is Nov 28)."""
    db, _actor, _ws, project_id = demo
    columns = _column_cards(db, project_id)
    assert "DP-22" in columns["Done"] and "DP-24" in columns["To Do"]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        red = Style(color="red").color
        late = _drawn(board, "Nov 24")
        assert [seg.text.strip() for seg in late] == ["⚠ Nov 24"]
        assert late[0].style is not None and late[0].style.color == red
        for _ in range(len(columns)):  # bring DP-22 on screen: to the Done column, then down to it
            if board.board is not None and board.board.columns[board.cursor.column].name == "Done":
                break
            await pilot.press("right")
        for _ in range(len(columns["Done"])):
            if board.current_card is not None and board.current_card.key == "DP-22":
                break
            await pilot.press("down")
        assert board.current_card is not None and board.current_card.key == "DP-22"
        done = _drawn(board, "Nov 14")
        assert [seg.text.strip() for seg in done] == ["◷ Nov 14"]
        assert done[0].style is not None and done[0].style.color != red and done[0].style.dim


async def test_a_reload_that_supersedes_a_focused_load_keeps_its_focus(demo: Demo) -> None:
    """A saved card's change event reloads the board just after the editor asked for the cursor on it."""
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        board = screen.query_one(KanbanBoard)
        assert board.board is not None and board.current_card is not None
        last_column = board.board.columns[-1]
        target = board.board.cards[last_column.id][-1]
        assert target.id != board.current_card.id
        screen.load_board(focus_card_id=target.id)
        screen.load_board()  # drops the first answer: worker threads cannot be cancelled
        await settle(pilot)
        assert board.current_card is not None and board.current_card.id == target.id
        screen.load_board()  # once shown, the focus is spent: a later reload keeps the cursor where it is
        await pilot.press("left")
        await settle(pilot)
        assert board.current_card is not None and board.current_card.column_id != last_column.id


async def test_a_reload_that_supersedes_a_new_scopes_load_still_shows_its_view(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        sprint = scopes.create_scope(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=ScopeCreateIn(name="Sprint 2")
        ).scope
        sprint.active_view = "list"
        sprint_id = sprint.id
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.active_view == "kanban"
        open_scope(screen, sprint_id)
        screen.load_board()  # a change event's reload, asked before the scope's board answered
        await settle(pilot)
        assert screen.scope_id == sprint_id and screen.active_view == "list"
