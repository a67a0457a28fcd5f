"""The project settings: its labels, its custom fields, and the status category and WIP limit of each column.

Everything here was reachable only over REST before. Every change runs an
operation of the catalogue (labels, custom fields, columns); the rules (unique
names, caps, colours, options per type) are the core's, and a refusal is shown
in the form that asked, so nothing typed is lost. This screen and the board
reload on the typed events of the changes (``reload_rules.settings_changed``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane

from stellary_core.event_types import DomainEvent
from stellary_core.operations.catalog import board as column_ops
from stellary_core.operations.catalog import custom_fields as field_ops
from stellary_core.operations.catalog import labels as label_ops
from stellary_core.operations.refs import InProject
from stellary_core.schemas.board import WIP_MAX, ColumnOut, ColumnUpdateIn
from stellary_core.schemas.common import NAME_MAX
from stellary_core.schemas.custom_fields import CustomFieldCreateIn, CustomFieldOut, CustomFieldUpdateIn
from stellary_core.schemas.labels import LABEL_NAME_MAX, LabelCreateIn, LabelOut, LabelUpdateIn
from stellary_tui.core import Core
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.screens.field_options import FieldOptionsDialog, field_type_change
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.reload_rules import settings_changed
from stellary_tui.screens.settings_dialogs import (
    FIELD_TYPES,
    SELECT_TYPES,
    Change,
    FieldDialog,
    FieldValues,
    LabelDialog,
    LabelValues,
    LinePrompt,
    checked_line,
    marked_current,
    model_of,
    parse_colour,
    split_options,
    swatch,
)
from stellary_tui.widgets.keyed_table import KeyedTable, cursor_key, refill

TABS = ("labels", "fields", "columns")
CATEGORIES: tuple[tuple[str, str], ...] = (("todo", "To do"), ("in_progress", "In progress"), ("done", "Done"))
NO_CATEGORY = "none"  # the choice that clears a column's category
TYPE_NAMES = dict(FIELD_TYPES)
HINTS = {
    "labels": "n new label · enter or e edit (name, colour) · c colour · d delete · 1 2 3 tabs · escape close",
    "fields": "n new field · enter or e rename · t type · o options (select fields) · d delete · escape close",
    "columns": "enter or c status category · w WIP limit · r rename · new columns: c on the board · escape close",
}


@dataclass(frozen=True)
class Settings:
    labels: list[LabelOut]
    fields: list[CustomFieldOut]
    columns: list[ColumnOut]


def category_name(category: str | None) -> str:
    return dict(CATEGORIES).get(category or "", "—")


def options_text(options: list[str], width: int = 40) -> str:
    """A field's options on one line, cut with an ellipsis (o lists them all)."""
    text = ", ".join(options) or "—"
    return text if len(text) <= width else text[: width - 1] + "…"


def wip_change(text: str) -> int | None:
    """A WIP limit as typed: a whole number from 1 to 10,000, or nothing for no limit."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= WIP_MAX:
        raise ValueError(f"WIP limit: a whole number from 1 to {WIP_MAX:,}, or empty for no limit.")
    return int(text)


class ProjectSettingsScreen(KeyedModal[None]):
    DEFAULT_CSS = """
    ProjectSettingsScreen #settings {
        width: 90%;
        max-width: 120;
        height: 85%;
        max-height: 100%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    ProjectSettingsScreen #settings-title { margin: 1 0 0 0; }
    ProjectSettingsScreen TabbedContent { height: 1fr; }
    ProjectSettingsScreen TabPane { padding: 0; }
    ProjectSettingsScreen DataTable { height: 1fr; }
    ProjectSettingsScreen .settings-note { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="settings.close"),
        Binding("1", "tab('labels')", "Labels", show=False, id="settings.tab_labels"),
        Binding("2", "tab('fields')", "Custom fields", show=False, id="settings.tab_fields"),
        Binding("3", "tab('columns')", "Columns", show=False, id="settings.tab_columns"),
        Binding("n", "new", "New", id="settings.new", tooltip="New label or custom field"),
        Binding("e", "edit", "Edit", id="settings.edit", tooltip="Edit the highlighted label, field or column (enter too)"),
        Binding("r", "rename", "Rename", show=False, id="settings.rename"),
        Binding("c", "colour_or_category", "Colour", show=False, id="settings.colour", tooltip="A label's colour; a column's status category"),
        Binding("w", "wip_limit", "WIP limit", show=False, id="settings.wip", tooltip="A column's WIP limit (empty: none)"),
        Binding("t", "field_type", "Field type", show=False, id="settings.field_type", tooltip="Change a custom field's type"),
        Binding("o", "field_options", "Options", show=False, id="settings.options", tooltip="Add, rename or remove a select field's options"),
        Binding("d,delete", "delete", "Delete", id="settings.delete", tooltip="Delete the highlighted label or field (asks first)"),
    ]

    def __init__(self, workspace_id: str, project_id: str, project_name: str, scope_id: str | None, scope_name: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.project_id = project_id
        self.project_name = project_name
        self.scope_id = scope_id
        self.scope_name = scope_name
        self.data = Settings([], [], [])
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0  # reloads asked for; only the answer to the latest one is shown

    def compose(self) -> ComposeResult:
        with Vertical(id="settings"):
            yield Label(f"Project settings · {self.project_name}", id="settings-title", classes="dialog-title")
            with TabbedContent(initial="labels", id="settings-tabs"):
                with TabPane("1 Labels", id="labels"):
                    # The colour swatch keeps its colour under the cursor too.
                    yield KeyedTable(
                        id="labels-table", cursor_type="row", zebra_stripes=True, cursor_foreground_priority="renderable"
                    )
                    yield Static("", id="labels-empty", classes="settings-note")
                with TabPane("2 Custom fields", id="fields"):
                    yield KeyedTable(id="fields-table", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="fields-empty", classes="settings-note")
                with TabPane("3 Columns", id="columns"):
                    yield Static(f"Columns of the scope “{self.scope_name}”", classes="settings-note")
                    yield KeyedTable(id="columns-table", cursor_type="row", zebra_stripes=True)
            yield Label(HINTS["labels"], id="settings-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.table("labels").add_columns("", "Name", "Colour")
        self.table("fields").add_columns("Name", "Type", "Options")
        self.table("columns").add_columns("Column", "Status category", "WIP limit")
        self.table("labels").focus()
        self.reload()

    def table(self, tab: str) -> DataTable[Any]:
        return self.query_one(f"#{tab}-table", DataTable)

    @property
    def tab(self) -> str:
        return self.query_one("#settings-tabs", TabbedContent).active or "labels"

    @property
    def where(self) -> dict[str, str]:
        return {"workspace_id": self.workspace_id, "project": self.project_id}

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if settings_changed(event, project_id=self.project_id):
            self.debounced_reload.request()

    def reload(self) -> None:
        self._asked += 1
        asked, where, scope_id = self._asked, InProject(**self.where), self.scope_id

        def read(core: Core) -> Settings:
            return Settings(
                core.run(label_ops.list_labels, where),
                core.run(field_ops.list_custom_fields, where),
                core.run(column_ops.list_columns, column_ops.ListColumns(**self.where, scope_id=scope_id)),
            )

        self.app.run_with_core(read, then=lambda data: self._loaded(asked, data), group="settings")  # type: ignore[attr-defined]

    def _loaded(self, asked: int, data: Settings) -> None:
        # A worker thread cannot be cancelled: an answer older than the latest is stale.
        if not self.is_mounted or asked != self._asked:
            return
        self.data = data
        refill(self.table("labels"), [(label.id, (swatch(label.color), label.name, label.color)) for label in data.labels])
        refill(
            self.table("fields"),
            [(f.id, (f.name, TYPE_NAMES.get(f.type, f.type), options_text(f.options))) for f in data.fields],
        )
        wip = {c.id: str(c.wip_limit) if c.wip_limit else "no limit" for c in data.columns}
        refill(self.table("columns"), [(c.id, (c.name, category_name(c.category), wip[c.id])) for c in data.columns])
        self.query_one("#labels-empty", Static).update("" if data.labels else "No labels yet: press n to add one.")
        self.query_one("#fields-empty", Static).update(
            "" if data.fields else "No custom fields yet: press n to add one (text, number, select, multi-select, date, yes/no)."
        )

    def _current(self, tab: str, rows: list[Any]) -> Any:
        key = cursor_key(self.table(tab))
        return next((row for row in rows if row.id == key), None)

    @property
    def label(self) -> LabelOut | None:
        return self._current("labels", self.data.labels)  # type: ignore[no-any-return]

    @property
    def field(self) -> CustomFieldOut | None:
        return self._current("fields", self.data.fields)  # type: ignore[no-any-return]

    @property
    def column(self) -> ColumnOut | None:
        return self._current("columns", self.data.columns)  # type: ignore[no-any-return]

    # -- tabs ----------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#settings-tabs", TabbedContent).active = tab
        self.table(tab).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in TABS:
            self.table(event.pane.id).focus()
            self.query_one("#settings-hint", Label).update(HINTS[event.pane.id])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _nothing_here(self, what: str) -> None:
        self.notify(what, severity="warning", timeout=4)

    # -- the keys, by tab ----------------------------------------------------

    def action_new(self) -> None:
        if self.tab == "labels":
            self.app.push_screen(LabelDialog("New label", self._label_created))
        elif self.tab == "fields":
            self.app.push_screen(FieldDialog("New custom field", self._field_created))
        else:
            self._nothing_here("New columns are added on the board: c adds one after the focused column.")

    def action_edit(self) -> None:
        {"labels": self._edit_label, "fields": self.action_rename, "columns": self._choose_category}[self.tab]()

    def action_rename(self) -> None:
        if self.tab == "labels":
            self._edit_label()
        elif self.tab == "fields":
            self._rename_field()
        else:
            self._rename_column()

    def action_colour_or_category(self) -> None:
        if self.tab == "labels":
            self._edit_label(focus_colour=True)
        elif self.tab == "columns":
            self._choose_category()
        else:
            self._nothing_here("Custom fields have no colour: t changes a field's type, o its options.")

    def action_wip_limit(self) -> None:
        column = self.column
        if self.tab != "columns" or column is None:
            self._nothing_here("WIP limits belong to columns (tab 3).")
            return

        def build(text: str) -> Change | None:
            limit = wip_change(text)
            if limit == column.wip_limit:
                return None
            data = model_of(ColumnUpdateIn, {"wipLimit": limit})
            said = f"WIP limit of {column.name}: {limit}." if limit else f"{column.name} has no WIP limit now."
            return Change(column_ops.update_column, column_ops.UpdateColumn(**self.where, column=column.id, data=data), said)

        self.app.push_screen(
            LinePrompt(
                f"WIP limit of “{column.name}”", build, value=str(column.wip_limit or ""), placeholder="no limit",
                hint="The board shows a column holding more cards than this in red. Empty: no limit.",
            )
        )

    def action_field_type(self) -> None:
        field = self.field
        if self.tab != "fields" or field is None:
            self._nothing_here("Types belong to custom fields (tab 2).")
            return
        field_type_change(self, field)

    def action_field_options(self) -> None:
        field = self.field
        if self.tab != "fields" or field is None:
            self._nothing_here("Options belong to select fields (tab 2).")
            return
        if field.type not in SELECT_TYPES:
            self._nothing_here(f"“{field.name}” is a {TYPE_NAMES[field.type].lower()} field: only select fields have options.")
            return
        self.app.push_screen(FieldOptionsDialog(self.workspace_id, self.project_id, field))

    def action_delete(self) -> None:
        if self.tab == "labels" and self.label is not None:
            label = self.label
            question = f"Delete the label “{label.name}”? It comes off every card that carries it."
            self._delete(question, label_ops.delete_label, label_ops.OnLabel(**self.where, label=label.id), f"Deleted the label {label.name}.")
        elif self.tab == "fields" and self.field is not None:
            field = self.field
            question = f"Delete the custom field “{field.name}” and its value on every card? This cannot be undone."
            given = field_ops.OnCustomField(**self.where, field=field.id)
            self._delete(question, field_ops.delete_custom_field, given, f"Deleted the custom field {field.name}.")
        elif self.tab == "columns":
            self._nothing_here("Columns are deleted on the board (x): it asks where their cards go.")

    def _delete(self, question: str, op: Any, given: Any, done: str) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.run_operation(op, given, then=lambda _: self.notify(done))  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmDialog(question), confirmed)

    def action_close(self) -> None:
        self.dismiss(None)

    # -- labels --------------------------------------------------------------

    def _label_created(self, values: LabelValues) -> Change:
        name = checked_line("Name", values.name, LABEL_NAME_MAX)
        data = model_of(LabelCreateIn, {"name": name, "color": parse_colour(values.colour)})
        return Change(label_ops.create_label, label_ops.CreateLabel(**self.where, data=data), f"Added the label {name}.")

    def _edit_label(self, *, focus_colour: bool = False) -> None:
        label = self.label
        if label is None:
            self._nothing_here("No label here: n adds one.")
            return

        def build(values: LabelValues) -> Change | None:
            name = checked_line("Name", values.name, LABEL_NAME_MAX)
            colour = parse_colour(values.colour)
            if name == label.name and colour == label.color:
                return None
            data = model_of(LabelUpdateIn, {"name": name, "color": colour})
            given = label_ops.UpdateLabel(**self.where, label=label.id, data=data)
            return Change(label_ops.update_label, given, f"Saved the label {name}.")

        title = f"Edit the label “{label.name}”"
        self.app.push_screen(LabelDialog(title, build, name=label.name, colour=label.color, focus_colour=focus_colour))

    # -- custom fields -------------------------------------------------------

    def _field_created(self, values: FieldValues) -> Change:
        name = checked_line("Name", values.name, NAME_MAX)
        options = split_options(values.options) if values.type in SELECT_TYPES else None
        if options is not None and not options:
            raise ValueError("Options: a select field needs at least one, e.g. Low, Medium, High.")
        data = model_of(CustomFieldCreateIn, {"name": name, "type": values.type, "options": options})
        given = field_ops.CreateCustomField(**self.where, data=data)
        return Change(field_ops.create_custom_field, given, f"Added the {TYPE_NAMES[values.type].lower()} field {name}.")

    def _rename_field(self) -> None:
        field = self.field
        if field is None:
            self._nothing_here("No custom field here: n adds one.")
            return

        def change(name: str) -> Change:
            given = field_ops.UpdateCustomField(**self.where, field=field.id, data=CustomFieldUpdateIn(name=name))
            return Change(field_ops.update_custom_field, given, f"Renamed {field.name} to {name}.")

        self._rename("field", field.name, change)

    def _rename(self, what: str, name: str, change: Callable[[str], Change]) -> None:
        """Ask for a new name (the schemas' rules for a name); an unchanged one saves nothing."""

        def build(text: str) -> Change | None:
            new = checked_line("Name", text, NAME_MAX)
            return None if new == name else change(new)

        self.app.push_screen(LinePrompt(f"Rename the {what} “{name}”", build, value=name))

    # -- columns -------------------------------------------------------------

    def _choose_category(self) -> None:
        column = self.column
        if column is None:
            self._nothing_here("No column here.")
            return

        def chosen(choice: str | None) -> None:
            category = None if choice == NO_CATEGORY else choice
            if choice is None or category == column.category:
                return
            data = model_of(ColumnUpdateIn, {"category": category})
            said = f"{column.name}: {category_name(category).lower() if category else 'no status category'}."
            self.app.run_operation(  # type: ignore[attr-defined]
                column_ops.update_column, column_ops.UpdateColumn(**self.where, column=column.id, data=data),
                then=lambda _: self.notify(said),
            )

        choices = [*CATEGORIES, (NO_CATEGORY, "No category")]
        marked = marked_current(choices, column.category or NO_CATEGORY)
        hint = "Cards added or moved to the column take this status; Done marks them complete."
        self.app.push_screen(ChoiceDialog(f"Status category of “{column.name}”", marked, hint=hint), chosen)

    def _rename_column(self) -> None:
        column = self.column
        if column is None:
            self._nothing_here("No column here.")
            return

        def change(name: str) -> Change:
            given = column_ops.UpdateColumn(**self.where, column=column.id, data=ColumnUpdateIn(name=name))
            return Change(column_ops.update_column, given, f"Renamed {column.name} to {name}.")

        self._rename("column", column.name, change)

def open_project_settings(main: Any) -> None:
    """From the main screen (its key or the palette): the settings of the open project and its scope's columns."""
    project, workspace, board = main.project, main.workspace, main.board
    if project is None or workspace is None:
        main.notify("Open a project first.", severity="warning")
        return
    scope_id = board.scope.id if board is not None else main.scope_id
    scope_name = board.scope.name if board is not None else ""
    main.app.push_screen(ProjectSettingsScreen(workspace.id, project.id, project.name, scope_id, scope_name))
