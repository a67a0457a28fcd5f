"""The card editor's Labels & fields tab: pick labels, fill custom fields (applied on save)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Switch

from stellary_core.operations.catalog.card_tabs import validate_value
from stellary_tui.widgets.tick_list import TickList


@dataclass(frozen=True)
class LabelChoice:
    id: str
    name: str
    color: str


@dataclass(frozen=True)
class FieldChoice:
    id: str
    name: str
    type: str
    options: tuple[str, ...]


@dataclass
class LabelsFieldsChanges:
    add_labels: list[str]
    remove_labels: list[str]
    values: dict[str, Any]  # field id -> new value (None clears)

    def __bool__(self) -> bool:
        return bool(self.add_labels or self.remove_labels or self.values)


class LabelsFieldsEditor(Vertical):
    DEFAULT_CSS = """
    LabelsFieldsEditor { height: auto; }
    LabelsFieldsEditor TickList { height: auto; max-height: 10; }
    LabelsFieldsEditor .pane-hint { color: $text-muted; }
    LabelsFieldsEditor .field-name { margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels: list[LabelChoice] = []
        self.fields: list[FieldChoice] = []
        self.initial_labels: set[str] = set()
        self.initial_values: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Label("Labels and fields are saved with the card (ctrl+s).", classes="pane-hint")
        yield Label("Labels", classes="field-name")
        yield TickList[str](id="labels-list")
        yield Label("", id="labels-empty", classes="pane-hint")
        yield Vertical(id="fields-box")

    def load(self, labels: list[LabelChoice], fields: list[FieldChoice], label_ids: list[str], values: dict[str, Any]) -> None:
        self.labels, self.fields = labels, fields
        self.initial_labels = set(label_ids)
        self.initial_values = dict(values)
        selection = self.query_one("#labels-list", SelectionList)
        selection.clear_options()
        for label in labels:
            prompt = Text("● ", style=label.color) + Text(label.name)
            selection.add_option((prompt, label.id, label.id in self.initial_labels))
        selection.display = bool(labels)
        if labels:
            selection.highlighted = 0  # space ticks the first label at once, without an arrow press first
        self.query_one("#labels-empty", Label).update(
            "" if labels else "This project has no labels yet: add them in the project settings (, on the board)."
        )
        box = self.query_one("#fields-box", Vertical)
        box.remove_children()
        widgets: list[Widget] = []
        if fields:
            widgets.append(Label("Custom fields", classes="field-name"))
        for field in fields:
            widgets.append(Label(f"{field.name}  [dim]{field.type}[/dim]", classes="field-name"))
            widgets.append(self._field_widget(field, values.get(field.id)))
        box.mount_all(widgets)

    def _field_widget(self, field: FieldChoice, value: Any) -> Widget:
        wid = f"field-{field.id}"
        if field.type == "boolean":
            return Switch(value=bool(value), id=wid)
        if field.type == "select":
            return Select([(o, o) for o in field.options], id=wid, prompt="(none)", value=value if value in field.options else Select.NULL)
        if field.type == "multi-select":
            chosen = set(value or [])
            return TickList[str](*[(o, o, o in chosen) for o in field.options], id=wid)
        placeholder = {"number": "a number", "date": "YYYY-MM-DD", "text": "text"}.get(field.type, "")
        text = "" if value is None else (str(value) if not isinstance(value, float) or not value.is_integer() else str(int(value)))
        return Input(value=text, placeholder=placeholder, id=wid)

    def _read(self, field: FieldChoice) -> Any:
        widget = self.query_one(f"#field-{field.id}")
        if isinstance(widget, Switch):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            chosen = list(widget.selected)
            return [o for o in field.options if o in chosen] or None
        assert isinstance(widget, Input)
        text = widget.value.strip()
        if not text:
            return None
        if field.type == "number":
            try:
                number = float(text)
            except ValueError:
                raise ValueError("must be a number") from None
            if not math.isfinite(number):
                raise ValueError("must be a finite number")
            return int(number) if number.is_integer() and "." not in text else number
        return text

    def changes(self) -> LabelsFieldsChanges:
        """What to apply on save; ValueError naming the field when a value does not fit its type."""
        selected = set(self.query_one("#labels-list", SelectionList).selected)
        values: dict[str, Any] = {}
        for field in self.fields:
            try:
                value = self._read(field)
                if value is not None:
                    value = validate_value(field.type, field.options, value)
            except ValueError as problem:
                raise ValueError(f"{field.name}: {problem}") from None
            before = self.initial_values.get(field.id)
            if field.type == "boolean" and before is None and value is False:
                continue  # an untouched switch is not a value
            if value != before:
                values[field.id] = value
        return LabelsFieldsChanges(
            add_labels=sorted(selected - self.initial_labels),
            remove_labels=sorted(self.initial_labels - selected),
            values=values,
        )
