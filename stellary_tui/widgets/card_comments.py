"""The card editor's Comments tab: read the conversation, add to it, delete a comment."""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, OptionList
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
from stellary_tui.widgets.card_pane import CardPane, when


class CommentsPane(CardPane):
    BINDINGS = [Binding("delete", "delete_comment", "Delete comment", id="comments.delete")]

    def compose(self) -> ComposeResult:
        yield Label("Loading…", id="comments-count", classes="pane-hint")
        yield OptionList(id="comments-list")
        yield Input(placeholder="Write a comment and press enter (1-2000 characters)", id="comment-new", max_length=2000)

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

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "comment-new":
            return
        event.stop()
        try:
            data = CommentCreateIn(content=event.value)
        except ValidationError as error:
            problem = error.errors()[0]
            reason = str(problem["msg"]).removeprefix("Value error, ") if problem["type"] == "value_error" else None
            self.notify(f"A comment {reason}." if reason else "A comment needs 1 to 2000 characters.", severity="error")
            return
        event.input.value = ""
        self.run(add_comment, lambda r: AddComment(**r.on_card(), data=data), then=lambda _: self.reload())

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
