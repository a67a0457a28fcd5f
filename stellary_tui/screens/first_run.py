"""First run: ask for a display name, then create the personal space and a sample project."""

from __future__ import annotations

from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from stellary_core.errors import StellaryError
from stellary_core.local_profile import create_local_profile
from stellary_core.principal import Principal
from stellary_core.schemas.auth import RegisterIn
from stellary_tui.human_errors import error_text


class FirstRunScreen(Screen[Principal | None]):
    """Welcome screen; dismissed with the new local profile."""

    # Focus moves when the key is read, not once it has bubbled up to a binding or come back
    # as a Submitted message: the keys typed right after it then land in the next field.
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="first_run.next_field"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True, id="first_run.previous_field"),
        Binding("enter", "submit_field", "Next field / start", show=False, priority=True, id="first_run.submit_field"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run", classes="dialog"):
            yield Label("✦ Welcome to Stellary", classes="dialog-title")
            yield Label(
                "Your boards live in a local file on this machine: no account, no server. "
                "What should we call you?",
                classes="dialog-body",
            )
            yield Input(placeholder="Display name", id="display-name", max_length=100)
            yield Input(placeholder="Email (optional: used if you later log in over REST)", id="email")
            yield Label("", id="first-run-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", id="start", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#display-name", Input).focus()

    def action_submit_field(self) -> None:
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()  # enter on the button presses it
        # The keys typed before enter may not have reached the field yet: judge it once they
        # have, and keep the keys typed after enter for the field that comes next.
        self.app.typeahead.hold(self)  # type: ignore[attr-defined]
        focused.call_later(self._field_submitted, focused)

    def _field_submitted(self, field: Input) -> None:
        if field.id != "display-name":
            self._submit()
        elif not field.value.strip():
            self.query_one("#first-run-error", Label).update("Please enter a display name.")
        else:
            self.set_focus(self.query_one("#email", Input))
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self._submit()

    def _submit(self) -> None:
        name = self.query_one("#display-name", Input).value.strip()
        email = self.query_one("#email", Input).value.strip()
        error = self.query_one("#first-run-error", Label)
        if not name:
            error.update("Please enter a display name.")
            self.query_one("#display-name", Input).focus()
            return
        if email:
            try:
                RegisterIn.model_validate({"email": email, "password": "x" * 8})
            except ValueError:
                error.update("That email does not look valid (or leave it empty).")
                return
        error.update("")
        self.query_one("#start", Button).disabled = True
        self._create(name, email or None)

    @work(thread=True, exclusive=True)
    def _create(self, name: str, email: str | None) -> None:
        db = self.app.db  # type: ignore[attr-defined]
        try:
            # There is no one to run operations as yet: the core makes the profile and its first board in one go.
            principal = create_local_profile(db, name=name, email=email)
        except StellaryError as problem:
            self.app.call_from_thread(self._failed, error_text(problem))
            return
        self.app.call_from_thread(self.dismiss, principal)

    def _failed(self, message: str) -> None:
        self.query_one("#first-run-error", Label).update(message)
        self.query_one("#start", Button).disabled = False
