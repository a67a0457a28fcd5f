"""The forms of the project settings: a line of text, a label, a new custom field.

Each form stays open until the core has accepted what it asks: a refusal (a
name already taken, a project full of labels, a colour that is no colour) is
shown inside it in words, and what was typed is still there to correct. The
form does not know which operation it runs: the screen that opens it hands it
``build``, which turns the form's values into a ``Change`` (or None when
nothing changed) and raises ``ValueError`` with a message for a bad value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.errors import StellaryError
from stellary_core.operations import Operation
from stellary_core.schemas.common import hidden_character_problem
from stellary_tui.human_errors import error_text, validation_text
from stellary_tui.screens.dialogs import heading
from stellary_tui.screens.keyed_modal import KeyedModal


V = TypeVar("V")

# The names people see for the six field types of the reference, in the order they are offered.
FIELD_TYPES: tuple[tuple[str, str], ...] = (
    ("text", "Text"),
    ("number", "Number"),
    ("select", "Select (one option)"),
    ("multi-select", "Multi-select (several options)"),
    ("date", "Date"),
    ("boolean", "Yes / no"),
)
SELECT_TYPES = ("select", "multi-select")
# A few distinct colours to pick from, so a label needs no hex code unless one wants it.
PRESET_COLOURS: tuple[tuple[str, str], ...] = (
    ("red", "#e5484d"),
    ("orange", "#f76b15"),
    ("yellow", "#ffc53d"),
    ("green", "#30a46c"),
    ("teal", "#12a594"),
    ("blue", "#0090ff"),
    ("indigo", "#3e63dd"),
    ("purple", "#8e4ec6"),
    ("pink", "#d6409f"),
    ("brown", "#ad7f58"),
    ("grey", "#8b8d98"),
)
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True)
class Change:
    """What a form saves: one operation with its input, and what to say once it is done."""

    op: Operation[Any, Any]
    payload: BaseModel
    done: str


def line_problem(what: str, value: str, limit: int) -> str | None:
    """The schemas' rules for a one-line name, in words, or None when ``value`` fits them."""
    if not value.strip():
        return f"{what}: cannot be empty."
    if len(value) > limit:
        return f"{what}: at most {limit} characters (this one has {len(value)})."
    hidden = hidden_character_problem(value)
    return f"{what}: {hidden}." if hidden else None


def checked_line(what: str, value: str, limit: int) -> str:
    """``value`` stripped, or ValueError saying what is wrong with it."""
    problem = line_problem(what, value.strip(), limit)
    if problem:
        raise ValueError(problem)
    return value.strip()


def parse_colour(text: str) -> str:
    """``#rrggbb`` from a hex code (with or without ``#``, three or six digits) or a preset's name."""
    text = text.strip().lower()
    named = dict(PRESET_COLOURS).get(text)
    if named:
        return named
    found = _HEX.fullmatch(text)
    if found is None:
        raise ValueError("Colour: use #rrggbb (e.g. #e5484d) or pick one from the list.")
    digits = found.group(1)
    return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))


def marked_current(choices: tuple[tuple[str, str], ...] | list[tuple[str, str]], current: str) -> list[tuple[str, str]]:
    """Choices for a ChoiceDialog with the current one marked ● and the others ○ (a mark, not a colour)."""
    return [(key, f"{'●' if key == current else '○'} {name}") for key, name in choices]


def swatch(colour: str, name: str = "") -> Text:
    return Text("██", style=colour) + Text(f" {name}" if name else "")


def model_of(model: type[BaseModel], raw: dict[str, Any]) -> Any:
    """``model`` built from ``raw``; its first problem as ValueError (for what the checks above let through)."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise ValueError(validation_text(error)) from None


class SettingsForm(KeyedModal[Any], Generic[V]):
    """A form that saves through the core and closes only once saved; answers the operation's result (None if cancelled)."""

    DEFAULT_CSS = """
    SettingsForm Input, SettingsForm OptionList { border-title-color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="settings_form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="settings_form.submit"),
    ]

    def __init__(self, build: Callable[[V], Change | None]) -> None:
        super().__init__()
        self.build = build
        self._saving = False

    def values(self) -> V:
        """What the form holds now; ValueError with a message for a value that cannot be read."""
        raise NotImplementedError

    def show_problem(self, message: str) -> None:
        self.query_one("#form-error", Label).update(message)

    def action_submit(self) -> None:
        if self._saving:
            return  # one save at a time: enter pressed twice must not create two labels
        try:
            change = self.build(self.values())
        except ValueError as problem:
            self.show_problem(str(problem))
            return
        if change is None:
            self.dismiss(None)
            return
        self._saving = True
        self.show_problem("")
        self.app.run_operation(  # type: ignore[attr-defined]
            change.op, change.payload, then=lambda result: self._saved(change, result), failed=self._refused
        )

    def _saved(self, change: Change, result: object) -> None:
        self.notify(change.done)
        self.dismiss(result)

    def _refused(self, error: StellaryError) -> None:
        self._saving = False
        self.show_problem(error_text(error))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinePrompt(SettingsForm[str]):
    """One line of text (a name, a WIP limit, an option)."""

    def __init__(
        self, title: str, build: Callable[[str], Change | None], *, value: str = "", placeholder: str = "", hint: str = ""
    ) -> None:
        super().__init__(build)
        self.title_text = title
        self.initial = value
        self.placeholder = placeholder
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from heading(self.title_text, self.hint)
            yield Input(value=self.initial, placeholder=self.placeholder, id="line")
            yield Label("", id="form-error", classes="form-error")
            yield Label("enter to save · escape to cancel", classes="dialog-hint")

    def values(self) -> str:
        return self.query_one("#line", Input).value


@dataclass(frozen=True)
class LabelValues:
    name: str
    colour: str  # as typed; ``parse_colour`` reads it


class LabelDialog(SettingsForm[LabelValues]):
    """A label's name and colour: typed as #rrggbb, or picked from a few presets."""

    DEFAULT_CSS = """
    LabelDialog #colour-row { height: auto; }
    LabelDialog #colour { width: 1fr; }
    LabelDialog #colour-preview { width: 12; padding: 1 0 0 2; }
    LabelDialog #presets { height: 6; }
    """

    def __init__(
        self, title: str, build: Callable[[LabelValues], Change | None], *, name: str = "", colour: str = "",
        focus_colour: bool = False,
    ) -> None:
        super().__init__(build)
        self.title_text = title
        self.initial = LabelValues(name, colour or PRESET_COLOURS[5][1])
        self.focus_colour = focus_colour

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.initial.name, placeholder="Label name, e.g. bug", id="label-name")
            with Horizontal(id="colour-row"):
                yield Input(value=self.initial.colour, placeholder="#rrggbb", id="colour")
                yield Label("", id="colour-preview")
            yield OptionList(
                *[Option(swatch(hex_code, f"{name:<7} {hex_code}"), id=name) for name, hex_code in PRESET_COLOURS],
                id="presets",
            )
            yield Label("", id="form-error", classes="form-error")
            yield Label("tab next field · ↑ ↓ in the list picks a colour · enter save · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        # Titles in the borders name the fields once the placeholders are typed over, at no extra line.
        self.query_one("#label-name", Input).border_title = "Name"
        self.query_one("#colour", Input).border_title = "Colour"
        self.query_one("#presets", OptionList).border_title = "or pick one"
        self.query_one("#colour" if self.focus_colour else "#label-name", Input).focus()
        self._preview(self.initial.colour)

    def _preview(self, text: str) -> None:
        try:
            shown = swatch(parse_colour(text))
        except ValueError:
            shown = Text("?", style="bold")
        self.query_one("#colour-preview", Label).update(shown)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "colour":
            self._preview(event.value)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option_list.has_focus:
            self.query_one("#colour", Input).value = dict(PRESET_COLOURS)[event.option.id]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.query_one("#colour", Input).value = dict(PRESET_COLOURS)[event.option.id]
        self.action_submit()

    def values(self) -> LabelValues:
        return LabelValues(self.query_one("#label-name", Input).value, self.query_one("#colour", Input).value)


@dataclass(frozen=True)
class FieldValues:
    name: str
    type: str
    options: str  # comma-separated, for the select types


def split_options(text: str) -> list[str]:
    """Options typed on one line, separated by commas; empty pieces are dropped."""
    return [piece.strip() for piece in text.split(",") if piece.strip()]


class FieldDialog(SettingsForm[FieldValues]):
    """A new custom field: its name, one of the six types, and for the select types its first options."""

    DEFAULT_CSS = """
    FieldDialog #field-type { height: auto; max-height: 8; }
    """

    def __init__(self, title: str, build: Callable[[FieldValues], Change | None]) -> None:
        super().__init__(build)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="Field name, e.g. Estimate", id="field-name")
            yield OptionList(*[Option(name, id=kind) for kind, name in FIELD_TYPES], id="field-type")
            yield Input(placeholder="Options, separated by commas: Low, Medium, High", id="field-options")
            yield Label("", id="form-error", classes="form-error")
            yield Label("tab next field · ↑ ↓ type · enter save · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).border_title = "Name"
        self.query_one("#field-type", OptionList).border_title = "Type"
        self.query_one("#field-options", Input).border_title = "Options"
        self.query_one("#field-type", OptionList).highlighted = 0
        self.query_one("#field-name", Input).focus()
        self._show_options()

    @property
    def kind(self) -> str:
        index = self.query_one("#field-type", OptionList).highlighted
        return FIELD_TYPES[index if index is not None else 0][0]

    def _show_options(self) -> None:
        # Options belong to the select types only: the field is there only when they apply.
        self.query_one("#field-options", Input).display = self.kind in SELECT_TYPES

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._show_options()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.kind in SELECT_TYPES:
            self.query_one("#field-options", Input).focus()  # the options come next, not a refusal for lacking them
        else:
            self.action_submit()

    def values(self) -> FieldValues:
        return FieldValues(
            self.query_one("#field-name", Input).value, self.kind, self.query_one("#field-options", Input).value
        )
