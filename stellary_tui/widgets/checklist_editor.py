"""Edit a card's checklist in place: add, toggle, rename, reorder and remove items."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


@dataclass
class ChecklistEntry:
    id: str | None
    title: str
    done: bool


class ChecklistEditor(Vertical):
    """The items live here until the card is saved; the editor sends them as one list."""

    DEFAULT_CSS = """
    ChecklistEditor { height: auto; }
    ChecklistEditor OptionList { height: auto; max-height: 14; }
    ChecklistEditor #checklist-progress { color: $text-muted; }
    """

    BINDINGS = [
        Binding("space", "toggle_item", "Toggle", id="checklist.toggle"),
        Binding("delete", "remove", "Remove item", id="checklist.remove"),
        Binding("ctrl+up", "shift(-1)", "Item up", id="checklist.up"),
        Binding("ctrl+down", "shift(1)", "Item down", id="checklist.down"),
        Binding("f2", "rename", "Rename item", id="checklist.rename"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[ChecklistEntry] = []
        self.changed = False
        self._renaming: int | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="checklist-progress")
        yield OptionList(id="checklist-items")
        yield Input(placeholder="Add an item and press enter (F2 renames the highlighted one)", id="checklist-new", max_length=500)

    def load(self, entries: list[ChecklistEntry]) -> None:
        self.entries = entries
        self.changed = False
        self._render_items()

    def _render_items(self, highlight: int | None = None) -> None:
        options = self.query_one("#checklist-items", OptionList)
        options.clear_options()
        for entry in self.entries:
            mark = Text("☑ ", style="green") if entry.done else Text("☐ ")
            options.add_option(Option(mark + Text(entry.title, style="dim strike" if entry.done else "")))
        if self.entries:
            options.highlighted = max(0, min(highlight if highlight is not None else 0, len(self.entries) - 1))
        done = sum(1 for e in self.entries if e.done)
        total = len(self.entries)
        progress = round(done * 100 / total) if total else 0
        self.query_one("#checklist-progress", Label).update(
            f"{done}/{total} done · {progress}%" if total else "No items yet."
        )

    def _highlighted(self) -> int | None:
        index = self.query_one("#checklist-items", OptionList).highlighted
        return index if index is not None and 0 <= index < len(self.entries) else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        title = event.value.strip()
        if not title:
            return
        if self._renaming is not None and self._renaming < len(self.entries):
            self.entries[self._renaming].title = title
            index = self._renaming
            self._renaming = None
        else:
            if len(self.entries) >= 100:
                self.notify("A checklist holds at most 100 items.", severity="warning")
                return
            self.entries.append(ChecklistEntry(None, title, False))
            index = len(self.entries) - 1
        event.input.value = ""
        event.input.placeholder = "Add an item and press enter (F2 renames the highlighted one)"
        self.changed = True
        self._render_items(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle_item()

    def action_toggle_item(self) -> None:
        index = self._highlighted()
        if index is None:
            return
        self.entries[index].done = not self.entries[index].done
        self.changed = True
        self._render_items(index)

    def action_remove(self) -> None:
        index = self._highlighted()
        if index is None:
            return
        del self.entries[index]
        self.changed = True
        self._render_items(index)

    def action_shift(self, direction: int) -> None:
        index = self._highlighted()
        if index is None or not 0 <= index + direction < len(self.entries):
            return
        self.entries[index], self.entries[index + direction] = self.entries[index + direction], self.entries[index]
        self.changed = True
        self._render_items(index + direction)

    def action_rename(self) -> None:
        index = self._highlighted()
        if index is None:
            return
        self._renaming = index
        field = self.query_one("#checklist-new", Input)
        field.value = self.entries[index].title
        field.placeholder = "New title, enter to rename"
        field.focus()
