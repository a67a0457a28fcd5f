"""Pilot tests of the list view's keyboard paths, checked against the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import OptionList

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, CardLabel, Label
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, cards, labels, navigation, projects
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.views.list_view import ListView
from stellary_tui.widgets.list_table import CardLine, GroupLine
from stellary_tui.widgets.list_title_editor import ListTitleEditor
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]
PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Stored:
    key: str
    title: str
    column: str
    priority: str | None
    archived: bool
    due: datetime | None
    labels: frozenset[str]


def _stored(db: Database, project_id: str) -> dict[str, Stored]:
    """Every card of the project as the database has it, by key."""
    with db.session() as session:
        names = {c.id: c.name for c in session.scalars(select(BoardColumn).where(BoardColumn.project_id == project_id))}
        label_names: dict[str, set[str]] = {}
        for card_id, name in session.execute(select(CardLabel.card_id, Label.name).join(Label, Label.id == CardLabel.label_id)):
            label_names.setdefault(card_id, set()).add(name)
        rows = session.scalars(select(Card).where(Card.project_id == project_id)).all()
        return {
            c.key: Stored(c.key, c.title, names[c.column_id], c.priority, c.archived, c.due_date, frozenset(label_names.get(c.id, ())))
            for c in rows
        }


def _board_order(db: Database, project_id: str) -> list[str]:
    with db.session() as session:
        rows = session.execute(
            select(Card.key)
            .join(BoardColumn, BoardColumn.id == Card.column_id)
            .where(Card.project_id == project_id, Card.archived.is_(False))
            .order_by(BoardColumn.order, Card.order)
        )
        return [key for (key,) in rows]


def _keys(view: ListView) -> list[str]:
    return [line.card.key for line in view.lines if isinstance(line, CardLine)]


def _messages(app: StellaryApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def _text(view: ListView, y: int) -> str:
    return "".join(segment.text for segment in view.render_line(y))


async def _open_list(pilot: Pilot[None]) -> ListView:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    view = pilot.app.screen.query_one(ListView)
    assert pilot.app.focused is view
    return view


async def _pick(pilot: Pilot[None], label: str) -> None:
    """Choose an option of the open ChoiceDialog with the keyboard."""
    assert isinstance(pilot.app.screen, ChoiceDialog)
    options = pilot.app.screen.query_one(OptionList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press(*["down"] * prompts.index(label), "enter")
    await settle(pilot)


async def _select(pilot: Pilot[None], view: ListView, count: int) -> list[str]:
    """Select ``count`` cards from the cursor down; returns their ids."""
    chosen = []
    for _ in range(count):
        assert view.current_card is not None
        chosen.append(view.current_card.id)
        await pilot.press("space", "down")
    return chosen


def _add_labels(db: Database, actor: Principal, workspace_id: str, project_id: str) -> dict[str, str]:
    with db.session(write=True) as session:
        return {
            name: labels.create_label(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id,
                data=LabelCreateIn(name=name, color=color),
            ).id
            for name, color in (("Bug", "#ff0000"), ("UI", "#00aaff"))
        }


# -- showing, cursor ---------------------------------------------------------


async def test_the_list_shows_every_card_of_the_scope_in_board_order(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        assert _keys(view) == _board_order(db, project_id)
        assert len(_keys(view)) == 24
        header = _text(view, 0)
        for title in ("Key", "Title", "Column", "Status", "Prio", "Assignee", "Due", "Labels", "Checklist"):
            assert title in header
        assert "24 cards" in _text(view, view.shown_height - 1)


async def test_cursor_keys_move_through_the_rows(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("down", "j")
        assert view.cursor == 2
        await pilot.press("k")
        assert view.cursor == 1
        await pilot.press("up", "up")
        assert view.cursor == 0
        await pilot.press("end")
        assert view.cursor == 23
        await pilot.press("home")
        assert view.cursor == 0
        await pilot.press("pagedown")
        assert view.cursor == min(23, view.body_height)
        await pilot.press("pageup")
        assert view.cursor == 0


async def test_only_the_rows_on_screen_are_shown_and_the_cursor_scrolls_them(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=(100, 14)) as pilot:
        view = await _open_list(pilot)
        assert view.body_height == 14 - 3 - 2  # top bar, view bar, app footer; header and status line
        last = _keys(view)[-1]
        assert last not in "".join(_text(view, y) for y in range(view.shown_height))
        await pilot.press("end")
        assert last in "".join(_text(view, y) for y in range(1, view.shown_height - 1))


# -- sorting -------------------------------------------------------------------


async def test_o_cycles_the_sort_column_and_shows_it_in_the_header(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    stored = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("down", "down")
        cursor_card = view.current_card
        await pilot.press("o")
        assert view.sort == "key" and "Key ▲" in _text(view, 0)
        assert view.current_card == cursor_card, "the cursor stays on its card when the order changes"
        assert _keys(view) == sorted(stored, key=lambda k: int(k.split("-")[1]))
        await pilot.press("o")
        assert view.sort == "title" and "Title ▲" in _text(view, 0) and "Key ▲" not in _text(view, 0)
        titles = [stored[k].title.casefold() for k in _keys(view)]
        assert titles == sorted(titles)
        assert "sorted by Title ▲" in _text(view, view.shown_height - 1)


async def test_capital_o_reverses_the_sort(demo: Demo) -> None:
    db, _actor, _ws, _project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("o", "O")
        assert view.descending and "Key ▼" in _text(view, 0)
        assert _keys(view) == sorted(_keys(view), key=lambda k: -int(k.split("-")[1]))
        await pilot.press("O")
        assert not view.descending and "Key ▲" in _text(view, 0)


async def test_sorting_is_stable_and_keeps_empty_values_last_both_ways(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    stored, order = _stored(db, project_id), _board_order(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        while view.sort != "priority":
            await pilot.press("o")
        # Ties keep the board order: exactly what a stable sort of the board order gives.
        assert _keys(view) == sorted(order, key=lambda k: PRIORITY_RANK[stored[k].priority or "low"])
        while view.sort != "due":
            await pilot.press("o")
        undated = [k for k in order if stored[k].due is None]
        assert undated, "the demo data has cards without a due date"
        for _direction in range(2):
            keys = _keys(view)
            assert keys[-len(undated):] == undated, "cards without a due date stay last, in board order"
            dated = [stored[k].due for k in keys[: -len(undated)]]
            assert dated == sorted(dated, reverse=view.descending)  # type: ignore[type-var]
            await pilot.press("O")


# -- grouping ------------------------------------------------------------------


async def test_b_cycles_the_grouping_with_counts_in_the_group_rows(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    stored = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("b")
        assert view.grouping == "column"
        groups = {line.title: line.count for line in view.lines if isinstance(line, GroupLine)}
        expected: dict[str, int] = {}
        for card in stored.values():
            expected[card.column] = expected.get(card.column, 0) + 1
        assert groups == expected
        titles = [line.title for line in view.lines if isinstance(line, GroupLine)]
        assert titles == [c for c in ("Backlog", "To Do", "In Progress", "In Review", "Done") if c in expected]
        first_group = next(y for y in range(1, 10) if titles[0] in _text(view, y))
        assert f"{titles[0]}  {expected[titles[0]]}" in _text(view, first_group)
        await pilot.press("b")
        assert view.grouping == "priority"
        assert next(line.title for line in view.lines if isinstance(line, GroupLine)) == "High priority"
        for line in view.lines:
            if isinstance(line, CardLine):
                assert line.group == (line.card.priority or "")
        await pilot.press("b")
        assert view.grouping == "assignee"
        assert sum(line.count for line in view.lines if isinstance(line, GroupLine)) == 24
        await pilot.press("b")
        assert view.grouping == "label"
        assert [(line.title, line.count) for line in view.lines if isinstance(line, GroupLine)] == [("No label", 24)]
        await pilot.press("b")
        assert view.grouping == "none"
        assert not any(isinstance(line, GroupLine) for line in view.lines)


async def test_a_card_with_two_labels_is_listed_under_each(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    made = _add_labels(db, actor, workspace_id, project_id)
    first = _board_order(db, project_id)[0]
    with db.session(write=True) as session:
        card_id = session.scalars(select(Card.id).where(Card.key == first)).one()
        for label_id in made.values():
            labels.add_label_to_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, label_id=label_id
            )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("b", "b", "b", "b")
        assert view.grouping == "label"
        groups = [(line.title, line.count) for line in view.lines if isinstance(line, GroupLine)]
        assert groups == [("Bug", 1), ("UI", 1), ("No label", 23)]
        assert [line.group for line in view.lines if isinstance(line, CardLine) and line.card.key == first] == [
            made["Bug"],
            made["UI"],
        ]
        assert view.current_card is not None and view.current_card.key == first
        await pilot.press("space")
        assert view.selected == {card_id}
        await pilot.press("v")
        assert len(view.selected) == 24, "select all counts each card once"


# -- selection -----------------------------------------------------------------


async def test_space_toggles_v_and_ctrl_a_select_all_escape_clears(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        first = view.current_card
        assert first is not None
        await pilot.press("space")
        assert view.selected == {first.id}
        assert _text(view, 1).startswith("✓")
        assert "1 selected" in _text(view, view.shown_height - 1)
        await pilot.press("space")
        assert view.selected == set()
        await pilot.press("v")
        assert len(view.selected) == 24
        await pilot.press("escape")
        assert view.selected == set()
        await pilot.press("ctrl+a")
        assert len(view.selected) == 24
        await pilot.press("escape")
        assert view.selected == set()


# -- bulk actions ----------------------------------------------------------------


async def test_m_moves_the_selection_to_a_chosen_column(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        keys = _keys(view)[:3]
        await _select(pilot, view, 3)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog) and "3 cards" in app.screen.title_text
        await _pick(pilot, "Done")
        assert "Moved 3 cards to Done" in _messages(app)
        assert app.focused is view
    stored = _stored(db, project_id)
    assert {stored[k].column for k in keys} == {"Done"}
    with db.session() as session:
        done = session.scalars(select(BoardColumn).where(BoardColumn.project_id == project_id, BoardColumn.name == "Done")).one()
        orders = session.scalars(select(Card.order).where(Card.column_id == done.id, Card.archived.is_(False)).order_by(Card.order)).all()
    assert list(orders) == list(range(len(orders)))


async def test_a_bulk_action_without_selection_works_on_the_cursor_card(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("down")
        key = _keys(view)[1]
        await pilot.press("m")
        await settle(pilot)
        await _pick(pilot, "In Review")
        assert "Moved 1 card to In Review" in _messages(app)
    stored = _stored(db, project_id)
    assert before[key].column != "In Review" and stored[key].column == "In Review"
    # Every other card is as it was before the move.
    assert {k: s for k, s in stored.items() if k != key} == {k: s for k, s in before.items() if k != key}


async def test_capital_p_sets_the_priority_of_the_selection(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        keys = _keys(view)[:4]
        await _select(pilot, view, 4)
        await pilot.press("P")
        await settle(pilot)
        await _pick(pilot, "▲ High")
        already = sum(1 for k in keys if before[k].priority == "high")
        expected = f"Set priority high on {4 - already} card{'s' if 4 - already != 1 else ''}"
        messages = _messages(app)
        assert any(m.startswith(expected) for m in messages), messages
        if already:
            assert any(f"({already} card" in m for m in messages)
    after = _stored(db, project_id)
    assert all(after[k].priority == "high" for k in keys)
    assert all(after[k].priority == before[k].priority for k in after if k not in keys)


async def test_l_adds_a_project_label_to_the_selection(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    _add_labels(db, actor, workspace_id, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        keys = _keys(view)[:2]
        await _select(pilot, view, 2)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await _pick(pilot, "[ ] UI")
        assert "Added label UI to 2 cards" in _messages(app)
        await settle(pilot)
        assert "UI" in _text(view, 1), "the labels column shows the new label after the reload"
    stored = _stored(db, project_id)
    assert {k for k in stored if "UI" in stored[k].labels} == set(keys)


async def test_l_without_labels_says_so(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceDialog)
        assert "This project has no labels yet: add them in the project settings (,)." in _messages(app)


async def test_l_takes_a_label_off_when_every_chosen_card_has_it(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    made = _add_labels(db, actor, workspace_id, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        keys = _keys(view)[:2]
        with db.session(write=True) as session:
            for card in view.listed_cards[:2]:
                labels.add_label_to_card(
                    session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card.id,
                    label_id=made["Bug"],
                )
        await settle(pilot)
        await _select(pilot, view, 2)
        await pilot.press("l")
        await settle(pilot)
        await _pick(pilot, "[✓] Bug")
        assert "Removed label Bug from 2 cards" in _messages(app)
        assert {k for k, card in _stored(db, project_id).items() if "Bug" in card.labels} == set()
        # One of three carrying it: the label is marked as some, and picking it puts it on the other two.
        with db.session(write=True) as session:
            labels.add_label_to_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=view.listed_cards[0].id,
                label_id=made["Bug"],
            )
        await settle(pilot)
        await pilot.press("space")  # a third card joins the selection
        await pilot.press("l")
        await settle(pilot)
        await _pick(pilot, "[–] Bug")
        assert "Added label Bug to 2 cards (1 card already so)" in _messages(app)
    stored = _stored(db, project_id)
    assert {k for k in stored if "Bug" in stored[k].labels} == {*keys, _keys(view)[2]}


async def test_a_archives_the_selection_after_a_confirmation_with_the_count(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        keys = _keys(view)[:3]
        await _select(pilot, view, 3)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question.startswith("Archive 3 cards?")
        await pilot.press("n")
        await settle(pilot)
        assert not any(s.archived for s in _stored(db, project_id).values())
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Archived 3 cards" in _messages(app)
        assert view.selected == set()
        assert len(_keys(view)) == 21
        assert app.focused is view
    stored = _stored(db, project_id)
    assert {k for k in stored if stored[k].archived} == set(keys)


async def test_a_without_selection_archives_the_cursor_card_at_once(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        key = _keys(view)[0]
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert key not in _keys(view)
    assert _stored(db, project_id)[key].archived


async def test_a_card_that_cannot_be_changed_is_named_and_the_others_change(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    before = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        keys = _keys(view)[:2]
        chosen = await _select(pilot, view, 2)
        await pilot.press("P")
        await settle(pilot)
        with db.session(write=True) as session:  # deleted elsewhere while the dialog is open
            cards.delete_card(session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=chosen[0])
        await _pick(pilot, "▼ Low")
        messages = _messages(app)
        if before[keys[1]].priority == "low":
            assert "Set priority low on 0 cards (1 card already so)" in messages
        else:
            assert "Set priority low on 1 card" in messages
        assert f"Not changed: {keys[0]}: Card not found" in messages
    assert _stored(db, project_id)[keys[1]].priority == "low"


# -- one card ------------------------------------------------------------------


async def test_e_edits_the_title_in_place(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("down")
        key = _keys(view)[1]
        await pilot.press("e")
        await settle(pilot)
        editor = view.query_one(ListTitleEditor)
        assert app.focused is editor
        assert editor.region.y == view.region.y + 2, "laid over the cursor's row"
        await pilot.press("end", *" twice")
        await pilot.press("j")  # a list key types into the editor instead of moving the cursor
        assert view.cursor == 1
        await pilot.press("enter")
        await settle(pilot)
        assert not view.query(ListTitleEditor)
        assert app.focused is view
        assert view.current_card is not None and view.current_card.key == key
    stored = _stored(db, project_id)
    assert stored[key].title.endswith(" twicej")


async def test_f2_edits_and_escape_cancels(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("space", "f2")
        await settle(pilot)
        await pilot.press(*"zzz", "escape")
        await settle(pilot)
        assert not view.query(ListTitleEditor)
        assert app.focused is view
        assert len(view.selected) == 1, "escape closed the editor only, the selection stays"
    assert _stored(db, project_id) == before


async def test_the_editor_closes_unsaved_when_focus_leaves_it(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("e", *"abc")
        await settle(pilot)
        assert view.query(ListTitleEditor)
        await pilot.press("ctrl+b")  # the main screen hides the sidebar and focuses the view
        await settle(pilot)
        assert not view.query(ListTitleEditor)
        assert app.focused is view
        await pilot.press("down")
        assert view.cursor == 1, "the list's keys work again"
        await pilot.press("e")
        await settle(pilot)
        assert app.focused is view.query_one(ListTitleEditor), "a new editor opens after a closed one"
    assert _stored(db, project_id) == before


async def test_an_empty_title_is_refused_with_a_readable_message(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    before = _stored(db, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = view.query_one(ListTitleEditor)
        editor.value = "   "
        await pilot.press("enter")
        await settle(pilot)
        assert "Title: cannot be empty" in _messages(app)
        assert view.query_one(ListTitleEditor) is editor and app.focused is editor, "the editor stays open to fix it"
        assert editor.has_class("-invalid")
        await pilot.press("escape")
        await settle(pilot)
    assert _stored(db, project_id) == before


async def test_p_cycles_the_priority_of_the_cursor_card(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        key = _keys(view)[0]
        start = _stored(db, project_id)[key].priority
        cycle = {"low": "medium", "medium": "high", "high": None, None: "low"}
        await pilot.press("p")
        await settle(pilot)
        assert _stored(db, project_id)[key].priority == cycle[start]
        await pilot.press("p", "p")  # quicker than the reload: each press goes on from the last
        await settle(pilot)
        assert _stored(db, project_id)[key].priority == cycle[cycle[cycle[start]]]
        assert view.current_card is not None and view.current_card.key == key


async def test_enter_opens_the_card_editor_on_the_cursor_card(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("down", "down")
        card = view.current_card
        assert card is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor) and app.screen.card_id == card.id


async def test_n_creates_a_card_in_the_cursor_cards_column(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("end")
        card = view.current_card
        assert card is not None
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert app.screen.card_id is None and app.screen.column_id == card.column_id


async def test_d_deletes_the_cursor_card_after_confirming(demo: Demo) -> None:
    db, _actor, _ws, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        key = _keys(view)[0]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and key in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert key not in _keys(view)
    assert key not in _stored(db, project_id)


async def test_the_cursor_stays_on_its_card_across_a_reload(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("o", "o")  # by title; the cursor stays on its card, wherever it is now
        await pilot.press("home", "down", "down", "down")
        card = view.current_card
        assert card is not None
        with db.session(write=True) as session:  # a card sorting first appears, from elsewhere
            column_id = session.scalars(select(BoardColumn.id).where(BoardColumn.project_id == project_id)).first()
            assert column_id is not None
            cards.create_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, column_id=column_id,
                data=CardCreateIn(title="Aaa sorts first"),
            )
        await settle(pilot)
        for _ in range(100):
            if len(_keys(view)) == 25:
                break
            await pilot.pause(0.05)
        assert len(_keys(view)) == 25 and view.lines[0].card.title == "Aaa sorts first"  # type: ignore[union-attr]
        assert view.current_card is not None and view.current_card.id == card.id
        assert view.cursor == 4
        assert app.focused is view


# -- empty scope -----------------------------------------------------------------


@pytest.fixture
def empty_project(db: Database, frozen: datetime) -> Database:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Empty")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = navigation.navigation_tree(session, actor=actor)[0].workspaces[0].id
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Nothing yet"))
    return db


async def test_an_empty_scope_says_so_and_n_still_adds_a_card(empty_project: Database) -> None:
    app = make_app(empty_project)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        assert view.lines == [] and view.current_card is None
        assert "No cards in this scope yet: press n to add one." in _text(view, 2)
        await pilot.press("space", "v", "e", "p", "enter", "a", "d", "m", "P", "l")
        await settle(pilot)
        assert app.screen.query(ListView), "nothing to act on: no dialog opened"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor) and app.screen.card_id is None


async def test_a_filter_that_matches_nothing_is_named(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_list(pilot)
        await pilot.press("slash", *"nomatchatall", "enter")
        await settle(pilot)
        assert view.lines == []
        assert "No card matches the filter “nomatchatall”" in _text(view, 2)
