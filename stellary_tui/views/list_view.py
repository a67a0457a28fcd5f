"""The list view: every card of the scope as one table row, sortable, groupable, multi-selectable.

The table is drawn by ``widgets/list_grid.ListGrid`` with the Line API (only
the rows on screen are rendered: 5,000 cards open in about 0.15 s, where
Textual's DataTable took about 3 s just to take the rows). This module holds
the keys. Bulk actions work on the selection, or on the cursor's card when
nothing is selected; each is ONE ``bulk_edit_cards`` operation that loops
over the cards through the ordinary card services in one transaction, and
the answer says how many cards changed and names any that could not be.
The only widget ever mounted is the one-line title editor over the title cell.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import ValidationError
from textual.binding import Binding
from textual.widgets import Input

from stellary_core.operations.catalog.board import UpdateCard
from stellary_core.operations.catalog.bulk_edits import (
    AddLabel,
    Archive,
    BulkEditCards,
    BulkOutcome,
    MoveTo,
    RemoveLabel,
    Restore,
    SetPriority,
)
from stellary_core.operations.catalog.views import CardRow, ColumnRow
from stellary_core.schemas.board import CardUpdateIn
from stellary_tui.human_errors import validation_text
from stellary_tui.plurals import count
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.views.base import NO_CARD, CardAction, already_archived, cannot_restore, say_why
from stellary_tui.widgets.list_grid import ListGrid
from stellary_tui.widgets.list_table import GROUPINGS, SORT_ORDER
from stellary_tui.widgets.list_title_editor import ListTitleEditor

# Said in words under the view's keys in the help (the keys come from BINDINGS).
HELP_NOTE = (
    "Sorting cycles board order, key, title and the other columns; grouping cycles none, column, priority, "
    "assignee and label. Moving, the priority, a label and archiving act on the selection, or on the card when "
    "nothing is selected; archiving a selection asks first."
)

PRIORITY_CYCLE: dict[str | None, str | None] = {"low": "medium", "medium": "high", "high": None, None: "low"}


def label_mark(carriers: int, cards: int) -> str:
    """Whether all [✓], some [–] or none [ ] of the cards carry a label, as a mark that needs no colour."""
    return "[✓]" if carriers == cards else "[–]" if carriers else "[ ]"


PRIORITY_CHOICES = [("high", "▲ High"), ("medium", "■ Medium"), ("low", "▼ Low"), ("none", "No priority")]
BulkChange = MoveTo | SetPriority | AddLabel | RemoveLabel | Archive | Restore


class ListView(ListGrid, can_focus=True):
    """A focusable table of the scope's cards."""

    DEFAULT_CSS = """
    ListView {
        height: 1fr;
        width: 1fr;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("home", "edge(-1)", "First card", show=False, id="list.first"),
        Binding("end", "edge(1)", "Last card", show=False, id="list.last"),
        Binding("o", "cycle_sort", "Sort", id="list.sort", tooltip="Sort by the next column"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="list.reverse_sort"),
        Binding("b", "cycle_grouping", "Group", id="list.group", tooltip="Group by the next field"),
        Binding("space", "toggle_selection", "Select", id="list.select", key_display="␣"),
        Binding("v,ctrl+a", "select_all", "Select all", show=False, id="list.select_all"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="list.clear_selection"),
        Binding("m", "move_to_column", "Move", id="list.move", tooltip="Move to a column"),
        Binding("P", "choose_priority", "Set priority", show=False, id="list.set_priority"),
        Binding(
            "l", "toggle_label", "Label", id="list.toggle_label",
            tooltip="Put a label on the cards, or take it off when they all have it",
        ),
        Binding("p", "cycle_priority", "Priority", show=False, id="list.cycle_priority", tooltip="Next priority"),
        Binding("e,f2", "edit_title", "Edit title", id="list.edit_title"),
        Binding("enter", "open_card", "Open", id="list.open_card"),
        Binding("n", "new_card", "New card", id="list.new_card"),
        Binding("a", "archive", "Archive", id="list.archive"),
        Binding("U", "restore_card", "Restore", show=False, id="list.restore_card", tooltip="Restore archived cards (V shows them)"),
        Binding("t", "move_elsewhere", "Move to…", show=False, id="list.move_elsewhere", tooltip="Move the card to another scope or project"),
        Binding("d", "delete_card", "Delete", show=False, id="list.delete_card"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._editor: ListTitleEditor | None = None
        self._queued: dict[str, CardUpdateIn] = {}  # the next change of a card whose last is still saving

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._editor is not None:
            return False  # the title editor has the keys; nothing may move under it
        return action != "clear_selection" or bool(self.selected)  # else escape goes on to whoever wants it

    # -- cursor, sort, group -------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * self.body_height)

    def action_edge(self, direction: int) -> None:
        self.move_cursor(0 if direction < 0 else len(self.lines))

    def action_cycle_sort(self) -> None:
        self.sort = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]
        self.descending = False
        self.rebuild(self.cursor_key())

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.rebuild(self.cursor_key())

    def action_cycle_grouping(self) -> None:
        keep = self.cursor_key()
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self.rebuild((keep[0], "") if keep else None)  # the card's first row once regrouped

    # -- selection and bulk actions ------------------------------------------

    def action_toggle_selection(self) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
            return
        self.selected ^= {card.id}
        self.refresh()

    def action_select_all(self) -> None:
        if not self.listed_cards:
            say_why(self, "No cards to select.")
            return
        self.selected = {card.id for card in self.listed_cards}
        self.refresh()

    def action_clear_selection(self) -> None:
        self.selected.clear()
        self.refresh()

    def targets(self) -> list[CardRow]:
        """What a bulk action works on: the selection, or else the cursor's card."""
        if self.selected:
            return [card for card in self.listed_cards if card.id in self.selected]
        card = self.current_card
        return [card] if card is not None else []

    def _where(self) -> dict[str, str] | None:
        context = self.context
        return None if context is None else {"workspace_id": context.workspace_id, "project_id": context.project_id}

    def _bulk(self, done: str, chosen: list[CardRow], change: BulkChange, *, unselect: bool = False) -> None:
        """One operation makes ``change`` to the cards; then say how many changed and which failed."""
        context = self.context
        if context is None:
            return
        ids = [card.id for card in chosen]
        keys = {card.id: card.key for card in chosen}

        def report(outcome: BulkOutcome) -> None:
            message = done.format(cards=count(len(outcome.changed), "card"))
            if outcome.unchanged:
                message += f" ({count(len(outcome.unchanged), 'card')} already so)"
            self.notify(message, title="List")
            if outcome.failures:
                problems = "; ".join(f"{f.key or keys.get(f.card_id, f.card_id)}: {f.message}" for f in outcome.failures)
                self.notify(f"Not changed: {problems}", title="List", severity="error")
            if unselect:
                self.selected -= set(outcome.changed)
                self.refresh()

        given = BulkEditCards(workspace_id=context.workspace_id, project=context.project_id, card_ids=ids, change=change)
        self.app.run_operation("bulk_edit_cards", given, then=report)  # type: ignore[attr-defined]

    def action_move_to_column(self) -> None:
        chosen, where, board = self.targets(), self._where(), self.board
        if not chosen:
            say_why(self, NO_CARD)
            return
        if where is None or board is None:
            return
        names = {column.id: column.name for column in board.columns}

        def picked(column_id: str | None) -> None:
            if column_id:
                self._bulk(f"Moved {{cards}} to {names.get(column_id, '?')}", chosen, MoveTo(column=column_id))

        choices = [(column.id, column.name) for column in board.columns]
        self.app.push_screen(ChoiceDialog(f"Move {count(len(chosen), 'card')} to", choices), picked)

    def action_choose_priority(self) -> None:
        chosen, where = self.targets(), self._where()
        if not chosen:
            say_why(self, NO_CARD)
            return
        if where is None:
            return

        def picked(choice: str | None) -> None:
            if choice:
                priority = None if choice == "none" else choice
                change = SetPriority(priority=priority)  # type: ignore[arg-type]
                self._bulk(f"Set priority {choice} on {{cards}}", chosen, change)

        self.app.push_screen(ChoiceDialog(f"Priority of {count(len(chosen), 'card')}", PRIORITY_CHOICES), picked)

    def action_toggle_label(self) -> None:
        """Pick a label: the cards that lack it get it; when they all have it already, it comes off them all."""
        chosen, where, board = self.targets(), self._where(), self.board
        if not chosen:
            say_why(self, NO_CARD)
            return
        if where is None or board is None:
            return
        # The board came with the project's labels: no second read (the labels service's order).
        found = sorted(board.labels.values(), key=lambda l: (l.name.lower(), l.id))
        if not found:
            self.notify("This project has no labels yet: add them in the project settings (,).", title="List", severity="warning")
            return
        names = {label.id: label.name for label in found}
        carriers = {label.id: sum(label.id in card.label_ids for card in chosen) for label in found}
        everyone = len(chosen)

        def picked(label_id: str | None) -> None:
            if not label_id:
                return
            if carriers[label_id] == everyone:
                self._bulk(f"Removed label {names[label_id]} from {{cards}}", chosen, RemoveLabel(label_id=label_id))
            else:
                self._bulk(f"Added label {names[label_id]} to {{cards}}", chosen, AddLabel(label_id=label_id))

        choices = [(label.id, f"{label_mark(carriers[label.id], everyone)} {label.name}") for label in found]
        hint = "[✓] all have it: picking it takes it off. [–] some have it: picking it puts it on the others."
        self.app.push_screen(ChoiceDialog(f"Label {count(everyone, 'card')}", choices, hint=hint), picked)

    def action_archive(self) -> None:
        """Archive the cursor's card like the board does; a selection is archived after confirming."""
        if not self.selected:
            card = self.current_card
            if card is not None and card.archived:
                say_why(self, already_archived(card))
            else:
                self._card_action("archive")
            return
        chosen, where = self.targets(), self._where()
        if not chosen or where is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._bulk("Archived {cards}", chosen, Archive(), unselect=True)

        many = count(len(chosen), "card")
        question = f"Archive {many}? They leave the views but are kept: the filter is:archived shows them."
        self.app.push_screen(ConfirmDialog(question, yes="Archive", title=f"Archive {many}"), confirmed)

    def action_restore_card(self) -> None:
        """Restore the cursor's archived card, or the archived cards of the selection."""
        if not self.selected:
            reason = cannot_restore(self.current_card)
            if reason is not None:
                say_why(self, reason)
            else:
                self._card_action("restore")
            return
        chosen = [card for card in self.targets() if card.archived]
        if not chosen:
            say_why(self, "None of the selected cards is archived (A shows the archived ones).")
            return
        self._bulk("Restored {cards}", chosen, Restore(), unselect=True)

    def action_move_elsewhere(self) -> None:
        """Move the card (the selected one, else the cursor's) to another scope or project."""
        chosen = self.targets()
        if len(chosen) > 1:
            say_why(self, "t moves one card at a time: escape clears the selection.")
        elif not chosen:
            say_why(self, NO_CARD)
        else:
            self.post_message(CardAction("relocate", chosen[0], self._column_of(chosen[0])))

    # -- one card --------------------------------------------------------------

    def _column_of(self, card: CardRow | None) -> ColumnRow | None:
        board = self.board
        if board is None or not board.columns:
            return None
        if card is not None:
            for column in board.columns:
                if column.id == card.column_id:
                    return column
        return board.columns[0]

    def _card_action(self, action: str) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
        else:
            self.post_message(CardAction(action, card, self._column_of(card)))

    def action_open_card(self) -> None:
        self._card_action("open")

    def open_clicked(self) -> None:
        self.action_open_card()

    def action_new_card(self) -> None:
        self.post_message(CardAction("new", None, self._column_of(self.current_card)))

    def action_delete_card(self) -> None:
        self._card_action("delete")

    def action_cycle_priority(self) -> None:
        """Next priority at once on screen (so quick presses go on from it), saved in the background."""
        card, where = self.current_card, self._where()
        if card is None:
            say_why(self, NO_CARD)
            return
        if where is None:
            return
        priority = PRIORITY_CYCLE.get(card.priority, "low")
        self.edit_locally(replace(card, priority=priority))
        self._save(card.id, CardUpdateIn(priority=priority))  # type: ignore[arg-type]

    def _save(self, card_id: str, data: CardUpdateIn) -> None:
        """Write one card's change; a change made while the last is saving waits for it, so the last press wins."""
        where = self._where()
        if where is None:
            return
        if card_id in self.saving:
            queued = self._queued.get(card_id)
            merged = {**queued.model_dump(exclude_unset=True), **data.model_dump(exclude_unset=True)} if queued else None
            self._queued[card_id] = CardUpdateIn(**merged) if merged else data
            return
        self.saving.add(card_id)

        def finished(_result: object = None) -> None:
            self.saving.discard(card_id)
            following = self._queued.pop(card_id, None)
            if following is not None:
                self._save(card_id, following)

        def failed(_error: object) -> None:
            self._queued.pop(card_id, None)
            finished()
            self.forget_edit(card_id)

        given = UpdateCard(workspace_id=where["workspace_id"], project=where["project_id"], card=card_id, data=data)
        self.app.run_operation("update_card", given, then=finished, failed=failed)  # type: ignore[attr-defined]

    # -- the title editor --------------------------------------------------------

    def action_edit_title(self) -> None:
        card = self.current_card
        if card is None:
            say_why(self, NO_CARD)
            return
        if self._editor is not None:
            return
        editor = self._editor = ListTitleEditor(card.id, card.title, id="list-title-editor")
        self.layout_changed()
        self.mount(editor)
        editor.focus()

    def layout_changed(self) -> None:
        """Keep the editor over its card's title cell wherever the card now is; close it if the card left."""
        editor = self._editor
        if editor is None:
            return
        line = self.current_line
        if line is None or line.card.id != editor.card_id:
            self._close_editor()
            return
        x, width = next(((x, w) for column_id, x, w in self.columns() if column_id == "title"), (0, self.size.width))
        editor.styles.offset = (x - 1, self.cursor_y())  # the editor's padding keeps the text where the cell's was
        editor.styles.width = width + 2

    def _close_editor(self) -> None:
        editor, self._editor = self._editor, None
        if editor is not None:
            editor.remove()
            if self.display:
                self.focus()

    def on_list_title_editor_cancelled(self, message: ListTitleEditor.Cancelled) -> None:
        message.stop()
        if message.editor is self._editor:  # not a late word from an editor already closed
            self._close_editor()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        editor, where = self._editor, self._where()
        if editor is None or event.input is not editor:
            return
        event.stop()
        card = self.current_card
        if card is None or where is None or card.id != editor.card_id:
            self._close_editor()
            return
        try:
            data = CardUpdateIn(title=event.value)  # the service's own model: the same rules, the same message
        except ValidationError as error:
            editor.add_class("-invalid")
            self.notify(validation_text(error), title="Title not saved", severity="error")
            return
        self._close_editor()
        if data.title is None or data.title == card.title:
            return
        self.edit_locally(replace(card, title=data.title))
        self._save(card.id, data)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self._editor:
            event.stop()
            event.input.remove_class("-invalid")
