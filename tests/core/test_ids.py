"""Ids: the reference's shape, creation time first, and creation order kept when the clock is frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace

import pytest

from stellary_core import clock, ids
from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_core.schemas.auth import RegisterIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects, workspaces


def _set_time(monkeypatch: pytest.MonkeyPatch, now: Callable[[], float]) -> None:
    """Give the ids module its own system clock, starting from a clean slate."""
    monkeypatch.setattr(ids, "time", SimpleNamespace(time=now))
    monkeypatch.setattr(ids, "_last", (0, 0))


def test_ids_have_the_reference_shape() -> None:
    made = [ids.new_id() for _ in range(1000)]
    assert all(ids.is_id(value) for value in made)
    assert len(set(made)) == 1000


@pytest.mark.parametrize(
    "value",
    ["665f1a2b3c4d5e6f7a8b9c0d", "665F1A2B3C4D5E6F7A8B9C0D", "665f1a2b3c4d5e6f7a8b9c0", "665f1a2b3c4d5e6f7a8b9c0dd", "zz5f1a2b3c4d5e6f7a8b9c0d", 12, None],
)
def test_is_id(value: object) -> None:
    assert ids.is_id(value) is (value == "665f1a2b3c4d5e6f7a8b9c0d")


def test_ids_start_with_their_creation_time(monkeypatch: pytest.MonkeyPatch) -> None:
    _set_time(monkeypatch, lambda: 1_768_473_000.7)
    assert int(ids.new_id()[:8], 16) == 1_768_473_000


def test_ids_of_one_second_still_increase(monkeypatch: pytest.MonkeyPatch) -> None:
    _set_time(monkeypatch, lambda: 1_768_473_000.0)
    made = [ids.new_id() for _ in range(500)]
    assert made == sorted(made)
    assert len(set(made)) == 500
    assert {value[:8] for value in made} == {f"{1_768_473_000:08x}"}


def test_ids_increase_even_if_the_system_clock_steps_back(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_768_473_100.0]
    _set_time(monkeypatch, lambda: now[0])
    before = ids.new_id()
    now[0] -= 3600
    after = ids.new_id()
    assert after > before


def test_a_full_second_rolls_over_to_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    _set_time(monkeypatch, lambda: 1_768_473_000.0)
    monkeypatch.setattr(ids, "_last", (1_768_473_000, (1 << 64) - 1))
    rolled = ids.new_id()
    assert ids.is_id(rolled)
    assert int(rolled[:8], 16) == 1_768_473_001


def test_lists_keep_creation_order_under_a_frozen_clock(db: Database) -> None:
    clock.freeze(datetime(2026, 1, 15, 10, 30))
    with db.session(write=True) as session:
        user = accounts.register(session, data=RegisterIn(email="frozen@example.com", password="secure-pass-123")).user
    actor = Principal(user_id=user.id, kind="jwt")
    with db.session() as session:
        workspace_id = workspaces.list_my_workspaces(session, actor=actor)[0][1].workspace.id
    names = [f"Project {i}" for i in range(8)]
    for name in names:
        with db.session(write=True) as session:
            projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name=name))
    with db.session() as session:
        listed = projects.list_projects(session, actor=actor, workspace_id=workspace_id)
    assert {v.project.created_at for v in listed} == {datetime(2026, 1, 15, 10, 30)}
    assert [v.project.name for v in listed] == names
