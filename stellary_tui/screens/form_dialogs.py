"""Form dialogs checked with the REST API's own input models, so a bad value reads the same everywhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel, ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from stellary_tui.human_errors import validation_text
from stellary_tui.screens.dialogs import heading
from stellary_tui.screens.keyed_modal import KeyedModal


class LineAndChoiceDialog(KeyedModal[tuple[str, str] | None]):
    """A line of text and one of a few choices, checked with ``model`` before the dialog closes.

    ``LINE`` and ``CHOICE`` name the model's two fields (and the widgets' ids); ``check``
    may refuse a line the model accepts (a name already taken), in the same error line.
    """

    DEFAULT_CSS = """
    LineAndChoiceDialog OptionList { height: auto; margin-top: 1; }
    """

    LINE = "line"
    CHOICE = "choice"
    PLACEHOLDER = ""
    KEYS = "tab: choice · ↑ ↓ pick · enter confirm · escape cancel"

    def __init__(
        self,
        title: str,
        *,
        model: type[BaseModel],
        choices: Sequence[tuple[str, str]],
        chosen: str | None = None,
        value: str = "",
        confirm: str = "Add",
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.model = model
        self.choices = list(choices)
        self.chosen = chosen
        self.initial = value
        self.confirm = confirm
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from heading(self.title_text, self.hint)
            yield Input(value=self.initial, placeholder=self.PLACEHOLDER, id=self.LINE)
            yield OptionList(*[Option(label, id=choice_id) for choice_id, label in self.choices], id=self.CHOICE)
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm, id="confirm", variant="primary")
            yield Label(self.KEYS, classes="dialog-hint")

    def on_mount(self) -> None:
        ids = [choice_id for choice_id, _label in self.choices]
        self.choice_list.highlighted = ids.index(self.chosen) if self.chosen in ids else 0
        self.query_one(f"#{self.LINE}", Input).focus()

    @property
    def choice_list(self) -> OptionList:
        return self.query_one(f"#{self.CHOICE}", OptionList)

    @property
    def choice_value(self) -> str:
        index = self.choice_list.highlighted
        return self.choices[index if index is not None else 0][0]

    def action_submit(self) -> None:
        line = self.query_one(f"#{self.LINE}", Input).value
        try:
            checked = self.model.model_validate({self.LINE: line, self.CHOICE: self.choice_value})
        except ValidationError as error:
            self.query_one("#form-error", Label).update(validation_text(error))
            return
        values = checked.model_dump()
        problem = self.check(str(values[self.LINE])) if self.check else None
        if problem:
            self.query_one("#form-error", Label).update(problem)
            return
        self.dismiss((str(values[self.LINE]), str(values[self.CHOICE])))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EmailRoleDialog(LineAndChoiceDialog):
    """An email and one of a few roles, validated with ``model`` (e.g. ``OrgMemberAddIn``, ``InviteIn``)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="email_role.cancel"),
        Binding("ctrl+s", "submit", "Confirm", id="email_role.submit"),
    ]

    LINE = "email"
    CHOICE = "role"
    PLACEHOLDER = "email@example.com"
    KEYS = "tab: role · ↑ ↓ pick · enter or ctrl+s confirm · escape cancel"

    def __init__(
        self,
        title: str,
        *,
        model: type[BaseModel],
        roles: tuple[str, ...] = ("member", "admin"),
        confirm: str = "Add",
        hint: str = "",
    ) -> None:
        super().__init__(title, model=model, choices=[(role, f"role: {role}") for role in roles], confirm=confirm, hint=hint)
