"""The new-column form: a name and the status category its cards take, with a sensible default.

The category offered first is the usual one of the name typed ("Done" is done,
"Review" in progress), else that of the column the new one follows; once the
user picks one in the list, typing no longer changes it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import Input

from stellary_core.column_names import usual_category
from stellary_core.schemas.board import ColumnCreateIn
from stellary_tui.screens.form_dialogs import LineAndChoiceDialog

CATEGORIES = (("todo", "category: to do"), ("in_progress", "category: in progress"), ("done", "category: done"))


class ColumnDialog(LineAndChoiceDialog):
    """Answers ``(name, category)``; ``after`` is the category of the column the new one follows."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="column_dialog.cancel")]

    LINE = "name"
    CHOICE = "category"
    PLACEHOLDER = "Column name"
    KEYS = "tab: category · ↑ ↓ pick · enter confirm · escape cancel"

    def __init__(self, *, after: str | None, check: Callable[[str], str | None]) -> None:
        self.fallback = after or "todo"
        super().__init__(
            "New column",
            model=ColumnCreateIn,
            choices=CATEGORIES,
            chosen=self.fallback,
            confirm="Create",
            hint="Cards moved into it take its category as their status.",
            check=check,
        )
        self.picked = False  # the user chose a category: the name no longer suggests one

    def on_option_list_option_highlighted(self) -> None:
        # Only the user moves the highlight while the list has focus (keys or a click).
        if self.choice_list.has_focus:
            self.picked = True

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.picked:
            return
        suggested = usual_category(event.value) or self.fallback
        self.choice_list.highlighted = [choice_id for choice_id, _label in CATEGORIES].index(suggested)
