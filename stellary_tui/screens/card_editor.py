"""The card editor: every field of a card, its checklist, and (later tabs) its conversation."""

from __future__ import annotations

from datetime import date
from typing import Any

from annotated_types import MaxLen
from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.scroll_view import ScrollView
from textual.widgets import Button, Input, Label, Select, TabbedContent, TabPane, TextArea

from stellary_core.operations.catalog.board import UpdateCard
from stellary_core.operations.catalog.card_editing import SaveCard, save_card
from stellary_core.operations.catalog.views import EditorData, GetEditorData
from stellary_core.schemas.board import CardCreateIn, CardOut, CardUpdateIn
from stellary_tui.card_history import Where, edit_step
from stellary_tui.human_errors import error_text, validation_text
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.widgets.card_activity import ActivityPane
from stellary_tui.widgets.card_attachments import AttachmentsPane
from stellary_tui.widgets.card_comments import CommentBox, CommentsPane
from stellary_tui.widgets.card_labels_fields import FieldChoice, LabelChoice, LabelsFieldsEditor
from stellary_tui.widgets.card_pane import CardPane, CardRef
from stellary_tui.widgets.card_recurrence import RecurrenceEditor
from stellary_tui.widgets.card_relations import RelationsPane
from stellary_tui.widgets.checklist_editor import ChecklistEditor, ChecklistEntry

PRIORITIES = [("High", "high"), ("Medium", "medium"), ("Low", "low")]
TITLE_LIMIT = next(m.max_length for m in CardCreateIn.model_fields["title"].metadata if isinstance(m, MaxLen))
STATUSES = [("To do", "todo"), ("In progress", "in_progress"), ("Done", "done")]


def _date_text(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else ""


class CardEditor(KeyedModal[str | None]):
    """Dismissed with the saved card's id, or None when closed without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "close", "Close", id="editor.close"),
        Binding("ctrl+t", "next_tab", "Next tab", id="editor.next_tab", priority=True),
        Binding(
            "ctrl+o", "restore", "Restore", show=False, priority=True, id="editor.restore",
            tooltip="Restore an archived card to its column",
        ),
        # Not ctrl+a, the board's key for it: in a text field ctrl+a goes to the start of the line.
        Binding(
            "ctrl+g", "give_to_agent", "Agent…", show=False, priority=True, id="editor.agent",
            tooltip="Give the card to an agent: a prompt, then its mission live",
        ),
        # Moving focus when the key is read, not when it has bubbled up to the screen's
        # binding: keys typed right after tab then land in the next field, not this one.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="editor.next_field"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True, id="editor.previous_field"),
    ]

    def __init__(
        self, workspace_id: str, project_id: str, *, card_id: str | None, column_id: str, due: date | None = None
    ) -> None:
        super().__init__()
        self.due = due
        self.workspace_id = workspace_id
        self.project_id = project_id
        self.card_id = card_id
        self.column_id = column_id
        self.data: EditorData | None = None
        self.archived = False  # the card, as loaded or since restored here
        self._initial_form: dict[str, Any] | None = None  # the form as loaded, to tell unsaved edits
        self._title_too_long = False
        # From the moment the editor is asked for until its card is in the form, keys typed wait
        # (in order, escape and ctrl+s included) instead of being overwritten or lost.
        self.app.typeahead.hold(self)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Label("New card" if self.card_id is None else "Loading…", id="editor-title", classes="dialog-title")
            with TabbedContent(id="editor-tabs"):
                with TabPane("Details", id="tab-details"):
                    with VerticalScroll():
                        yield Label("Title")
                        # Keys typed while loading are replayed after the title is in: selecting it on
                        # focus would make the first of them replace the title.
                        # No max_length: it would cut a pasted title silently; the schema refuses it, aloud.
                        yield Input(id="title", placeholder="What needs doing?", select_on_focus=False)
                        with Grid(id="editor-grid"):
                            with Vertical():
                                yield Label("Priority")
                                yield Select(PRIORITIES, id="priority", prompt="None")
                            with Vertical():
                                yield Label("Status")
                                yield Select(STATUSES, id="status", allow_blank=False, value="todo")
                            with Vertical():
                                yield Label("Column")
                                yield Select([("Loading…", "")], id="column", allow_blank=False)
                            with Vertical():
                                yield Label("Start date")
                                yield Input(id="start-date", placeholder="YYYY-MM-DD")
                            with Vertical():
                                yield Label("Due date")
                                yield Input(id="due-date", placeholder="YYYY-MM-DD")
                            with Vertical():
                                yield Label("Assignee")
                                yield Select([], id="assignee", prompt="Nobody")
                        yield RecurrenceEditor(id="recurrence")
                        yield Label("Description")
                        yield TextArea(id="description", soft_wrap=True)
                with TabPane("Checklist", id="tab-checklist"):
                    yield ChecklistEditor(id="checklist")
                with TabPane("Labels & fields", id="tab-labels"):
                    with VerticalScroll():
                        yield LabelsFieldsEditor(id="labels-fields")
                with TabPane("Relations", id="tab-relations"):
                    yield RelationsPane(id="relations")
                with TabPane("Comments", id="tab-comments"):
                    yield CommentsPane(id="comments")
                # "Files", not "Attachments": all seven tabs must fit an 80-column terminal.
                with TabPane("Files", id="tab-attachments"):
                    yield AttachmentsPane(id="attachments")
                with TabPane("Activity", id="tab-activity"):
                    yield ActivityPane(id="activity")
            yield Label("", id="editor-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                # Shown for an archived card only: the way back from the archive, beside the form.
                yield Button("Restore (ctrl+o)", id="restore", variant="warning")
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#restore", Button).display = False
        self.query_one("#title", Input).focus()
        workspace_id, project_id, card_id = self.workspace_id, self.project_id, self.card_id

        given = GetEditorData(workspace_id=workspace_id, project=project_id, card=card_id)
        self.app.run_operation(  # type: ignore[attr-defined]
            "get_editor_data", given, then=self._loaded, failed=lambda _: self.dismiss(None)
        )

    def _loaded(self, data: EditorData) -> None:
        self.data = data
        card = data.card
        self.query_one("#labels-fields", LabelsFieldsEditor).load(
            [LabelChoice(l.id, l.name, l.color) for l in data.labels],
            [FieldChoice(f.id, f.name, f.type, f.options) for f in data.fields],
            card.label_ids if card else [],
            card.custom_fields if card else {},
        )
        self.query_one("#relations", RelationsPane).set_candidates(data.others)
        if card is not None:
            ref = CardRef(self.workspace_id, self.project_id, card.id)
            for pane in self.query(CardPane):
                pane.bind(ref)
        else:
            for pane in self.query(CardPane):
                pane.mount(Label("Save the card first (ctrl+s), then reopen it to add these.", classes="pane-hint"), before=0)
        self.query_one("#assignee", Select).set_options(data.people)
        self.query_one("#column", Select).set_options(data.columns)
        if card is None:
            self.query_one("#column", Select).value = self.column_id
            self.query_one("#priority", Select).value = "medium"
            self.query_one("#status", Select).value = data.categories.get(self.column_id) or "todo"
            if self.due is not None:  # a new card made from a day of the calendar
                self.query_one("#due-date", Input).value = self.due.isoformat()
            if self.column_id not in data.categories:
                self.query_one("#editor-error", Label).update("That column no longer exists.")
            self._ready()
            return
        self._show_archived(card.key, card.archived)
        self.query_one("#title", Input).value = card.title
        self.query_one("#description", TextArea).text = card.description or ""
        self.query_one("#priority", Select).value = card.priority if card.priority else Select.NULL
        self.query_one("#status", Select).value = card.status
        self.query_one("#column", Select).value = card.column_id
        self.query_one("#start-date", Input).value = _date_text(card.start_date)
        self.query_one("#due-date", Input).value = _date_text(card.due_date)
        self.query_one("#assignee", Select).value = card.assignee_id if card.assignee_id else Select.NULL
        self.query_one("#recurrence", RecurrenceEditor).load(card.recurrence)
        self.query_one("#checklist", ChecklistEditor).load(
            [ChecklistEntry(i.id, i.title, i.done) for i in card.checklist]
        )
        self._ready()

    def _show_archived(self, key: str, archived: bool) -> None:
        self.archived = archived
        title = f"{key} · archived card (ctrl+o restores it)" if archived else f"{key} · edit card"
        self.query_one("#editor-title", Label).update(title)
        self.query_one("#restore", Button).display = archived

    def action_restore(self) -> None:
        """Take the card out of the archive at once (edits in the form stay, to be saved or not)."""
        card = self.data.card if self.data is not None else None
        if card is None:
            self.notify("A new card is not archived: there is nothing to restore.", severity="warning")
            return
        if not self.archived:
            self.notify(f"{card.key} is not archived.", severity="warning")
            return
        columns = dict((column_id, name) for name, column_id in self.data.columns) if self.data else {}
        given = UpdateCard(
            workspace_id=self.workspace_id, project=self.project_id, card=card.id, data=CardUpdateIn(archived=False)
        )

        def restored(out: CardOut) -> None:
            self._show_archived(out.key, out.archived)
            self.notify(f"Restored {out.key} to {columns.get(out.column_id, 'its column')}")

        self.app.run_operation("update_card", given, then=restored)  # type: ignore[attr-defined]

    def _ready(self) -> None:
        """The form holds the card: remember it as loaded and let the keys typed meanwhile in."""
        self._initial_form = self._form()
        title = self.query_one("#title", Input)
        title.cursor_position = len(title.value)
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "title":
            self._check_title_length(event.value)

    def _check_title_length(self, title: str) -> None:
        # Said while typing or right after a paste, not only when saving.
        error = self.query_one("#editor-error", Label)
        too_long = len(title) > TITLE_LIMIT
        if too_long:
            error.update(f"The title is {len(title)} characters long; the limit is {TITLE_LIMIT}.")
        elif self._title_too_long:
            error.update("")
        self._title_too_long = too_long

    # -- saving ------------------------------------------------------------

    def _form(self) -> dict[str, Any]:
        """The form as a wire-shaped dict, validated by the same schema the REST API uses."""

        def select_value(selector: str) -> Any:
            value = self.query_one(selector, Select).value
            return None if value is Select.NULL else value

        def date_value(selector: str) -> str | None:
            return self.query_one(selector, Input).value.strip() or None

        description = self.query_one("#description", TextArea).text
        return {
            "title": self.query_one("#title", Input).value,
            "description": description if description.strip() else None,
            "priority": select_value("#priority"),
            "status": select_value("#status"),
            "startDate": date_value("#start-date"),
            "dueDate": date_value("#due-date"),
            "assigneeId": select_value("#assignee"),
            "columnId": select_value("#column"),
            "recurrence": self.query_one("#recurrence", RecurrenceEditor).form_value(),
        }

    def _checklist_payload(self) -> list[dict[str, Any]]:
        editor = self.query_one("#checklist", ChecklistEditor)
        payload = []
        for entry in editor.entries:
            item: dict[str, Any] = {"title": entry.title, "done": entry.done}
            if entry.id:
                item["_id"] = entry.id
            payload.append(item)
        return payload

    def _changes(self, form: dict[str, Any]) -> dict[str, Any]:
        """Only what the user changed, so a concurrent edit of another field is not overwritten."""
        assert self.data is not None and self.data.card is not None
        card = self.data.card
        before = {
            "title": card.title,
            "description": card.description,
            "priority": card.priority,
            "status": card.status,
            "startDate": _date_text(card.start_date) or None,
            "dueDate": _date_text(card.due_date) or None,
            "assigneeId": card.assignee_id,
            "columnId": card.column_id,
            "recurrence": card.recurrence.wire() if card.recurrence is not None else None,
        }
        changes = {k: v for k, v in form.items() if v != before[k]}
        if self.query_one("#checklist", ChecklistEditor).changed:
            changes["checklist"] = self._checklist_payload()
        return changes

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the comment box ctrl+s sends the comment (its own binding), and the footer says so.
        if action == "save" and isinstance(self.focused, CommentBox):
            return False
        return True

    def action_save(self) -> None:
        if self.data is None:
            return
        # ctrl+s runs when it is read, possibly before the keys typed just before it reached
        # their field: save once they have, and keep what is typed after it for the next screen.
        self.app.typeahead.hold(self)  # type: ignore[attr-defined]
        (self.focused or self).call_later(self._save)

    def _refused(self, message: str) -> None:
        self.query_one("#editor-error", Label).update(message)
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    def _save(self) -> None:
        assert self.data is not None
        if self.query_one("#comments", CommentsPane).draft.strip():
            # Closing would drop it: the comment goes with its own key, so ask for it rather than guess.
            self._refused("Your comment is not sent yet: ctrl+s in the comment box sends it; clear it to save without it.")
            self.show_tab("tab-comments")
            return
        form = self._form()
        error_label = self.query_one("#editor-error", Label)
        workspace_id, project_id = self.workspace_id, self.project_id
        try:
            extras = self.query_one("#labels-fields", LabelsFieldsEditor).changes()
        except ValueError as problem:
            self._refused(str(problem))
            self.show_tab("tab-labels")
            return
        try:
            form["recurrence"] = self.query_one("#recurrence", RecurrenceEditor).value()
        except ValueError as problem:
            self._refused(str(problem))
            return
        try:
            if self.data.card is None:
                column_id = form.pop("columnId") or self.column_id
                create = CardCreateIn.model_validate({**form, "checklist": self._checklist_payload()})
                given = SaveCard(workspace_id=workspace_id, project=project_id, column=column_id, create=create)
            else:
                changes = self._changes(form)
                if not changes and not extras:
                    self.dismiss(self.card_id)  # unmounting lets the held keys go to the screen below
                    return
                update = CardUpdateIn.model_validate(changes) if changes else None
                given = SaveCard(workspace_id=workspace_id, project=project_id, card=self.data.card.id, update=update)
        except ValidationError as problem:
            self._refused(validation_text(problem))
            return
        # Fields, checklist, labels and custom-field values are one operation: all saved or none.
        given = given.model_copy(
            update={"add_labels": extras.add_labels, "remove_labels": extras.remove_labels, "field_values": extras.values}
        )
        error_label.update("")
        self.app.run_operation(  # type: ignore[attr-defined]
            save_card, given, then=lambda saved: self._saved(given, saved), failed=lambda e: self._refused(error_text(e))
        )

    def _saved(self, given: SaveCard, saved: CardOut) -> None:
        before = self.data.card if self.data is not None else None
        if before is not None:  # an edit, not a new card: u on the board undoes it
            where = Where(self.workspace_id, self.project_id)
            self.app.card_history.record(edit_step(where, given, before, saved))  # type: ignore[attr-defined]
        self.notify("Saved")
        self.dismiss(saved.id)

    def action_next_tab(self) -> None:
        tabs = self.query_one("#editor-tabs", TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane) if pane.id]
        if tabs.active in panes:
            self.show_tab(panes[(panes.index(tabs.active) + 1) % len(panes)])

    def show_tab(self, pane_id: str) -> None:
        """Switch tab and focus into it (TabbedContent follows focus, so focus must move too)."""
        tabs = self.query_one("#editor-tabs", TabbedContent)
        tabs.active = pane_id
        self._focus_into(pane_id)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # However the labels tab is entered (a click on it too), space ticks a label at once.
        focused = self.focused
        if event.pane.id == "tab-labels" and (focused is None or event.pane not in focused.ancestors):
            self._focus_into("tab-labels")

    def _focus_into(self, pane_id: str) -> None:
        pane = self.query_one("#editor-tabs", TabbedContent).get_pane(pane_id)
        # A scrolling box of fields takes focus too, but what one types or ticks is in the fields inside it
        # (a ScrollView, such as a list or a text area, is itself such a field).
        boxes = [w for w in pane.query("*") if w.focusable]
        focusable = [w for w in boxes if isinstance(w, ScrollView) or not isinstance(w, ScrollableContainer)] or boxes
        # Where typing is what you do next (details aside), start in the last text field.
        inputs = [w for w in focusable if isinstance(w, (Input, CommentBox))]
        if inputs and pane_id not in ("tab-details", "tab-labels"):
            inputs[-1].focus()
        elif focusable:
            focusable[0].focus()

    def action_give_to_agent(self) -> None:
        from stellary_tui.screens.mission_lines import CardLabel  # only when asked for
        from stellary_tui.screens.mission_start import give_to_agent

        card = self.data.card if self.data is not None else None
        if card is None:
            self.notify("Save the card first (ctrl+s): an agent works on a saved card.", severity="warning")
            return
        give_to_agent(self, self.workspace_id, CardLabel(card.id, card.key, card.title, self.project_id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "restore":
            self.action_restore()
        else:
            self.action_close()

    def action_close(self) -> None:
        """Close; with unsaved edits, ask first (escape must never throw work away)."""
        if not self.unsaved():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        card = self.data.card if self.data is not None else None
        what = card.key if card is not None else "this new card"
        self.app.push_screen(
            ConfirmDialog(f"Discard your changes to {what}?", yes="Discard", title="Unsaved changes"), answered
        )

    def unsaved(self) -> bool:
        """Whether a field, the checklist, a label or a custom field differs from what was loaded, or a comment waits."""
        if self.data is None or self._initial_form is None:
            return False
        if self._form() != self._initial_form or self.query_one("#checklist", ChecklistEditor).changed:
            return True
        if self.query_one("#comments", CommentsPane).draft.strip():
            return True  # a comment written and not sent
        try:
            return bool(self.query_one("#labels-fields", LabelsFieldsEditor).changes())
        except ValueError:
            return True  # a value that does not fit its field was typed: that is an edit too


