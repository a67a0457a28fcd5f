"""Snapshots of the Documents screen and its dialogs at 160x50, 100x30 and 80x24 (frozen time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after, after_steps
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (frozen: fixture)
from tests.tui.teammates import documents_at_work

NARROW = (80, 24)


@pytest.fixture
def documents_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    """The demo workspace's documents (teammates.documents_at_work): a handbook and its page, an approved ADR, a brief in review."""
    with db.session(write=True) as session:
        me, project = seeding.create_demo_profile(session, cards=12)
        workspace_id, project_id = project.workspace_id, project.id
    documents_at_work(db, me, workspace_id, project_id)
    return make_app(db)


@pytest.mark.parametrize("size", [SIZE, SMALL, NARROW], ids=["160x50", "100x30", "80x24"])
def test_documents_screen(snap_compare: Any, documents_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(documents_app, terminal_size=size, run_before=after("D"))


@pytest.mark.parametrize("size", [SIZE, SMALL, NARROW], ids=["160x50", "100x30", "80x24"])
def test_new_document_dialog(snap_compare: Any, documents_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(documents_app, terminal_size=size, run_before=after_steps(("D",), ("n", *"Release notes")))


@pytest.mark.parametrize("size", [SIZE, SMALL, NARROW], ids=["160x50", "100x30", "80x24"])
def test_review_dialog(snap_compare: Any, documents_app: StellaryApp, size: tuple[int, int]) -> None:
    # Down to Ada's brief, waiting for review (the last row), then v.
    assert snap_compare(documents_app, terminal_size=size, run_before=after_steps(("D",), ("end", "v", "down", "tab", *"Name an owner")))


def test_document_editor(snap_compare: Any, documents_app: StellaryApp) -> None:
    assert snap_compare(documents_app, terminal_size=SIZE, run_before=after_steps(("D",), ("e",)))


def test_document_history_after_review(snap_compare: Any, documents_app: StellaryApp) -> None:
    # The approved ADR, with its review history under the preview.
    assert snap_compare(documents_app, terminal_size=SIZE, run_before=after_steps(("D",), ("end", "up")))
