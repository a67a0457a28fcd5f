"""Comments of several lines: enter adds a line, ctrl+s sends, the list shows them as written, a draft is never lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.widgets import Label, OptionList, TextArea
from textual.widgets._footer import FooterKey

from stellary_core.db import Database
from stellary_core.models import Comment
from stellary_core.principal import Principal
from stellary_tui.app import StellaryApp
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.widgets.card_comments import CommentBox
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


async def open_comments(pilot: object, app: StellaryApp) -> CardEditor:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    editor = app.screen
    assert isinstance(editor, CardEditor)
    editor.show_tab("tab-comments")
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.focused, CommentBox)
    return editor


def list_lines(listing: OptionList) -> list[str]:
    return [listing.render_line(y).text.rstrip() for y in range(listing.size.height)]


async def test_a_comment_of_three_lines_is_sent_and_listed_as_written(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_comments(pilot, app)
        await pilot.press(*"Checked the copy:", "enter", *"- headline ok", "enter", *"- footer typo", "ctrl+s")
        await settle(pilot)
        with db.session() as session:
            assert session.scalars(select(Comment.content)).all() == ["Checked the copy:\n- headline ok\n- footer typo"]
        lines = list_lines(editor.query_one("#comments-list", OptionList))
        start = next(i for i, line in enumerate(lines) if "Checked the copy:" in line)
        assert "- headline ok" in lines[start + 1] and "- footer typo" in lines[start + 2], lines


async def test_in_the_comment_box_the_footer_offers_send_not_save(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_comments(pilot, app)
        shown = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert shown.get("ctrl+s") == "Send comment", shown
        app.screen.query_one("#comments-list", OptionList).focus()
        await pilot.pause()
        shown = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert shown.get("ctrl+s") == "Save", shown


async def test_an_unsent_comment_is_not_lost_by_escape_or_saving_the_card(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_comments(pilot, app)
        await pilot.press(*"Half a thought", "enter", *"and more")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # asks before throwing the draft away
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is editor
        editor.show_tab("tab-details")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the card's save: refused while the comment waits
        await settle(pilot)
        assert app.screen is editor
        assert "not sent yet" in str(editor.query_one("#editor-error", Label).render())
        assert editor.query_one("#comment-new", TextArea).text == "Half a thought\nand more"
        assert isinstance(app.focused, CommentBox)
    with db.session() as session:
        assert session.scalars(select(Comment.content)).all() == []
