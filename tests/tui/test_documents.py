"""Pilot tests: the Documents screen (D) reads, writes, moves, deletes and reviews a workspace's documents by keyboard."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.style import Style
from sqlalchemy import select
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Markdown, TextArea

from stellary_core.db import Database, open_database
from stellary_core.models import Document, DocumentHistoryEntry
from stellary_core.principal import Principal
from stellary_core.schemas.documents import DocumentCreateIn, DocumentOut
from stellary_core.services import documents
from stellary_tui.app import StellaryApp
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.screens.document_dialogs import ReviewDialog
from stellary_tui.screens.documents import DocumentsScreen, Listing
from stellary_tui.widgets.document_tree import DocumentTree
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.teammates import demo_teammate

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


def add_document(db: Database, actor: Principal, workspace_id: str, title: str, **fields: object) -> str:
    with db.session(write=True) as session:
        view = documents.create_document(
            session, actor=actor, workspace_id=workspace_id, data=DocumentCreateIn.model_validate({"title": title, **fields})
        )
        return view.document.id


def stored(db: Database, title: str) -> Document | None:
    with db.session() as session:
        found = session.scalar(select(Document).where(Document.title == title))
        if found is not None:
            session.expunge(found)
        return found


def tree_lines(app: StellaryApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, DocumentsScreen)
    tree = screen.document_tree
    nodes = [tree.get_node_at_line(n) for n in range(tree.last_line + 1)]
    return [node.label.plain for node in nodes if node is not None]


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    for _ in range(60):
        await settle(pilot, rounds=1)
        if condition():
            return
        await pilot.pause(0.05)


@pytest.fixture
def handbook(demo: Demo) -> Demo:
    """The demo profile's workspace with a handbook, its onboarding page below it, and a project spec."""
    db, me, workspace_id, project_id = demo
    parent = add_document(db, me, workspace_id, "Handbook", contentMarkdown="# How we work\n\nSmall **steps**.\n")
    add_document(db, me, workspace_id, "Onboarding", docType="note", parentId=parent, contentMarkdown="Welcome aboard")
    add_document(db, me, workspace_id, "API design", docType="spec", contextType="project", contextId=project_id)
    return demo


async def open_documents(pilot: Pilot[None]) -> DocumentsScreen:
    await settle(pilot)
    await pilot.press("D")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DocumentsScreen)
    return screen


async def test_the_tree_shows_documents_by_context_with_type_and_status_and_the_preview_the_first(handbook: Demo) -> None:
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        lines = tree_lines(app)
        assert lines == [
            "Workspace · Personal  (2)",
            "Handbook  document [draft]",
            "Onboarding  note [draft]",
            "Project · Demo Project  (1)",
            "API design  spec [draft]",
        ]
        assert screen.shown is not None and screen.shown.title == "Handbook"
        assert "Small **steps**" in screen.query_one("#document-preview", Markdown).source


async def test_the_tree_measures_each_line_as_wide_as_it_draws_it(handbook: Demo) -> None:
    """The tree's width comes from ``get_label_width``, which no longer draws the label: it must agree."""
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        tree = app.screen.query_one(DocumentTree)
        nodes = [tree.get_node_at_line(line) for line in range(tree.last_line + 1)]
        tree.root.children[0].collapse()  # a collapsed branch draws its other icon
        await settle(pilot)
        assert len(nodes) == 5
        for node in nodes:
            assert node is not None
            assert tree.get_label_width(node) == tree.render_label(node, Style(), Style()).cell_len


async def test_the_screen_opens_with_its_documents_drawn_in_its_first_frame(
    handbook: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The list and the first document are read before the screen opens: an empty frame first, then the data,
    # cost a second full paint of the screen (bench/screens_open.py: ~190 -> ~100 ms at 500 documents).
    first_lines: list[tuple[bool, str]] = []
    render_line = DocumentTree.render_line

    def recorded(tree: DocumentTree, y: int) -> Strip:
        if not first_lines:
            preview = tree.screen.query_one("#document-preview", Markdown)
            first_lines.append((bool(tree.root.children), preview.source))
        return render_line(tree, y)

    monkeypatch.setattr(DocumentTree, "render_line", recorded)
    # Nor is the preview blanked then read again when the tree's default line is highlighted before its cursor is placed.
    previews: list[str | None] = []
    show = DocumentsScreen._show

    def shown(screen: DocumentsScreen, document: DocumentOut | None) -> None:
        previews.append(document.title if document is not None else None)
        show(screen, document)

    monkeypatch.setattr(DocumentsScreen, "_show", shown)
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        assert first_lines and first_lines[0][0], "the tree was drawn empty first"
        assert "Small **steps**" in first_lines[0][1], "the preview was composed empty"
        assert previews == ["Handbook"]


async def test_the_list_comes_with_the_document_the_cursor_lands_on(handbook: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    # One read, not two: waiting for the tree's refresh to read the preview's document cost ~100 ms
    # an open (bench/screens_open.py).
    shown_with_the_list: list[str | None] = []
    listed = DocumentsScreen._show_listing

    def listed_and_shown(screen: DocumentsScreen, listing: Listing) -> None:
        listed(screen, listing)
        shown_with_the_list.append(screen.shown.title if screen.shown is not None else None)

    monkeypatch.setattr(DocumentsScreen, "_show_listing", listed_and_shown)
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        assert shown_with_the_list == ["Handbook"]
        await pilot.press("down")  # Onboarding; a reload keeps the cursor there and brings it along
        await wait_for(pilot, lambda: screen.shown is not None and screen.shown.title == "Onboarding")
        screen.reload()
        await wait_for(pilot, lambda: len(shown_with_the_list) == 2)
        assert shown_with_the_list[-1] == "Onboarding"


async def test_d_without_a_project_says_why(db: Database, frozen: object) -> None:
    from stellary_core.services import accounts

    with db.session(write=True) as session:
        accounts.create_local_user(session, name="Nobody Yet")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert not isinstance(app.screen, DocumentsScreen)


async def test_n_creates_a_document_in_the_highlighted_context(handbook: Demo) -> None:
    db = handbook[0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        await pilot.press("end")  # API design, in the project's branch
        await settle(pilot)
        await pilot.press("n", *"Release plan", "enter")
        await settle(pilot)
        created = stored(db, "Release plan")
        assert created is not None and created.context_type == "project" and created.context_id == handbook[3]
        assert screen.document_tree.current_document_id == created.id


async def test_e_edits_the_content_and_ctrl_s_saves_it(handbook: Demo) -> None:
    db = handbook[0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert screen.editor.has_focus
        await pilot.press("down", "down", "end", *" Then bigger ones.", "ctrl+s")
        await settle(pilot)
        assert screen.editing is None
        document = stored(db, "Handbook")
        assert document is not None and document.content_markdown.rstrip().endswith("Small **steps**. Then bigger ones.")


async def test_escape_with_unsaved_edits_asks_before_throwing_them_away(handbook: Demo) -> None:
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        await pilot.press("e", *"Draft words", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert app.screen is screen and screen.editing is not None and "Draft words" in screen.editor.text
        await pilot.press("escape", "y")
        await settle(pilot)
        assert screen.editing is None
        assert stored(handbook[0], "Handbook").content_markdown.startswith("# How we work")  # type: ignore[union-attr]


def fake_editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR that runs ``body`` on the file it is given ($1)."""
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


async def test_ctrl_e_edits_in_the_editor_named_by_editor_then_ctrl_s_saves(
    handbook: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, 'printf "\\nWritten in vi.\\n" >> "$1"'))
    db = handbook[0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert screen.editing is not None and screen.editor.text.endswith("Written in vi.\n")
        assert stored(db, "Handbook").content_markdown.startswith("# How we work\n\nSmall **steps**.\n")  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Written in vi." in stored(db, "Handbook").content_markdown  # type: ignore[union-attr]


async def test_an_editor_that_fails_changes_nothing_and_says_so(
    handbook: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, 'echo broken > "$1"; exit 3'))
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert screen.editing is None
        assert any("exited with status 3" in n.message for n in app._notifications)


async def test_r_renames_and_m_moves_under_another_document(handbook: Demo) -> None:
    db = handbook[0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        await pilot.press("end", "r", *[ "backspace"] * 20, *"REST API", "enter")
        await settle(pilot)
        assert stored(db, "REST API") is not None
        await pilot.press("m")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ChoiceDialog)
        # Handbook and Onboarding: the document itself is not offered (nor, being top level, "top level")
        assert [label for _id, label in picker.choices] == ["Handbook", "Onboarding"]
        await pilot.press("enter")
        await settle(pilot)
        moved, handbook_doc = stored(db, "REST API"), stored(db, "Handbook")
        assert moved is not None and handbook_doc is not None and moved.parent_id == handbook_doc.id


async def test_a_document_cannot_be_moved_under_its_own_descendants(handbook: Demo) -> None:
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        await pilot.press("m")  # Handbook, whose child is Onboarding
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ChoiceDialog)
        assert [label for _id, label in picker.choices] == ["API design"]


async def test_d_deletes_after_confirmation_and_the_children_move_up(handbook: Demo) -> None:
    db = handbook[0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "1 sub-document" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert stored(db, "Handbook") is not None
        await pilot.press("d", "y")
        await settle(pilot)
        assert stored(db, "Handbook") is None
        assert stored(db, "Onboarding").parent_id is None  # type: ignore[union-attr]
        assert "Onboarding  note [draft]" in tree_lines(app)


async def test_s_submits_and_the_author_is_told_someone_else_reviews(handbook: Demo) -> None:
    db = handbook[0]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert stored(db, "Handbook").status == "pending_review"  # type: ignore[union-attr]
        assert "Handbook  document [in review]" in tree_lines(app)
        await pilot.press("s")
        await settle(pilot)
        assert any("only a draft" in n.message for n in app._notifications)
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewDialog)
        assert any("You wrote this document" in n.message for n in app._notifications)


async def test_v_asks_for_changes_with_notes_and_the_history_shows_them(demo: Demo) -> None:
    db, _me, workspace_id, _project_id = demo
    ada = demo_teammate(db, "ada")
    add_document(db, ada, workspace_id, "Ada's brief", docType="brief", contentMarkdown="A brief")
    with db.session(write=True) as session:
        brief = session.scalar(select(Document.id).where(Document.title == "Ada's brief"))
        assert brief is not None
        documents.submit_for_review(session, actor=ada, workspace_id=workspace_id, document_id=brief)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        await pilot.press("down", "space", "tab", *"Name the owner", "ctrl+s")
        await settle(pilot)
        assert stored(db, "Ada's brief").status == "changes_requested"  # type: ignore[union-attr]
        with db.session() as session:
            last = session.scalars(select(DocumentHistoryEntry).order_by(DocumentHistoryEntry.created_at)).all()[-1]
            assert (last.action, last.notes) == ("changes_requested", "Name the owner")
        history = str(screen.query_one("#document-history").render())
        assert "changes requested by Demo User: Name the owner" in history


async def test_the_search_box_narrows_the_tree_to_matching_documents(handbook: Demo) -> None:
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        await pilot.press("slash", *"aboard", "enter")
        await settle(pilot)
        # The child matched, its parent did not: the child is shown at the top of its context.
        assert tree_lines(app) == ["Workspace · Personal  (1)", "Onboarding  note [draft]"]
        assert screen.document_tree.has_focus
        assert screen.shown is not None and screen.shown.title == "Onboarding"


async def test_documents_changed_by_someone_else_or_another_process_show_up(demo: Demo) -> None:
    db, _me, workspace_id, _project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        add_document(db, demo_teammate(db, "ada"), workspace_id, "Written by Ada")
        await wait_for(pilot, lambda: "Written by Ada  document [draft]" in tree_lines(app))
        assert "Written by Ada  document [draft]" in tree_lines(app)
        other = open_database(db.settings, migrate=False)  # the watcher cannot tell what another process changed
        try:
            add_document(other, demo_teammate(other, "grace"), workspace_id, "Written elsewhere")
        finally:
            other.dispose()
        await wait_for(pilot, lambda: "Written elsewhere  document [draft]" in tree_lines(app))
        assert "Written elsewhere  document [draft]" in tree_lines(app)


async def test_the_editor_is_markdown_and_the_palette_opens_the_screen(handbook: Demo) -> None:
    app = make_app(handbook[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Documents")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        # Made on the first edit, not with the screen (it cost the first paint ~10 ms).
        assert not screen.query("#document-editor")
        await pilot.press("e")
        await settle(pilot)
        editor = screen.query_one("#document-editor", TextArea)
        assert editor.language == "markdown"
        assert app.focused is editor
