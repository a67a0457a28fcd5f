"""Personal access tokens for the REST API: create (the secret shown once), list, revoke.

The local profile manages its tokens like a signed-in session would, with
the operations behind ``/api-tokens`` (they refuse only tokens managing
tokens). The creation form is checked with ``ApiTokenCreateIn``, the model of
``POST /api-tokens``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, SelectionList, Static

from stellary_core.errors import StellaryError
from stellary_core.event_types import DomainEvent
from stellary_core.operations.catalog import api_tokens as ops
from stellary_core.operations.refs import NoInput
from stellary_core.principal import ALL_SCOPES
from stellary_core.schemas.api_tokens import ApiTokenCreatedOut, ApiTokenCreateIn, ApiTokenOut
from stellary_tui.human_errors import error_text, validation_text
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.reload_rules import tokens_changed
from stellary_tui.screens.secret_dialog import SecretDialog
from stellary_tui.widgets.keyed_table import KeyedTable


@dataclass(frozen=True)
class TokenRow:
    id: str
    name: str
    prefix: str
    scopes: tuple[str, ...]
    expires_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class NewToken:
    row: TokenRow
    secret: str


def _row(token: ApiTokenOut) -> TokenRow:
    return TokenRow(
        token.id, token.name, token.prefix, tuple(token.scopes), token.expires_at, token.last_used_at, token.created_at
    )


def _new(created: ApiTokenCreatedOut) -> NewToken:
    row = TokenRow(
        created.id, created.name, created.prefix, tuple(created.scopes), created.expires_at, None, created.created_at
    )
    return NewToken(row, created.token)


def _time(value: datetime | None, empty: str) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else empty


def scopes_text(scopes: tuple[str, ...]) -> str:
    return "all" if set(scopes) == set(ALL_SCOPES) else ", ".join(scopes)


class TokenCreateDialog(KeyedModal[NewToken | None]):
    """Name, scopes and an optional expiry; creates the token and answers with its secret."""

    DEFAULT_CSS = """
    TokenCreateDialog #token-form {
        width: 76;
        height: auto;
        max-width: 100%;
        max-height: 95%;
        overflow-y: auto;  /* at 24 rows the form is taller than the screen: scroll to the buttons */
        /* The scrollbar's room is kept whether it shows or not: a form narrowed by it after the first
           layout overflowed sideways, and focusing the name then scrolled the title away. */
        scrollbar-gutter: stable;
        padding: 1 2;
        border: round $primary;
        background: $panel;
    }
    TokenCreateDialog SelectionList { height: auto; max-height: 9; margin: 0 0 1 0; }
    TokenCreateDialog Input { margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="token_create.cancel"),
        Binding("ctrl+s", "submit", "Create", id="token_create.submit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="token-form"):
            yield Label("New API token", classes="dialog-title")
            yield Label("Name — what it is for, e.g. “CI pipeline”")
            yield Input(placeholder="Token name", id="token-name")
            yield Label("Scopes (space toggles; all by default)")
            yield SelectionList[str](*[(scope, scope, True) for scope in ALL_SCOPES], id="token-scopes")
            yield Label("Expires (optional, UTC): 2027-01-31 or 2027-01-31T18:00:00Z")
            yield Input(placeholder="never", id="token-expiry")
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create", id="create", variant="primary")
            yield Label("tab next field · enter or ctrl+s create · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#token-name", Input).focus()

    def action_submit(self) -> None:
        expiry = self.query_one("#token-expiry", Input).value.strip()
        raw = {
            "name": self.query_one("#token-name", Input).value,
            "scopes": list(self.query_one("#token-scopes", SelectionList).selected),
            "expiresAt": expiry or None,
        }
        try:
            data = ApiTokenCreateIn.model_validate(raw)
        except ValidationError as error:
            self._problem(validation_text(error))
            return
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.create_api_token,
            ops.CreateApiToken(data=data),
            then=lambda created: self.dismiss(_new(created)),
            failed=lambda e: self._problem(error_text(e)),
        )

    def _problem(self, message: str) -> None:
        self.query_one("#form-error", Label).update(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ApiTokensScreen(KeyedModal[None]):
    DEFAULT_CSS = """
    ApiTokensScreen #api-tokens {
        width: 90%;
        max-width: 150;
        height: 80%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    ApiTokensScreen #api-tokens-title { margin-top: 1; }
    ApiTokensScreen DataTable { height: 1fr; }
    ApiTokensScreen .tokens-note { color: $text-muted; margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="api_tokens.close"),
        Binding("n", "new_token", "New token", id="api_tokens.new"),
        Binding("d,delete", "revoke", "Revoke", id="api_tokens.revoke"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tokens: list[TokenRow] = []
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0  # reloads asked for; only the answer to the latest one is shown

    def compose(self) -> ComposeResult:
        with Vertical(id="api-tokens"):
            yield Label("API tokens", id="api-tokens-title", classes="dialog-title")
            yield Static(
                "Personal access tokens let scripts use the REST API as you: Authorization: Bearer synth_…  "
                "A token never does more than you may; its scopes narrow it further.",
                classes="tokens-note",
            )
            yield KeyedTable(id="token-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="tokens-empty", classes="tokens-note")
            yield Label("n new token · d revoke · escape close", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#token-table", DataTable)
        table.add_columns("Name", "Prefix", "Scopes", "Expires", "Last used", "Created")
        table.focus()
        self.reload()

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if tokens_changed(event):
            self.debounced_reload.request()

    def reload(self) -> None:
        self._asked += 1
        asked = self._asked
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.list_api_tokens,
            NoInput(),
            then=lambda tokens: self._loaded(asked, [_row(t) for t in tokens]),
            group="api_tokens",
        )

    def _loaded(self, asked: int, tokens: list[TokenRow]) -> None:
        # A worker thread cannot be cancelled: an answer older than the latest is stale.
        if not self.is_mounted or asked != self._asked:
            return
        table = self.query_one("#token-table", DataTable)
        keep = self.current.id if self.current else None
        self.tokens = tokens
        table.clear()
        for token in tokens:
            table.add_row(
                token.name,
                f"{token.prefix}…",
                scopes_text(token.scopes),
                _time(token.expires_at, "never"),
                _time(token.last_used_at, "never"),
                _time(token.created_at, ""),
                key=token.id,
            )
        if tokens:
            table.move_cursor(row=next((n for n, t in enumerate(tokens) if t.id == keep), 0))
        self.query_one("#tokens-empty", Static).update("" if tokens else "No tokens yet: press n to create one.")

    @property
    def current(self) -> TokenRow | None:
        table = self.query_one("#token-table", DataTable)
        row = table.cursor_row
        return self.tokens[row] if self.tokens and 0 <= row < len(self.tokens) else None

    def action_new_token(self) -> None:
        self.app.push_screen(TokenCreateDialog(), self._created)

    def _created(self, created: NewToken | None) -> None:
        if created is None:
            return
        self.reload()
        token = created.row
        notes = (
            f"“{token.name}” · scopes: {scopes_text(token.scopes)} · expires: {_time(token.expires_at, 'never')}",
            f"Use it as: curl -H \"Authorization: Bearer {created.secret}\" http://localhost:3001/auth/me",
        )
        self.app.push_screen(SecretDialog("Your new API token", created.secret, notes=notes))

    def action_revoke(self) -> None:
        token = self.current
        if token is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(_result: object) -> None:
                self.notify(f"Revoked “{token.name}”.")
                self.reload()

            def failed(_error: StellaryError) -> None:
                self.reload()

            self.app.run_operation(  # type: ignore[attr-defined]
                ops.revoke_api_token, ops.RevokeApiToken(token_id=token.id), then=done, failed=failed
            )

        question = f"Revoke “{token.name}” ({token.prefix}…)? Anything using it stops working at once."
        self.app.push_screen(ConfirmDialog(question, yes="Revoke"), confirmed)

    def action_close(self) -> None:
        self.dismiss(None)
