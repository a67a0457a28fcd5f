"""Pilot tests of the project settings: labels, custom fields and columns, all by keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, OptionList

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, CardFieldValue, CardLabel, CustomField
from stellary_core.models import Label as StoredLabel
from stellary_core.principal import Principal
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.services import custom_fields, labels
from stellary_core.services.labels import MAX_LABELS_PER_PROJECT
from stellary_tui.app import StellaryApp
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.screens.field_options import FieldOptionsDialog
from stellary_tui.screens.main import MainScreen
from stellary_tui.screens.project_settings import ProjectSettingsScreen
from stellary_tui.screens.settings_dialogs import FieldDialog, LabelDialog, LinePrompt
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


# -- helpers -------------------------------------------------------------------------


async def open_settings(pilot: Pilot[None], tab: str = "1") -> ProjectSettingsScreen:
    await settle(pilot)
    await pilot.press("comma")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectSettingsScreen)
    if tab != "1":
        await pilot.press(tab)
        await settle(pilot)
    return screen


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    await pilot.press(*pressed)
    await settle(pilot)


async def clear_and_type(pilot: Pilot[None], text: str) -> None:
    """Replace the focused input's text, as a user would: to the start, delete to the end, then type."""
    await pilot.press("home", "ctrl+k", *text)


def form_error(app: StellaryApp) -> str:
    return str(app.screen.query_one("#form-error", Label).render())


def rows(screen: ProjectSettingsScreen, tab: str) -> list[list[str]]:
    table = screen.table(tab)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def cursor_to(pilot: Pilot[None], screen: ProjectSettingsScreen, tab: str, first_cell: str) -> None:
    table: DataTable[Any] = screen.table(tab)
    names = [str(table.get_row_at(i)[0 if tab != "labels" else 1]) for i in range(table.row_count)]
    table.move_cursor(row=names.index(first_cell))
    await pilot.pause()


def stored_labels(db: Database, project_id: str) -> dict[str, str]:
    with db.session() as session:
        return dict(session.execute(select(StoredLabel.name, StoredLabel.color).where(StoredLabel.project_id == project_id)).all())


def stored_fields(db: Database, project_id: str) -> dict[str, tuple[str, list[str]]]:
    with db.session() as session:
        found = session.scalars(select(CustomField).where(CustomField.project_id == project_id)).all()
        return {f.name: (f.type, list(f.options)) for f in found}


def stored_columns(db: Database, project_id: str) -> dict[str, tuple[str | None, int | None]]:
    with db.session() as session:
        found = session.scalars(select(BoardColumn).where(BoardColumn.project_id == project_id)).all()
        return {c.name: (c.category, c.wip_limit) for c in found}


def add_label(demo: Demo, name: str, color: str = "#ff0000") -> str:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        made = labels.create_label(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=LabelCreateIn(name=name, color=color)
        )
        return made.id


def add_field(demo: Demo, name: str, kind: str, options: list[str] | None = None) -> str:
    db, actor, workspace_id, project_id = demo
    data = CustomFieldCreateIn.model_validate({"name": name, "type": kind, "options": options})
    with db.session(write=True) as session:
        return custom_fields.create_custom_field(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=data
        ).id


def give_first_card(demo: Demo, field_id: str, value: Any) -> None:
    """A value of ``field_id`` on the project's first card."""
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        card_id = session.scalars(select(Card.id).where(Card.project_id == project_id)).first()
        assert card_id is not None
        custom_fields.set_field_values(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, values={field_id: value}
        )


def main_screen(app: StellaryApp) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


# -- opening -------------------------------------------------------------------------


async def test_comma_opens_the_settings_of_the_open_project_and_escape_closes_them(demo: Demo) -> None:
    add_label(demo, "bug", "#e5534b")
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert rows(screen, "labels") == [["██", "bug", "#e5534b"]]
        assert app.focused is screen.table("labels")
        await keys(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_lists_project_settings(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+p", *"Project settings")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ProjectSettingsScreen)


# -- labels --------------------------------------------------------------------------


async def test_n_creates_a_label_with_a_typed_colour_and_the_board_knows_it(demo: Demo) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await keys(pilot, "n")
        assert isinstance(app.screen, LabelDialog)
        await pilot.press(*"needs review", "tab")
        await clear_and_type(pilot, "D6409F")
        await keys(pilot, "enter")
        assert app.screen is screen
        assert stored_labels(db, project_id) == {"needs review": "#d6409f"}
        await settle(pilot)
        assert rows(screen, "labels") == [["██", "needs review", "#d6409f"]]
        board = main_screen(app).board
        assert board is not None and [label.name for label in board.labels.values()] == ["needs review"]


async def test_a_label_colour_can_be_picked_from_the_list(demo: Demo) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await keys(pilot, "n")
        await pilot.press(*"ops", "tab", "tab")
        assert isinstance(app.focused, OptionList)
        await keys(pilot, "down", "down", "enter")  # the first is highlighted on entering the list: down twice is yellow
        assert stored_labels(db, project_id) == {"ops": "#ffc53d"}


async def test_a_taken_name_is_refused_in_the_dialog_and_what_was_typed_stays(demo: Demo) -> None:
    db, *_, project_id = demo
    add_label(demo, "bug")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await keys(pilot, "n")
        dialog = app.screen
        await keys(pilot, *"BUG", "enter")
        assert app.screen is dialog, "the form stays open"
        assert "A label named 'BUG' already exists in this project" in form_error(app)
        assert dialog.query_one("#label-name", Input).value == "BUG"
        await keys(pilot, "end", *" 2", "enter")
        assert isinstance(app.screen, ProjectSettingsScreen)
        assert set(stored_labels(db, project_id)) == {"bug", "BUG 2"}


@pytest.mark.parametrize(("colour", "message"), [("#12345", "Colour: use #rrggbb"), ("teal-ish", "Colour: use #rrggbb")])
async def test_a_bad_colour_is_explained_and_nothing_is_stored(demo: Demo, colour: str, message: str) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await keys(pilot, "n")
        await pilot.press(*"bug", "tab")
        await clear_and_type(pilot, colour)
        await keys(pilot, "enter")
        assert isinstance(app.screen, LabelDialog)
        assert message in form_error(app)
        assert stored_labels(db, project_id) == {}


async def test_an_empty_or_too_long_name_is_explained(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await keys(pilot, "n", "enter")
        assert form_error(app) == "Name: cannot be empty."
        await keys(pilot, *("x" * 51), "enter")
        assert form_error(app) == "Name: at most 50 characters (this one has 51)."


async def test_the_label_cap_is_said_in_the_dialog(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        session.add_all(StoredLabel(project_id=project_id, name=f"l{i}", color="#000000") for i in range(MAX_LABELS_PER_PROJECT))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await keys(pilot, "n", *"one more", "enter")
        assert isinstance(app.screen, LabelDialog)
        assert f"A project holds at most {MAX_LABELS_PER_PROJECT} labels" in form_error(app)


async def test_e_renames_and_c_recolours_a_label(demo: Demo) -> None:
    db, *_, project_id = demo
    add_label(demo, "bug", "#ff0000")
    add_label(demo, "ux", "#00aaff")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await keys(pilot, "e")
        assert isinstance(app.screen, LabelDialog) and app.screen.query_one("#label-name", Input).value == "bug"
        await clear_and_type(pilot, "defect")
        await keys(pilot, "enter")
        await cursor_to(pilot, screen, "labels", "ux")
        await keys(pilot, "c")
        assert app.focused is app.screen.query_one("#colour", Input)
        await clear_and_type(pilot, "green")
        await keys(pilot, "enter")
        assert stored_labels(db, project_id) == {"defect": "#ff0000", "ux": "#30a46c"}


async def test_d_deletes_a_label_after_asking_and_its_cards_lose_it(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    bug = add_label(demo, "bug")
    with db.session(write=True) as session:
        card_id = session.scalars(select(Card.id).where(Card.project_id == project_id)).first()
        assert card_id is not None
        labels.add_label_to_card(session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, label_id=bug)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await keys(pilot, "d")
        assert isinstance(app.screen, ConfirmDialog) and "bug" in app.screen.question
        await keys(pilot, "n")
        assert stored_labels(db, project_id) == {"bug": "#ff0000"}
        await keys(pilot, "d", "y")
        assert stored_labels(db, project_id) == {}
        await settle(pilot)
        assert rows(screen, "labels") == []
        assert "No labels yet" in str(screen.query_one("#labels-empty").render())
    with db.session() as session:
        assert session.scalars(select(CardLabel).where(CardLabel.card_id == card_id)).all() == []


async def test_a_label_made_elsewhere_shows_up_while_the_settings_are_open(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        add_label(demo, "from the API")
        await pilot.pause(0.5)  # the change watcher sees another connection's commit
        await settle(pilot)
        assert [row[1] for row in rows(screen, "labels")] == ["from the API"]


# -- custom fields -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("downs", "kind", "options"),
    [
        (0, "text", None),
        (1, "number", None),
        (2, "select", "Low, Medium, High"),
        (3, "multi-select", "web, api"),
        (4, "date", None),
        (5, "boolean", None),
    ],
)
async def test_n_creates_a_custom_field_of_each_type(demo: Demo, downs: int, kind: str, options: str | None) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot, "2")
        await keys(pilot, "n")
        assert isinstance(app.screen, FieldDialog)
        await pilot.press(*"Estimate", "tab", *["down"] * downs)
        await settle(pilot)
        if options is None:
            assert not app.screen.query_one("#field-options", Input).display
            await keys(pilot, "enter")
        else:
            await keys(pilot, "enter")  # picking a select type goes on to its options
            assert app.focused is app.screen.query_one("#field-options", Input)
            await keys(pilot, *options, "enter")
        assert app.screen is screen
        expected = [o.strip() for o in options.split(",")] if options else []
        assert stored_fields(db, project_id) == {"Estimate": (kind, expected)}
        await settle(pilot)
        assert rows(screen, "fields")[0][0] == "Estimate"


async def test_a_select_field_without_options_is_refused_in_words(demo: Demo) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot, "2")
        await keys(pilot, "n", *"Team", "tab", "down", "down", "enter", "enter")
        assert isinstance(app.screen, FieldDialog)
        assert form_error(app) == "Options: a select field needs at least one, e.g. Low, Medium, High."
        assert stored_fields(db, project_id) == {}


async def test_enter_renames_a_field_and_a_taken_name_keeps_the_prompt_open(demo: Demo) -> None:
    db, *_, project_id = demo
    add_field(demo, "Points", "number")
    add_field(demo, "Team", "text")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot, "2")
        await keys(pilot, "enter")
        assert isinstance(app.screen, LinePrompt)
        await clear_and_type(pilot, "team")
        await keys(pilot, "enter")
        assert isinstance(app.screen, LinePrompt)
        assert "A custom field named 'team' already exists" in form_error(app)
        await clear_and_type(pilot, "Story points")
        await keys(pilot, "enter")
        assert set(stored_fields(db, project_id)) == {"Story points", "Team"}


async def test_t_changes_a_field_type_and_converts_the_values(demo: Demo) -> None:
    db, *_, project_id = demo
    points = add_field(demo, "Points", "number")
    give_first_card(demo, points, 3)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot, "2")
        await keys(pilot, "t")
        assert isinstance(app.screen, ChoiceDialog)
        await keys(pilot, "enter")  # Text, the first type: every value converts, no question
        assert stored_fields(db, project_id) == {"Points": ("text", [])}
        await keys(pilot, "t", "down", "down", "enter")  # Select: its options are asked
        assert isinstance(app.screen, LinePrompt)
        await keys(pilot, *"1, 2, 3", "enter")
        assert stored_fields(db, project_id) == {"Points": ("select", ["1", "2", "3"])}
    with db.session() as session:
        assert session.scalars(select(CardFieldValue.value).where(CardFieldValue.field_id == points)).all() == ["3"]


async def test_o_adds_renames_and_removes_options_and_cards_keep_a_renamed_one(demo: Demo) -> None:
    db, *_, project_id = demo
    team = add_field(demo, "Team", "select", ["web", "api"])
    give_first_card(demo, team, "web")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot, "2")
        await keys(pilot, "o")
        dialog = app.screen
        assert isinstance(dialog, FieldOptionsDialog)
        await keys(pilot, "a", *"ops", "enter")
        assert stored_fields(db, project_id)["Team"] == ("select", ["web", "api", "ops"])
        await keys(pilot, "a", *"api", "enter")
        assert isinstance(app.screen, LinePrompt) and form_error(app) == "“api” is already an option."
        await keys(pilot, "escape", "home", "enter")  # the first option: rename it
        await clear_and_type(pilot, "frontend")
        await keys(pilot, "enter")
        assert app.screen is dialog
        assert stored_fields(db, project_id)["Team"] == ("select", ["frontend", "api", "ops"])
        await keys(pilot, "end", "d")
        assert isinstance(app.screen, ConfirmDialog) and "ops" in app.screen.question
        await keys(pilot, "y")
        assert stored_fields(db, project_id)["Team"] == ("select", ["frontend", "api"])
        options = dialog.query_one("#options", OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == ["frontend", "api"]
    with db.session() as session:
        assert session.scalars(select(CardFieldValue.value).where(CardFieldValue.field_id == team)).all() == ["frontend"]


async def test_o_on_a_field_without_options_says_why(demo: Demo) -> None:
    add_field(demo, "Points", "number")
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot, "2")
        await keys(pilot, "o")
        assert isinstance(app.screen, ProjectSettingsScreen)
        assert any("only select fields have options" in n.message for n in app._notifications)


async def test_d_deletes_a_field_after_asking(demo: Demo) -> None:
    db, *_, project_id = demo
    add_field(demo, "Points", "number")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot, "2")
        await keys(pilot, "d")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "y")
        assert stored_fields(db, project_id) == {}


# -- columns -------------------------------------------------------------------------


async def test_enter_sets_a_columns_status_category(demo: Demo) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot, "3")
        first = rows(screen, "columns")[0][0]
        assert stored_columns(db, project_id)[first][0] == "todo"
        await keys(pilot, "enter")
        assert isinstance(app.screen, ChoiceDialog)
        await keys(pilot, "down", "down", "enter")
        assert stored_columns(db, project_id)[first][0] == "done"
        await settle(pilot)
        assert rows(screen, "columns")[0][1] == "Done"
        await keys(pilot, "c", "end", "enter")  # no category
        assert stored_columns(db, project_id)[first][0] is None


async def test_w_sets_and_clears_a_wip_limit_and_the_board_shows_it(demo: Demo) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot, "3")
        first = rows(screen, "columns")[0][0]
        await keys(pilot, "w", *"abc", "enter")
        assert isinstance(app.screen, LinePrompt)
        assert form_error(app) == "WIP limit: a whole number from 1 to 10,000, or empty for no limit."
        await clear_and_type(pilot, "3")
        await keys(pilot, "enter")
        assert stored_columns(db, project_id)[first][1] == 3
        await settle(pilot)
        assert rows(screen, "columns")[0][2] == "3"
        board = main_screen(app).board
        assert board is not None and board.columns[0].wip_limit == 3
        await keys(pilot, "w")
        await clear_and_type(pilot, "")
        await keys(pilot, "enter")
        assert stored_columns(db, project_id)[first][1] is None


async def test_keys_that_do_not_apply_to_a_tab_say_why(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot, "3")
        await keys(pilot, "n")
        await keys(pilot, "1", "w")
        said = [n.message for n in app._notifications]
        assert "New columns are added on the board: c adds one after the focused column." in said
        assert "WIP limits belong to columns (tab 3)." in said


async def test_r_renames_a_column_from_the_settings(demo: Demo) -> None:
    db, *_, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot, "3")
        first = rows(screen, "columns")[0][0]
        await keys(pilot, "r")
        assert isinstance(app.screen, LinePrompt) and app.screen.query_one("#line", Input).value == first
        await clear_and_type(pilot, "Ideas")
        await keys(pilot, "enter")
        assert "Ideas" in stored_columns(db, project_id) and first not in stored_columns(db, project_id)
