"""What every view of a scope shares: its context and the messages it sends to the main screen.

A view is a widget that renders from a ``Board`` (already narrowed by the
filter) and never mounts a widget per card. It asks for card work by posting
``CardAction``; it may change data itself through the services (the refresh
then arrives by the event bus like any other change).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.message import Message
from textual.widget import Widget

from stellary_core.view_rows import CardRow, ColumnRow


@dataclass(frozen=True)
class ViewContext:
    workspace_id: str
    project_id: str
    scope_id: str
    me: str


class CardAction(Message):
    """open / new / archive / restore / relocate / delete / agent (give to an agent) a card (``new`` may name the column and a due date)."""

    def __init__(self, action: str, card: CardRow | None, column: ColumnRow | None, *, due: date | None = None) -> None:
        super().__init__()
        self.action = action
        self.card = card
        self.column = column
        self.due = due


NO_CARD = "No card here."


def say_why(view: Widget, reason: str) -> None:
    """A key that cannot act says why in the status line, instead of doing nothing."""
    view.notify(reason, severity="warning", timeout=4)


def already_archived(card: CardRow) -> str:
    return f"{card.key} is already archived: U restores it."


def not_archived(card: CardRow) -> str:
    return f"{card.key} is not archived: only archived cards are restored (V shows them)."


def cannot_restore(card: CardRow | None) -> str | None:
    """Why ``U`` cannot restore ``card`` (None when it can)."""
    if card is None:
        return NO_CARD
    return None if card.archived else not_archived(card)
