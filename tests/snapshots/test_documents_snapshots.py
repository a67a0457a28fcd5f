"""Snapshots of the Documents screen and its dialogs at 160x50, 100x30 and 80x24 (frozen time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.schemas.documents import DocumentCreateIn, DocumentReviewIn
from stellary_core.services import documents, seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (frozen: fixture)
from tests.tui.teammates import demo_teammate

NARROW = (80, 24)
HANDBOOK = """# How we work

Small, reviewed **steps**; every change has an owner.

## Rituals

- [x] Weekly review on Mondays
- [ ] Retro every second Friday

> Decisions are written down, or they did not happen.
"""


@pytest.fixture
def documents_app(db: Database, frozen: datetime) -> StellaryApp:
    """The demo profile's workspace: a handbook with a page below it, an approved ADR, and Ada's brief waiting for review."""
    with db.session(write=True) as session:
        me, project = seeding.create_demo_profile(session, cards=12)
        ws, project_id = project.workspace_id, project.id
    ada = demo_teammate(db, "ada")
    with db.session(write=True) as session:

        def add(actor: Any, title: str, **fields: Any) -> str:
            data = DocumentCreateIn.model_validate({"title": title, **fields})
            return documents.create_document(session, actor=actor, workspace_id=ws, data=data).document.id

        handbook = add(me, "Team handbook", contentMarkdown=HANDBOOK)
        add(me, "Onboarding checklist", docType="note", parentId=handbook, contentMarkdown="Welcome aboard.")
        adr = add(ada, "ADR 1: SQLite first", docType="adr", contextType="project", contextId=project_id, contentMarkdown="We start on SQLite.")
        brief = add(ada, "Q1 launch brief", docType="brief", contextType="project", contextId=project_id, contentMarkdown="Launch in March.")
        for pending in (adr, brief):
            documents.submit_for_review(session, actor=ada, workspace_id=ws, document_id=pending)
        # The owner is an admin of the workspace: they review what Ada wrote.
        verdict = DocumentReviewIn(status="approved", notes="Agreed: revisit at 10k cards")
        documents.review_document(session, actor=me, workspace_id=ws, document_id=adr, data=verdict)
    return make_app(db)


@pytest.mark.parametrize("size", [SIZE, SMALL, NARROW], ids=["160x50", "100x30", "80x24"])
def test_documents_screen(snap_compare: Any, documents_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(documents_app, terminal_size=size, run_before=after("D"))


@pytest.mark.parametrize("size", [SIZE, SMALL, NARROW], ids=["160x50", "100x30", "80x24"])
def test_new_document_dialog(snap_compare: Any, documents_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(documents_app, terminal_size=size, run_before=after("D", "n", *"Release notes"))


@pytest.mark.parametrize("size", [SIZE, SMALL, NARROW], ids=["160x50", "100x30", "80x24"])
def test_review_dialog(snap_compare: Any, documents_app: StellaryApp, size: tuple[int, int]) -> None:
    # Down to Ada's brief, waiting for review (the last row), then v.
    assert snap_compare(documents_app, terminal_size=size, run_before=after("D", "end", "v", "down", "tab", *"Name an owner"))


def test_document_editor(snap_compare: Any, documents_app: StellaryApp) -> None:
    assert snap_compare(documents_app, terminal_size=SIZE, run_before=after("D", "e"))


def test_document_history_after_review(snap_compare: Any, documents_app: StellaryApp) -> None:
    # The approved ADR, with its review history under the preview.
    assert snap_compare(documents_app, terminal_size=SIZE, run_before=after("D", "end", "up"))
