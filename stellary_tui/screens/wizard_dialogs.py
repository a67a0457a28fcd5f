"""The project wizard's dialogs: which draft to continue, and a phase or a deliverable of the roadmap.

The phase and deliverable forms check their values with the REST API's own
models (``PhaseIn``, ``DeliverableIn``), so a title too long or a due offset
that is no whole number reads the same as over REST, in the form that asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from stellary_core.schemas.drafts import DeliverableIn, DraftOut, PhaseIn
from stellary_tui.human_errors import validation_text
from stellary_tui.screens.dialogs import heading
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.roadmap_outline import PRIORITIES, DeliverableDraft, PhaseDraft

NEW = "new"  # the drafts dialog's answer for a new draft
STAGE_WORDS = {"framing": "first questions", "refinement": "questions", "roadmap": "roadmap to review", "executed": "executed"}


def draft_line(draft: DraftOut) -> str:
    """A draft in a list: its name, where it is and how ready."""
    if draft.stage == "executed":
        return f"{draft.name} · executed: opens its board"
    return f"{draft.name} · {STAGE_WORDS[draft.stage]} · ready {draft.readiness_score}%"


class DraftsDialog(KeyedModal[str | None]):
    """Start a new draft or continue one of the workspace's (d deletes the highlighted one, asking first)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="drafts.cancel"),
        Binding("d,delete", "delete", "Delete draft", id="drafts.delete", tooltip="Delete the highlighted draft (asks first)"),
    ]

    def __init__(self, workspace_name: str, drafts: list[DraftOut], delete: Callable[[DraftOut, Callable[[], None]], None]) -> None:
        """``delete(draft, gone)`` asks and deletes, then calls ``gone`` so the list drops it."""
        super().__init__()
        self.workspace_name = workspace_name
        self.drafts = list(drafts)
        self._delete = delete

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="drafts-dialog"):
            yield from heading(f"Project wizard · {self.workspace_name}", "Start a new project, or continue a draft.")
            yield OptionList(*self._options(), id="choices")
            yield Label("enter to pick · d delete a draft · escape to cancel", classes="dialog-hint")

    def _options(self) -> list[Option]:
        return [Option("+ New project with the wizard", id=NEW), *[Option(draft_line(d), id=d.id) for d in self.drafts]]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_delete(self) -> None:
        choices = self.query_one("#choices", OptionList)
        index = choices.highlighted
        if index is None or index == 0:
            self.notify("Highlight a draft to delete it.", severity="warning")
            return
        draft = self.drafts[index - 1]

        def gone() -> None:
            self.drafts = [d for d in self.drafts if d.id != draft.id]
            choices.clear_options()
            choices.add_options(self._options())
            choices.highlighted = min(index, len(self.drafts))

        self._delete(draft, gone)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OutlineForm(KeyedModal[Any]):
    """A form of the roadmap outline: ctrl+s (or enter on a line) checks it and closes with the value."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="outline_form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="outline_form.submit"),
    ]

    def value(self) -> Any:
        """The form's value, checked (raises ValidationError)."""
        raise NotImplementedError

    def buttons(self) -> ComposeResult:
        yield Label("", id="form-error", classes="form-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Cancel", id="cancel")
            yield Button("Save", id="confirm", variant="primary")
        yield Label("enter or ctrl+s to save · tab next field · escape to cancel", classes="dialog-hint")

    def action_submit(self) -> None:
        try:
            value = self.value()
        except ValidationError as error:
            self.query_one("#form-error", Label).update(validation_text(error))
            return
        self.dismiss(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PhaseDialog(OutlineForm):
    """A phase's title and description; the phase becomes a column of the board."""

    def __init__(self, title: str, phase: PhaseDraft | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.phase = phase

    def compose(self) -> ComposeResult:
        phase = self.phase
        with Vertical(classes="dialog wizard-form"):
            yield from heading(self.title_text, "Each phase becomes a column of the new board.")
            yield Label("Title")
            yield Input(value=phase.title if phase else "", placeholder="Phase title", id="phase-title")
            yield Label("Description")
            yield Input(value=phase.description if phase else "", placeholder="What this phase is for", id="phase-description")
            yield from self.buttons()

    def value(self) -> PhaseDraft:
        checked = PhaseIn.model_validate(
            {
                "title": self.query_one("#phase-title", Input).value.strip(),
                "description": self.query_one("#phase-description", Input).value.strip(),
                "deliverables": [{"title": "-", "dueOffsetDays": 0}],  # checked with the outline, not here
            }
        )
        deliverables = self.phase.deliverables if self.phase else []
        return PhaseDraft(checked.title, checked.description, deliverables)


class DeliverableDialog(OutlineForm):
    """A deliverable: title, description, priority and due offset; it becomes a card of its phase's column."""

    DEFAULT_CSS = """
    DeliverableDialog #deliverable-description { height: 5; }
    DeliverableDialog #deliverable-priority { height: auto; }
    """

    def __init__(self, title: str, deliverable: DeliverableDraft | None = None, *, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.deliverable = deliverable
        self.hint = hint

    def compose(self) -> ComposeResult:
        given = self.deliverable or DeliverableDraft("")
        with Vertical(classes="dialog wizard-form"):
            yield from heading(self.title_text, self.hint)
            yield Label("Title")
            yield Input(value=given.title, placeholder="Deliverable title", id="deliverable-title")
            yield Label("Description")
            yield TextArea(given.description, id="deliverable-description", soft_wrap=True)
            yield Label("Priority")
            yield OptionList(*[Option(p, id=p) for p in PRIORITIES], id="deliverable-priority")
            yield Label("Due: days from the start of the project")
            yield Input(value=str(given.due_offset_days), type="integer", id="deliverable-due")
            yield from self.buttons()

    def on_mount(self) -> None:
        given = self.deliverable or DeliverableDraft("")
        self.query_one("#deliverable-priority", OptionList).highlighted = PRIORITIES.index(given.priority)
        self.query_one("#deliverable-title", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter on a priority picks it; ctrl+s saves

    def value(self) -> DeliverableDraft:
        priority = self.query_one("#deliverable-priority", OptionList).highlighted
        due = self.query_one("#deliverable-due", Input).value.strip()
        checked = DeliverableIn.model_validate(
            {
                "title": self.query_one("#deliverable-title", Input).value.strip(),
                "description": self.query_one("#deliverable-description", TextArea).text.strip(),
                "priority": PRIORITIES[priority if priority is not None else 1],
                "dueOffsetDays": int(due) if due.lstrip("-").isdigit() else due,
            }
        )
        return DeliverableDraft(checked.title, checked.description, checked.priority, checked.due_offset_days)
