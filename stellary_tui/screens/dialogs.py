"""Small typed modal dialogs: confirm, ask for a line of text, pick one of several, or several of several."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option

from stellary_tui.screens.keyed_modal import KeyedModal


def heading(title: str, hint: str = "") -> ComposeResult:
    """A dialog's title and, when there is one, the line that explains it."""
    yield Label(title, classes="dialog-title")
    if hint:
        yield Label(hint, classes="dialog-body")


class ConfirmDialog(KeyedModal[bool]):
    """Yes or no; the destructive answer is never the default focus."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, *, yes: str = "Delete", title: str = "Are you sure?") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.question, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (n)", id="cancel")
                yield Button(f"{self.yes_label} (y)", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PromptDialog(KeyedModal[str | None]):
    """Ask for one line of text; ``validate`` returns an error message or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.initial = value
        self.placeholder = placeholder
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.initial, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error", classes="form-error")
            yield Label("enter to confirm · escape to cancel", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        problem = "cannot be empty" if not value else (self.validate(value) if self.validate else None)
        if problem:
            self.query_one("#prompt-error", Label).update(problem)
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(KeyedModal[str | None]):
    """Pick one option (by id) from a list."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], *, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from heading(self.title_text, self.hint)
            yield OptionList(*[Option(label, id=choice_id) for choice_id, label in self.choices], id="choices")
            yield Label("enter to pick · escape to cancel", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ManyChoiceDialog(KeyedModal[list[Any] | None]):
    """Tick any number of options (space or enter ticks); ctrl+s answers the ticked values, in the list's order."""

    DEFAULT_CSS = """
    ManyChoiceDialog SelectionList { height: auto; max-height: 16; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="many_choice.cancel"),
        Binding("ctrl+s", "done", "Done", id="many_choice.done"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, Hashable]], chosen: Sequence[Hashable] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.chosen = list(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield SelectionList[Any](
                *[(label, value, value in self.chosen) for label, value in self.choices], id="many-choices"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done (ctrl+s)", id="many-done", variant="primary")
            yield Label("space or enter ticks · ctrl+s done · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#many-choices", SelectionList).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        ticked = set(self.query_one("#many-choices", SelectionList).selected)
        self.dismiss([value for _label, value in self.choices if value in ticked])

    def action_cancel(self) -> None:
        self.dismiss(None)
