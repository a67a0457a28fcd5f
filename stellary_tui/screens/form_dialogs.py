"""Form dialogs checked with the REST API's own input models, so a bad value reads the same everywhere."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option


def model_problem(error: ValidationError) -> str:
    """The first problem of a validation error, as ``field: message`` in the API's camelCase."""
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "value"
    message = str(problem["msg"]).removeprefix("Value error, ")
    if problem["type"] == "missing":
        message = "is required"
    return f"{where}: {message}"


class EmailRoleDialog(ModalScreen[tuple[str, str] | None]):
    """An email and one of a few roles, validated with ``model`` (e.g. ``OrgMemberAddIn``, ``InviteIn``)."""

    DEFAULT_CSS = """
    EmailRoleDialog #role { height: auto; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="email_role.cancel"),
        Binding("ctrl+s", "submit", "Confirm", id="email_role.submit"),
    ]

    def __init__(
        self,
        title: str,
        *,
        model: type[BaseModel],
        roles: tuple[str, ...] = ("member", "admin"),
        confirm: str = "Add",
        hint: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.model = model
        self.roles = roles
        self.confirm = confirm
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.hint:
                yield Label(self.hint, classes="dialog-body")
            yield Input(placeholder="email@example.com", id="email")
            yield OptionList(*[Option(f"role: {role}", id=role) for role in self.roles], id="role")
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm, id="confirm", variant="primary")
            yield Label("tab: role · ↑ ↓ pick · enter or ctrl+s confirm · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#role", OptionList).highlighted = 0
        self.query_one("#email", Input).focus()

    @property
    def role(self) -> str:
        index = self.query_one("#role", OptionList).highlighted
        return self.roles[index if index is not None else 0]

    def action_submit(self) -> None:
        email = self.query_one("#email", Input).value
        try:
            checked = self.model.model_validate({"email": email, "role": self.role})
        except ValidationError as error:
            self.query_one("#form-error", Label).update(model_problem(error))
            return
        values = checked.model_dump()
        self.dismiss((str(values["email"]), str(values["role"])))

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
