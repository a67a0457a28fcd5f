"""A secret shown exactly once (an API token, an invitation token), with ways to take it away.

Only a digest of these secrets is stored, so this dialog is the user's one
chance: the text can be selected with the mouse, and it is also put on the
clipboard (OSC 52, where the terminal allows it) when the dialog opens and on ``c``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from stellary_tui.screens.keyed_modal import KeyedModal


class SecretDialog(KeyedModal[None]):
    DEFAULT_CSS = """
    SecretDialog #secret-box {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        border: round $warning;
        background: $panel;
    }
    SecretDialog #secret-value {
        width: 100%;
        padding: 0 1;
        border: round $warning;
        color: $text;
        text-style: bold;
    }
    SecretDialog .secret-warning { color: $warning; text-style: bold; margin-top: 1; }
    SecretDialog .secret-note { width: 100%; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="secret.close"),
        Binding("c", "copy", "Copy again", id="secret.copy"),
    ]

    def __init__(self, title: str, secret: str, *, notes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.secret = secret
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="secret-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.secret, id="secret-value", markup=False)
            yield Static("Pass this on; it is shown once. Only a digest is kept, so it cannot be shown again.", classes="secret-warning")
            for note in self.notes:
                yield Static(note, classes="secret-note", markup=False)
            yield Static(
                "Copied to the clipboard if your terminal allows it; or select it with the mouse.\nc copies again · escape closes",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.action_copy(quiet=True)

    def action_copy(self, quiet: bool = False) -> None:
        self.app.copy_to_clipboard(self.secret)
        if not quiet:
            self.notify("Copied to the clipboard (if your terminal allows it).")

    def action_close(self) -> None:
        self.dismiss(None)
