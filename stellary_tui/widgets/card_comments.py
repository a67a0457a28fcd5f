"""The card editor's Comments tab: read the conversation, add to it, delete a comment.

A comment is written in a text area, so it can run over several lines: enter
starts a new line and ctrl+s (the editor's save key) sends it.
"""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Label, OptionList, TextArea
from textual.widgets.option_list import Option

from stellary_core.operations.catalog.comments import (
    AddComment,
    DeleteComment,
    GetCardComments,
    add_comment,
    delete_comment,
    get_card_comments,
)
from stellary_core.schemas.comments import CommentCreateIn, CommentOut
from stellary_tui import plurals
from stellary_tui.human_errors import validation_text
from stellary_tui.widgets.card_pane import CardPane, when


class CommentBox(TextArea):
    """Where a comment is written; ctrl+s sends it (the editor leaves that key to it while it has focus)."""

    BINDINGS = [Binding("ctrl+s", "send", "Send comment", id="comments.send")]

    class Send(Message):
        def __init__(self, box: CommentBox) -> None:
            super().__init__()
            self.box = box

    def action_send(self) -> None:
        self.post_message(self.Send(self))


class CommentsPane(CardPane):
    # The conversation takes the room left over; the box grows with what is written (up to six
    # lines) below it, so writing stays in sight at 80x24 however long the conversation is.
    DEFAULT_CSS = """
    CommentsPane { height: 1fr; }
    CommentsPane #comments-list { height: 1fr; min-height: 3; max-height: 100%; }
    CommentsPane #comment-new { height: auto; min-height: 3; max-height: 8; }
    """

    BINDINGS = [Binding("delete", "delete_comment", "Delete comment", id="comments.delete")]

    def compose(self) -> ComposeResult:
        yield Label("Loading…", id="comments-count", classes="pane-hint")
        yield OptionList(id="comments-list")
        yield CommentBox(
            id="comment-new", soft_wrap=True, placeholder="Write a comment: enter adds a line, ctrl+s sends it"
        )

    @property
    def draft(self) -> str:
        """What is written and not sent yet."""
        return self.query_one("#comment-new", CommentBox).text

    def reload(self) -> None:
        self.run(get_card_comments, lambda r: GetCardComments(**r.on_card(), limit=500), then=self._show)

    def _show(self, found: list[CommentOut]) -> None:
        listing = self.query_one("#comments-list", OptionList)
        listing.clear_options()
        for comment in found:
            text = Text()
            text.append(comment.author_name, style="bold magenta")
            text.append(f"  {when(comment.created_at)}\n", style="dim")
            text.append(comment.content)
            listing.add_option(Option(text, id=comment.id))
        count = len(found)
        self.query_one("#comments-count", Label).update(
            f"{plurals.count(count, 'comment')} · delete removes the highlighted one" if count else "No comments yet."
        )
        if count:
            listing.highlighted = count - 1

    def on_comment_box_send(self, event: CommentBox.Send) -> None:
        event.stop()
        box = event.box
        if not box.text.strip():
            self.notify("Write something first.", severity="warning")
            return
        try:
            data = CommentCreateIn(content=box.text)
        except ValidationError as error:
            self.notify(validation_text(error), title="Comment not sent", severity="error")
            return
        # Cleared once posted: a refused comment stays in the box to be fixed, not lost.
        sent = box.text
        self.run(add_comment, lambda r: AddComment(**r.on_card(), data=data), then=lambda _: self._sent(box, sent))

    def _sent(self, box: CommentBox, sent: str) -> None:
        if box.text == sent:  # not if more was typed while it was posted
            box.clear()
        self.reload()

    def action_delete_comment(self) -> None:
        listing = self.query_one("#comments-list", OptionList)
        if listing.highlighted is None or not listing.has_focus:
            return
        option = listing.get_option_at_index(listing.highlighted)
        comment_id = option.id
        if comment_id is None:
            return
        self.run(
            delete_comment, lambda r: DeleteComment(**r.on_card(), comment=comment_id), then=lambda _: self.reload()
        )
