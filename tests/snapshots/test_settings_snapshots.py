"""Snapshots of the project settings and their dialogs at 160x50, 100x30 and 80x24 (demo data, frozen time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import BoardColumn
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.services import custom_fields, seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after, after_each, after_steps
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (fixture)

SIZES = [pytest.param(SIZE, id="160x50"), pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
FIELDS = (
    ("Estimate", "number", None),
    ("Team", "select", ["web", "api", "mobile"]),
    ("Areas", "multi-select", ["billing", "search", "onboarding", "notifications"]),
    ("Review on", "date", None),
    ("Customer facing", "boolean", None),
    ("Notes", "text", None),
)


@pytest.fixture
def settings_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    """The demo project with its four labels, a field of each type, and a WIP limit on one column."""
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=40, with_labels=True)
        for name, kind, options in FIELDS:
            data = CustomFieldCreateIn.model_validate({"name": name, "type": kind, "options": options})
            custom_fields.create_custom_field(
                session, actor=actor, workspace_id=project.workspace_id, project_id=project.id, data=data
            )
        columns = session.scalars(select(BoardColumn).where(BoardColumn.project_id == project.id).order_by(BoardColumn.order)).all()
        columns[2].wip_limit = 3
        session.commit()
    return make_app(db)


@pytest.mark.parametrize("size", SIZES)
def test_settings_labels(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(settings_app, terminal_size=size, run_before=after_each("comma", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_settings_custom_fields(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("2",)))


@pytest.mark.parametrize("size", SIZES)
def test_settings_columns(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("3",)))


@pytest.mark.parametrize("size", SIZES)
def test_settings_label_refused(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    """A new label whose name is taken: the form stays, with the reason and what was typed."""
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("n", *"Bug", "enter")))


@pytest.mark.parametrize("size", SIZES)
def test_settings_new_field(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    typed = ("n", *"Priority", "tab", "down", "down", "tab", *"Low, High")
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("2",), typed))


@pytest.mark.parametrize("size", SIZES)
def test_settings_field_options(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("2",), ("down", "down", "o")))


@pytest.mark.parametrize("size", SIZES)
def test_settings_field_type(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("2",), ("t",)))


@pytest.mark.parametrize("size", SIZES)
def test_settings_column_category(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("3",), ("enter",)))


@pytest.mark.parametrize("size", SIZES)
def test_settings_wip_limit_refused(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(settings_app, terminal_size=size, run_before=after_steps(("comma",), ("3",), ("w", *"lots", "enter")))


@pytest.mark.parametrize("size", [SIZES[0], SIZES[2]])
def test_card_editor_labels_ticked(snap_compare: Any, settings_app: StellaryApp, size: tuple[int, int]) -> None:
    """Entering the labels tab puts the cursor in the list; ticked labels show ✓."""
    keys = ("enter", "ctrl+t", "ctrl+t", "down", "space", "down")
    assert snap_compare(settings_app, terminal_size=size, run_before=after(*keys))
