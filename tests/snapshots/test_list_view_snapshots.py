"""Snapshots of the list view at 160x50 and 100x30 (demo data, frozen time): plain, grouped, selected, empty."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, navigation, projects
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (fixture)

SIZES = [pytest.param(SIZE, id="160x50"), pytest.param((100, 30), id="100x30")]


@pytest.fixture
def empty_scope_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Empty")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = navigation.navigation_tree(session, actor=actor)[0].workspaces[0].id
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Nothing yet"))
    return make_app(db)


@pytest.mark.parametrize("size", SIZES)
def test_list(snap_compare: Any, demo_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=after("2", "down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_list_sorted_by_due_date_reversed(snap_compare: Any, demo_app: StellaryApp, size: tuple[int, int]) -> None:
    keys = ["o"] * 7 + ["O", "home"]  # board order → key → title → column → status → priority → assignee → due
    assert snap_compare(demo_app, terminal_size=size, run_before=after("2", *keys))


@pytest.mark.parametrize("size", SIZES)
def test_list_grouped_by_priority(snap_compare: Any, demo_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=after("2", "b", "b", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_list_with_a_selection(snap_compare: Any, demo_app: StellaryApp, size: tuple[int, int]) -> None:
    keys = ["space", "down", "down", "space", "down", "space", "down"]
    assert snap_compare(demo_app, terminal_size=size, run_before=after("2", *keys))


@pytest.mark.parametrize("size", SIZES)
def test_list_empty_scope(snap_compare: Any, empty_scope_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(empty_scope_app, terminal_size=size, run_before=after("2"))


def test_list_editing_a_title(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("2", "down", "e", "end", *" (v2)"))


def test_list_bulk_archive_confirmation(snap_compare: Any, demo_app: StellaryApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("2", "v", "a"))
