"""A custom field's type and, for a select field, its options: add, rename (the cards keep it), remove."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.operations.catalog import custom_fields as field_ops
from stellary_core.schemas.custom_fields import OPTION_MAX, CustomFieldOut, CustomFieldUpdateIn
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, heading
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.settings_dialogs import (
    FIELD_TYPES,
    SELECT_TYPES,
    Change,
    LinePrompt,
    checked_line,
    marked_current,
    split_options,
)

if TYPE_CHECKING:
    from stellary_tui.screens.project_settings import ProjectSettingsScreen

OPTIONS_MAX = 100  # options of one field
TYPE_NAMES = dict(FIELD_TYPES)


def _update(workspace_id: str, project_id: str, field: CustomFieldOut, **data: Any) -> field_ops.UpdateCustomField:
    return field_ops.UpdateCustomField(
        workspace_id=workspace_id, project=project_id, field=field.id, data=CustomFieldUpdateIn(**data)
    )


class FieldOptionsDialog(KeyedModal[None]):
    """The options of one select or multi-select field, each change saved at once."""

    DEFAULT_CSS = """
    FieldOptionsDialog #options { height: auto; max-height: 12; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="options.close"),
        Binding("a,n", "add", "Add option", id="options.add"),
        Binding("r", "rename", "Rename option", id="options.rename", tooltip="Rename the option (enter too); cards keep it"),
        Binding("d,delete", "remove", "Remove option", id="options.remove"),
    ]

    def __init__(self, workspace_id: str, project_id: str, field: CustomFieldOut) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.project_id = project_id
        self.field = field

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            what = "A select field: each card picks one of these." if self.field.type == "select" else (
                "A multi-select field: each card picks any of these."
            )
            yield from heading(f"Options of “{self.field.name}”", what)
            yield OptionList(id="options")
            yield Label("a add · enter or r rename · d remove · escape close", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#options", OptionList).focus()

    def _fill(self, keep: str | None = None) -> None:
        listed = self.query_one("#options", OptionList)
        listed.clear_options()
        listed.add_options([Option(option) for option in self.field.options])
        if self.field.options:
            listed.highlighted = self.field.options.index(keep) if keep in self.field.options else 0

    @property
    def current(self) -> str | None:
        index = self.query_one("#options", OptionList).highlighted
        return self.field.options[index] if index is not None and index < len(self.field.options) else None

    def _changed(self, field: CustomFieldOut | None, keep: str | None = None) -> None:
        if field is not None and self.is_mounted:
            self.field = field
            self._fill(keep)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_rename()

    def action_add(self) -> None:
        field, options = self.field, list(self.field.options)

        def build(text: str) -> Change:
            option = checked_line("Option", text, OPTION_MAX)
            if option in options:
                raise ValueError(f"“{option}” is already an option.")
            if len(options) >= OPTIONS_MAX:
                raise ValueError(f"A field holds at most {OPTIONS_MAX} options.")
            given = _update(self.workspace_id, self.project_id, field, options=[*options, option])
            return Change(field_ops.update_custom_field, given, f"Added the option {option} to {field.name}.")

        dialog = LinePrompt(f"New option of “{field.name}”", build, placeholder="Option, e.g. Urgent")
        self.app.push_screen(dialog, lambda made: self._changed(made, keep=made.options[-1] if made else None))

    def action_rename(self) -> None:
        field, old = self.field, self.current
        if old is None:
            return

        def build(text: str) -> Change | None:
            new = checked_line("Option", text, OPTION_MAX)
            if new == old:
                return None
            if new in field.options:
                raise ValueError(f"“{new}” is already an option.")
            given = field_ops.RenameCustomFieldOption(
                workspace_id=self.workspace_id, project=self.project_id, field=field.id, option=old, to=new
            )
            return Change(field_ops.rename_custom_field_option, given, f"Renamed the option {old} to {new}; cards keep it.")

        hint = "Cards that chose it keep it under the new name."
        dialog = LinePrompt(f"Rename the option “{old}”", build, value=old, hint=hint)
        self.app.push_screen(dialog, lambda made: self._changed(made, keep=checked_or_none(made, old, field)))

    def action_remove(self) -> None:
        field, option = self.field, self.current
        if option is None:
            return
        if len(field.options) == 1:
            self.notify("A select field keeps at least one option: add another first, or delete the field.", severity="warning")
            return
        rest = [o for o in field.options if o != option]

        def removed(made: CustomFieldOut) -> None:
            self.notify(f"Removed the option {option}.")
            self._changed(made)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.run_operation(  # type: ignore[attr-defined]
                    field_ops.update_custom_field, _update(self.workspace_id, self.project_id, field, options=rest), then=removed
                )

        question = f"Remove the option “{option}” from “{field.name}”? Cards that chose it lose it."
        self.app.push_screen(ConfirmDialog(question, yes="Remove"), confirmed)

    def action_close(self) -> None:
        self.dismiss(None)


def checked_or_none(made: CustomFieldOut | None, old: str, before: CustomFieldOut) -> str | None:
    """The renamed option (at the old one's place), to keep the cursor on it."""
    if made is None or old not in before.options:
        return None
    index = before.options.index(old)
    return made.options[index] if index < len(made.options) else None


def field_type_change(screen: ProjectSettingsScreen, field: CustomFieldOut) -> None:
    """Choose another type for ``field``; values are converted where they can be, after a question when some may go."""
    where = {"workspace_id": screen.workspace_id, "project_id": screen.project_id}

    def chosen(kind: str | None) -> None:
        if kind is None or kind == field.type:
            return
        if kind in SELECT_TYPES and field.type not in SELECT_TYPES:
            ask_options(kind)
        elif kind == "text" or (field.type, kind) == ("select", "multi-select"):
            run(kind)  # every value has a faithful form in the new type
        else:
            question = (
                f"Make “{field.name}” a {TYPE_NAMES[kind].lower()} field? Values are converted where they can be; "
                "those that cannot are cleared."
            )
            screen.app.push_screen(ConfirmDialog(question, yes="Change", title="Change the type"), lambda yes: run(kind) if yes else None)

    def run(kind: str) -> None:
        screen.app.run_operation(  # type: ignore[attr-defined]
            field_ops.update_custom_field, _update(where["workspace_id"], where["project_id"], field, type=kind),
            then=lambda _: screen.notify(f"{field.name} is a {TYPE_NAMES[kind].lower()} field now."),
        )

    def ask_options(kind: str) -> None:
        def build(text: str) -> Change:
            options = split_options(text)
            if not options:
                raise ValueError("Options: at least one, separated by commas.")
            for option in options:
                checked_line("Option", option, OPTION_MAX)
            given = _update(where["workspace_id"], where["project_id"], field, type=kind, options=options)
            return Change(field_ops.update_custom_field, given, f"{field.name} is a {TYPE_NAMES[kind].lower()} field now.")

        hint = "Cards whose value is one of the options keep it; the others are cleared."
        screen.app.push_screen(LinePrompt(f"Options of “{field.name}”", build, placeholder="Low, Medium, High", hint=hint))

    choices = marked_current(FIELD_TYPES, field.type)
    hint = "Values are converted where they can be (3 becomes “3”); those that cannot are cleared."
    screen.app.push_screen(ChoiceDialog(f"Type of “{field.name}”", choices, hint=hint), chosen)
