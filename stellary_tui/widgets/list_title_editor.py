"""The one-line editor the list view lays over a card's title cell."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class ListTitleEditor(Input):
    """An Input bound to one card; escape cancels (enter submits, as for any Input)."""

    DEFAULT_CSS = """
    ListTitleEditor {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $text;
    }
    ListTitleEditor:focus {
        border: none;
        background: $primary 30%;
    }
    ListTitleEditor.-invalid, ListTitleEditor.-invalid:focus {
        border: none;
        background: $error 35%;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel edit", id="list.title_cancel")]

    class Cancelled(Message):
        """The edit was abandoned (escape, or focus went elsewhere)."""

        def __init__(self, editor: ListTitleEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(self, card_id: str, value: str, *, id: str | None = None) -> None:
        super().__init__(value=value, id=id, select_on_focus=False)
        self.card_id = card_id

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))

    def on_blur(self, _event: events.Blur) -> None:
        # Left without enter (the screen focused the list, a palette opened): nothing is saved, and the
        # list must not stay locked behind an editor nobody is typing in.
        self.post_message(self.Cancelled(self))
