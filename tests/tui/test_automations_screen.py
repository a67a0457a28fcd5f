"""Pilot tests of the Automations screen (A): the rules in words, the rule editor's pickers, on/off,
deletion, traces, refusals, live refresh, and a rule made outside the TUI firing on a move made in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Label, Select, SelectionList, Static

from stellary_core.db import Database
from stellary_core.models import AutomationRule, BoardColumn, Card
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from stellary_tui.screens.automations import AutomationsScreen, TracesScreen
from stellary_tui.screens.dialogs import ConfirmDialog, ManyChoiceDialog
from stellary_tui.screens.rule_editor import ConditionRow, RuleEditor
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.rules_data import Rules, create_rule, seed_rules

pytestmark = pytest.mark.anyio
Seeded = tuple[Database, Principal, str, str, Rules]


@pytest.fixture
def seeded(db: Database, frozen: datetime) -> Seeded:
    """The demo project with its labels and the rules of ``rules_data`` (one succeeded, one failed, one off...)."""
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=24, with_labels=True)
        workspace_id, project_id = project.workspace_id, project.id
    return db, actor, workspace_id, project_id, seed_rules(db, actor, workspace_id, project_id)


async def open_rules(pilot: Pilot[None]) -> AutomationsScreen:
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AutomationsScreen)
    return screen


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def cursor_on(pilot: Pilot[None], screen: AutomationsScreen, name: str) -> None:
    names = [rule.name for rule in screen.sheet.rules]
    screen.table.move_cursor(row=names.index(name))
    await pilot.pause()


async def pick(pilot: Pilot[None], select: Select[Any], words: str) -> None:
    """Choose ``words`` in a picker as a person does: focus it, open it, arrow down to it, enter."""
    select.focus()
    await pilot.pause()
    # The overlay lists the options as the picker holds them (its prompt first when it may stay blank),
    # the current one highlighted.
    options = [str(prompt) for prompt, _value in select._options]
    values = [value for _prompt, value in select._options]
    current = values.index(select.value) if select.value in values else 0
    await pilot.press("enter")
    await pilot.pause()
    target = options.index(words)
    await pilot.press(*(["down"] * (target - current) if target >= current else ["up"] * (current - target)), "enter")
    await settle(pilot)


def form_error(app: StellaryApp) -> str:
    return str(app.screen.query_one("#form-error", Label).render())


def stored(db: Database, rule_id: str) -> AutomationRule | None:
    with db.session() as session:
        rule = session.get(AutomationRule, rule_id)
        if rule is not None:
            session.expunge(rule)
        return rule


def stored_by_name(db: Database, name: str) -> AutomationRule:
    with db.session() as session:
        rule = session.scalars(select(AutomationRule).where(AutomationRule.name == name)).one()
        session.expunge(rule)
        return rule


# -- listing -----------------------------------------------------------------------------------


async def test_the_screen_lists_the_rules_in_words(seeded: Seeded) -> None:
    db = seeded[0]
    app = make_app(db)
    async with app.run_test(size=(230, 50)) as pilot:  # wide enough for every cell whole
        screen = await open_rules(pilot)
        listed = {row[1]: row for row in rows(screen.table)}
        assert listed["Done cards go low"] == ["●", "Done cards go low", "card moved", "to column = Done", "set priority low", "just now · 1 run"]
        assert listed["Urgent bugs to the filer"][3:5] == ["priority = high and label in {bug}", "assign to whoever triggered it"]
        # The rule's column was deleted since: said so, never shown as an id.
        assert listed["Reviewed cards to the shelf"][4] == "move to (deleted)"
        assert listed["Archive overdue cards"][0] == "○" and listed["Archive overdue cards"][5] == "never"
        assert listed["Tell Ada about reviews"][4].startswith("notify Ada Lovelace")
        # The highlighted rule, whole, under the table (the table's cells are cut to fit).
        await cursor_on(pilot, screen, "Crashes get the bug label")
        detail = str(screen.query_one("#rule-detail", Static).render())
        assert "When a card is created, if (priority = high and title contains “crash”) or title contains “panic”: add label bug" in detail


async def test_cells_too_long_for_the_terminal_are_cut_with_an_ellipsis(seeded: Seeded) -> None:
    app = make_app(seeded[0])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_rules(pilot)
        names = [row[1] for row in rows(screen.table)]
        assert "Urgent bugs to the filer" not in names
        assert any(name.startswith("Urgent") and name.endswith("…") for name in names)


async def test_the_palette_opens_the_screen(seeded: Seeded) -> None:
    app = make_app(seeded[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Automations")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AutomationsScreen)


# -- the editor ------------------------------------------------------------------------------


async def test_a_rule_is_created_through_the_pickers(seeded: Seeded) -> None:
    db, _actor, _ws, _project_id, rules = seeded
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_rules(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RuleEditor)
        await pilot.press(*"Bugs in review to Done")
        await pick(pilot, editor.query_one("#rule-trigger", Select), "a card's status changes")
        await pick(pilot, editor.query_one("#rule-match", Select), "any of these holds")
        # First condition: a label among {bug, ux}, picked in the many-choice list.
        await pilot.press("ctrl+n")
        await settle(pilot)
        row = editor.query(ConditionRow).last()
        await pick(pilot, row.query_one(".cond-field", Select), "Label")
        await pick(pilot, row.query_one(".cond-op", Select), "has any of")
        row.query_one(".cond-many", Button).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ManyChoiceDialog)
        choices = [str(label) for label, _value in app.screen.choices]
        await pilot.press(*["down"] * choices.index("bug"), "space", *["down"] * (choices.index("ux") - choices.index("bug")), "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(row.query_one(".cond-many", Button).label) == "{bug, ux}"
        # Second condition: the column is In Review (a column picked by name).
        await pilot.press("ctrl+n")
        await settle(pilot)
        row = editor.query(ConditionRow).last()
        await pick(pilot, row.query_one(".cond-field", Select), "Column")
        await pick(pilot, row.query_one(".cond-value", Select), "In Review")
        # Third: the title contains a typed word.
        await pilot.press("ctrl+n")
        await settle(pilot)
        row = editor.query(ConditionRow).last()
        await pick(pilot, row.query_one(".cond-field", Select), "Title")
        row.query_one(".cond-value", Input).focus()
        await pilot.press(*"login")
        # Then: move to Done.
        await pick(pilot, editor.query_one(".action-type", Select), "Move the card to a column")
        await pick(pilot, editor.query_one(".action-param", Select), "Done")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AutomationsScreen)
        assert "Bugs in review to Done" in [row[1] for row in rows(app.screen.table)]
    made = stored_by_name(db, "Bugs in review to Done")
    assert made.trigger == "task_status_changed"
    assert made.conditions == {
        "any": [
            {"field": "labelIds", "op": "in", "value": [rules.labels["bug"], rules.labels["ux"]]},
            {"field": "columnId", "op": "eq", "value": rules.columns["In Review"]},
            {"field": "title", "op": "contains", "value": "login"},
        ]
    }
    assert made.action == {"type": "move_card", "columnId": rules.columns["Done"]}
    assert made.enabled


async def test_a_rule_is_edited_and_its_picked_values_kept(seeded: Seeded) -> None:
    db, _actor, _ws, _project_id, rules = seeded
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rules(pilot)
        await cursor_on(pilot, screen, "Urgent bugs to the filer")
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RuleEditor)
        first = editor.query(ConditionRow).first()
        assert first.query_one(".cond-value", Select).value == "high"
        await pick(pilot, first.query_one(".cond-value", Select), "medium")
        # The second condition goes: its ✕.
        editor.query(ConditionRow).last().query_one(".cond-remove", Button).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert len(editor.query(ConditionRow)) == 1
        await pick(pilot, editor.query_one(".action-param", Select), "Ada Lovelace")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AutomationsScreen)
    rule = stored_by_name(db, "Urgent bugs to the filer")
    assert rule.conditions == {"all": [{"field": "priority", "op": "eq", "value": "medium"}]}
    assert rule.action["type"] == "assign_user" and rule.action["userId"] != "actor"


async def test_a_rule_nested_deeper_than_the_form_is_shown_and_kept(seeded: Seeded) -> None:
    db, _actor, _ws, _project_id, rules = seeded
    before = stored(db, rules.nested)
    assert before is not None
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rules(pilot)
        await cursor_on(pilot, screen, "Crashes get the bug label")
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RuleEditor)
        summary = str(editor.query_one("#nested-summary", Static).render())
        assert summary == "(priority = high and title contains “crash”) or title contains “panic”"
        assert not editor.query(ConditionRow) and not editor.query("#add-condition")
        await pilot.press("ctrl+n")  # no rows to add to conditions kept as they are: says why
        assert "kept as they are" in form_error(app)
        await pilot.press("home", "ctrl+k", *"Crashes and panics get the bug label", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AutomationsScreen)
    after = stored(db, rules.nested)
    assert after is not None
    assert after.name == "Crashes and panics get the bug label"
    assert after.conditions == before.conditions  # not flattened, not emptied


async def test_a_refusal_of_the_core_is_shown_in_the_form_with_what_was_picked(seeded: Seeded) -> None:
    """The column picked was deleted while the form was open: the 400 names the part, by the column's name."""
    db, actor, workspace_id, project_id, _rules = seeded
    runner = OperationRunner(db)
    where = {"workspaceId": workspace_id, "project": project_id}
    spare = runner.run("create_column", actor, {**where, "data": {"name": "Spare"}})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_rules(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RuleEditor)
        await pilot.press(*"To the spare column")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+s")  # the condition's value is still to pick: said before asking the core
        await settle(pilot)
        assert form_error(app) == "Condition 1: pick a value."
        row = editor.query(ConditionRow).last()
        row.query_one(".cond-remove", Button).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pick(pilot, editor.query_one(".action-param", Select), "Spare")
        runner.run("delete_column", actor, {**where, "column": spare.id})
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # still open, nothing lost
        assert form_error(app) == "Then, column: “Spare” is not a column of this project"
        assert editor.query_one("#rule-name", Input).value == "To the spare column"
    with db.session() as session:
        assert session.scalars(select(AutomationRule).where(AutomationRule.name == "To the spare column")).first() is None


# -- on/off, delete, traces -----------------------------------------------------------------------


async def test_space_turns_a_rule_off_and_on(seeded: Seeded) -> None:
    db, _actor, _ws, _project_id, rules = seeded
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rules(pilot)
        await cursor_on(pilot, screen, "Done cards go low")
        await pilot.press("space")
        await settle(pilot)
        assert stored(db, rules.done_low).enabled is False  # type: ignore[union-attr]
        assert rows(screen.table)[0][0] == "○"
        await pilot.press("space")
        await settle(pilot)
        assert stored(db, rules.done_low).enabled is True  # type: ignore[union-attr]
        assert rows(screen.table)[0][0] == "●"


async def test_delete_asks_first(seeded: Seeded) -> None:
    db, _actor, _ws, _project_id, rules = seeded
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rules(pilot)
        await cursor_on(pilot, screen, "Archive overdue cards")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert stored(db, rules.off) is not None
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored(db, rules.off) is None
        assert "Archive overdue cards" not in [row[1] for row in rows(screen.table)]


async def test_traces_show_a_failure_in_the_error_colour_with_why(seeded: Seeded) -> None:
    db, _actor, _ws, _project_id, rules = seeded
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rules(pilot)
        await cursor_on(pilot, screen, "Reviewed cards to the shelf")
        await pilot.press("t")
        await settle(pilot)
        traces = app.screen
        assert isinstance(traces, TracesScreen)
        table = traces.query_one("#traces-table", DataTable)
        (row,) = rows(table)
        assert row[1:5] == ["card moved", row[2], "Demo User", "✗ failure"]
        assert row[2].startswith(rules.moved_key + " ")
        assert "not a column" in row[5]
        error_colour = app.current_theme.error
        assert error_colour is not None and error_colour.lower() in str(table.get_row_at(0)[4].style).lower()
        assert "Why it failed:" in str(traces.query_one("#trace-error", Static).render())


# -- live refresh, and a rule made elsewhere firing on a move made here ------------------------------


async def test_the_screen_follows_changes_made_elsewhere(seeded: Seeded) -> None:
    db, actor, workspace_id, project_id, rules = seeded
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rules(pilot)
        OperationRunner(db).run("toggle_automation", actor, {"workspaceId": workspace_id, "project": project_id, "rule": rules.done_low})
        create_rule(db, actor, workspace_id, project_id, name="Made over REST", trigger="task_assigned", action={"type": "archive_card"})
        await settle(pilot)
        listed = {row[1]: row for row in rows(screen.table)}
        assert listed["Done cards go low"][0] == "○"
        assert listed["Made over REST"][2:5] == ["card assigned", "always", "archive the card"]


async def test_a_rule_made_outside_fires_on_a_move_in_the_tui_and_its_trace_shows(seeded: Seeded) -> None:
    db, actor, workspace_id, project_id, rules = seeded
    rule_id = create_rule(
        db, actor, workspace_id, project_id, name="Planned cards go high", trigger="task_moved",
        conditions={"all": [{"field": "toColumnId", "op": "eq", "value": rules.columns["To Do"]}]},
        action={"type": "set_priority", "priority": "high"},
    )
    with db.session() as session:
        first = session.scalars(
            select(Card).join(BoardColumn, BoardColumn.id == Card.column_id)
            .where(Card.project_id == project_id, BoardColumn.name == "Backlog", Card.archived.is_(False))
            .order_by(Card.order)
        ).first()
        assert first is not None
        key = first.key
        session.execute(select(Card))
        first_id = first.id
    with db.session(write=True) as session:  # so the rule's change is a change
        card = session.get(Card, first_id)
        assert card is not None
        card.priority = "low"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+right")  # Backlog → To Do
        await settle(pilot)
        with db.session() as session:
            assert session.get(Card, first_id).priority == "high"  # type: ignore[union-attr]
        notices = [str(n.message) for n in app._notifications if n.title == "Automation"]
        assert notices == [f"Rule “Planned cards go high”: {key} changed priority low → high"]
        screen = await open_rules(pilot)
        await cursor_on(pilot, screen, "Planned cards go high")
        await pilot.press("t")
        await settle(pilot)
        (row,) = rows(app.screen.query_one("#traces-table", DataTable))
        assert row[1] == "card moved" and row[2].startswith(key + " ") and row[4] == "✓ success"
    assert stored(db, rule_id).run_count == 1  # type: ignore[union-attr]
