"""Pilot tests of the card editor's tabs: labels and fields, relations, comments, attachments, activity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from textual.widgets import Input, Label, OptionList, Select, SelectionList, TextArea

from stellary_core.db import Database
from stellary_core.models import Attachment, Card, CardFieldValue, CardLabel, CardRelation, Comment
from stellary_core.principal import Principal
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.services import custom_fields, labels
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.views.kanban import KanbanBoard
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


async def _open_first_card(pilot: object, app: object) -> tuple[CardEditor, str]:
    await settle(pilot)  # type: ignore[arg-type]
    card = app.screen.query_one(KanbanBoard).current_card  # type: ignore[attr-defined]
    assert card is not None
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    editor = app.screen  # type: ignore[attr-defined]
    assert isinstance(editor, CardEditor)
    return editor, card.id


async def test_labels_and_fields_are_saved_with_the_card(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        bug = labels.create_label(session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=LabelCreateIn(name="bug", color="#ff0000"))
        points = custom_fields.create_custom_field(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=CustomFieldCreateIn(name="Points", type="number")
        )
        team = custom_fields.create_custom_field(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id,
            data=CustomFieldCreateIn(name="Team", type="select", options=["web", "api"]),
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, card_id = await _open_first_card(pilot, app)
        editor.show_tab("tab-labels")
        await pilot.pause()
        editor.query_one("#labels-list", SelectionList).select(bug.id)
        editor.query_one(f"#field-{points.id}", Input).value = "not a number"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert "Points: must be a number" in str(editor.query_one("#editor-error", Label).render())
        editor.query_one(f"#field-{points.id}", Input).value = "8"
        editor.query_one(f"#field-{team.id}", Select).value = "api"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CardEditor)
        board = app.screen.query_one(KanbanBoard).board
        assert board is not None
        assert any(c.id == card_id and c.label_ids == (bug.id,) for c in board.all_cards())
    with db.session() as session:
        assert session.scalars(select(CardLabel.label_id).where(CardLabel.card_id == card_id)).all() == [bug.id]
        values = dict(session.execute(select(CardFieldValue.field_id, CardFieldValue.value).where(CardFieldValue.card_id == card_id)).all())
        assert values == {points.id: 8, team.id: "api"}


def _two_labels(db: Database, actor: Principal, workspace_id: str, project_id: str) -> tuple[str, str]:
    with db.session(write=True) as session:
        made = [
            labels.create_label(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=LabelCreateIn(name=n, color=c)
            ).id
            for n, c in (("bug", "#ff0000"), ("ux", "#00aaff"))
        ]
    return made[0], made[1]


def _row_text(widget: SelectionList[str], y: int) -> str:
    return "".join(segment.text for segment in widget.render_line(y))


async def test_ctrl_t_into_the_labels_tab_focuses_the_list_and_space_ticks_a_label(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    bug, _ux = _two_labels(db, actor, workspace_id, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, _card_id = await _open_first_card(pilot, app)
        await pilot.press("ctrl+t", "ctrl+t")
        await settle(pilot)
        listed = editor.query_one("#labels-list", SelectionList)
        assert app.focused is listed
        await pilot.press("space")
        assert listed.selected == [bug]


async def test_a_click_on_the_labels_tab_focuses_the_list(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    _two_labels(db, actor, workspace_id, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, _card_id = await _open_first_card(pilot, app)
        await pilot.click("#editor-tabs Tab#--content-tab-tab-labels")
        await settle(pilot)
        assert app.focused is editor.query_one("#labels-list", SelectionList)


async def test_a_ticked_label_shows_a_mark_not_only_a_colour(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    bug, ux = _two_labels(db, actor, workspace_id, project_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, _card_id = await _open_first_card(pilot, app)
        editor.show_tab("tab-labels")
        await pilot.pause()
        listed = editor.query_one("#labels-list", SelectionList)
        listed.select(ux)
        await pilot.pause()
        assert "✓" not in _row_text(listed, 0) and "bug" in _row_text(listed, 0)
        assert "✓" in _row_text(listed, 1) and "ux" in _row_text(listed, 1)
        listed.deselect(ux)
        listed.select(bug)
        await pilot.pause()
        assert "✓" in _row_text(listed, 0) and "✓" not in _row_text(listed, 1)


async def test_relations_link_by_key_and_refuse_a_cycle(demo: Demo) -> None:
    db, *_ = demo
    with db.session() as session:
        keys = dict(session.execute(select(Card.key, Card.id)).all())
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, card_id = await _open_first_card(pilot, app)
        with db.session() as session:
            own_key = session.get_one(Card, card_id).key
        other_key = next(k for k in keys if k != own_key)
        editor.show_tab("tab-relations")
        await pilot.pause()
        field = editor.query_one("#relation-target", Input)
        field.focus()
        field.value = other_key
        await pilot.press("enter")
        await settle(pilot)
        listing = editor.query_one("#relations-list", OptionList)
        assert listing.option_count == 1
        # The other card now "is blocked by" this one; making it block this one back is a cycle.
        editor.query_one("#relation-type", Select).value = "blocked_by"
        field.value = other_key
        await pilot.press("enter")
        await settle(pilot)
        assert listing.option_count == 1
        assert field.value == other_key  # kept, so the user can fix it
        listing.focus()
        listing.highlighted = 0
        await pilot.press("delete")
        await settle(pilot)
        assert listing.option_count == 0
    with db.session() as session:
        assert session.scalar(select(CardRelation.id)) is None


async def test_comments_are_posted_listed_and_deleted(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, card_id = await _open_first_card(pilot, app)
        editor.show_tab("tab-comments")
        await pilot.pause()
        await pilot.press(*"Looks good to me", "enter", *"Ship it", "ctrl+s")
        await settle(pilot)
        listing = editor.query_one("#comments-list", OptionList)
        assert listing.option_count == 1
        assert editor.query_one("#comment-new", TextArea).text == ""
        assert isinstance(app.screen, CardEditor), "ctrl+s in the comment box sends the comment, not the card"
        with db.session() as session:
            assert session.scalar(select(Comment.content).where(Comment.card_id == card_id)) == "Looks good to me\nShip it"
            assert session.get_one(Card, card_id).comment_count == 1
        listing.focus()
        await pilot.press("delete")
        await settle(pilot)
        assert listing.option_count == 0
    with db.session() as session:
        assert session.get_one(Card, card_id).comment_count == 0


async def test_a_comment_with_a_bidi_override_says_why_and_is_not_posted(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, card_id = await _open_first_card(pilot, app)
        editor.show_tab("tab-comments")
        await pilot.pause()
        editor.query_one("#comment-new", TextArea).text = "approve \u2066this\u2069"
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert messages == ["Comment: must not contain a control or bidi character (U+2066)"]
        assert editor.query_one("#comment-new", TextArea).text == "approve \u2066this\u2069", "kept to be fixed"
    with db.session() as session:
        assert session.get_one(Card, card_id).comment_count == 0


async def test_attachments_attach_save_and_delete(demo: Demo, tmp_path: Path) -> None:
    db, *_ = demo
    source = tmp_path / "notes.txt"
    source.write_text("hello from a file")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, card_id = await _open_first_card(pilot, app)
        editor.show_tab("tab-attachments")
        await pilot.pause()
        field = editor.query_one("#attachment-path", Input)
        field.value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        await settle(pilot)
        listing = editor.query_one("#attachments-list", OptionList)
        assert listing.option_count == 0
        field.value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        assert listing.option_count == 1
        listing.focus()
        listing.highlighted = 0
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#prompt-input", Input).value = str(tmp_path / "copy.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "copy.txt").read_text() == "hello from a file"
        listing.focus()
        await pilot.press("delete", "y")
        await settle(pilot)
        assert listing.option_count == 0
    with db.session() as session:
        assert session.scalar(select(Attachment.id)) is None
        assert session.get_one(Card, card_id).attachment_count == 0


async def test_activity_tab_lists_what_happened(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+right")
        await settle(pilot)
        editor, _card_id = await _open_first_card(pilot, app)
        editor.show_tab("tab-activity")
        await settle(pilot)
        listing = editor.query_one("#activity-list", OptionList)
        assert listing.option_count >= 1
        first = str(listing.get_option_at_index(0).prompt)
        assert "moved Backlog → To Do" in first


async def test_new_card_tabs_ask_to_save_first(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        hints = [str(label.render()) for label in editor.query("#comments Label")]
        assert any("Save the card first" in hint for hint in hints)


async def test_a_save_whose_last_step_fails_keeps_the_card_as_it_was(demo: Demo) -> None:
    """Fields and labels are one transaction: the title edit is not kept when adding a label fails."""
    db, actor, workspace_id, project_id = demo
    with db.session(write=True) as session:
        doomed = labels.create_label(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, data=LabelCreateIn(name="doomed", color="#00ff00")
        )
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        editor, card_id = await _open_first_card(pilot, app)
        with db.session() as session:
            title_before = session.get_one(Card, card_id).title
        editor.query_one("#title", Input).value = "A title that must not be kept"
        editor.show_tab("tab-labels")
        await pilot.pause()
        editor.query_one("#labels-list", SelectionList).select(doomed.id)
        # The label disappears behind the editor's back (another process), so the save's label step fails.
        with db.session(write=True) as session:
            labels.delete_label(session, actor=actor, workspace_id=workspace_id, project_id=project_id, label_id=doomed.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert "not found" in str(editor.query_one("#editor-error", Label).render()).lower()
    with db.session() as session:
        assert session.get_one(Card, card_id).title == title_before
