"""The Documents screen's forms: a new document (title and type) and a review (verdict and notes).

Each is checked with the model of its REST body, so the TUI refuses what the
API would, in the words of the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, TextArea

from stellary_core.schemas.documents import DocType, DocumentReviewIn
from stellary_tui.human_errors import validation_text
from stellary_tui.screens.keyed_modal import KeyedModal

DOC_TYPES: tuple[str, ...] = get_args(DocType)


@dataclass(frozen=True)
class NewDocument:
    title: str
    doc_type: str


class NewDocumentDialog(KeyedModal[NewDocument | None]):
    """A title and a type; where the document goes is said in the heading."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new_document.cancel"),
        Binding("ctrl+s", "submit", "Create", id="new_document.submit"),
    ]

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New document", classes="dialog-title")
            yield Label(self.where, classes="dialog-body")
            yield Input(placeholder="Title", id="document-title")
            yield Select([(t, t) for t in DOC_TYPES], value="document", allow_blank=False, id="document-type")
            yield Label("", id="form-error", classes="form-error")
            yield Label("enter or ctrl+s create · tab type · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#document-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        title = self.query_one("#document-title", Input).value.strip()
        if not title:
            self.query_one("#form-error", Label).update("Title: cannot be empty")
            return
        doc_type = self.query_one("#document-type", Select).value
        self.dismiss(NewDocument(title, doc_type if isinstance(doc_type, str) else "document"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewDialog(KeyedModal[DocumentReviewIn | None]):
    """Approve or ask for changes, with notes for the author."""

    DEFAULT_CSS = """
    /* Short enough that the whole form, title to buttons, fits 24 rows. */
    ReviewDialog #review-notes { height: 4; }
    ReviewDialog RadioSet { width: 100%; border: none; margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="review_document.cancel"),
        Binding("ctrl+s", "submit", "Send review", id="review_document.submit"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.document_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Review “{self.document_title}”", classes="dialog-title")
            with RadioSet(id="review-verdict"):
                yield RadioButton("Approve", value=True, id="approved")
                yield RadioButton("Ask for changes", id="changes_requested")
            yield Label("Notes for the author (optional)")
            yield TextArea(id="review-notes", soft_wrap=True)
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Send (ctrl+s)", id="send", variant="primary")
            yield Label("up/down verdict · tab notes · ctrl+s send · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#review-verdict", RadioSet).focus()

    def action_submit(self) -> None:
        pressed = self.query_one("#review-verdict", RadioSet).pressed_button
        notes = self.query_one("#review-notes", TextArea).text.strip()
        raw = {"status": pressed.id if pressed is not None else "approved", "notes": notes or None}
        try:
            review = DocumentReviewIn.model_validate(raw)
        except ValidationError as error:
            self.query_one("#form-error", Label).update(validation_text(error))
            return
        self.dismiss(review)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
