"""Snapshots of the collaboration screens: notifications, members, API tokens and the token shown once (160x50, frozen time)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import count
from typing import Any

import pytest

from stellary_core.clock import utcnow
from stellary_core.db import Database
from stellary_core.schemas.api_tokens import ApiTokenCreateIn
from stellary_core.schemas.organizations import InviteIn
from stellary_core.services import accounts, api_tokens, notifications, seeding, workspaces
from stellary_core.services.accounts import TokenUse
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import after, after_steps
from tests.tui.conftest import (
    FROZEN_NOW,
    SIZE,
    frozen,  # noqa: F401  (fixture)
    make_app,
)
from tests.tui.teammates import teammates_at_work


@pytest.fixture
def fixed_secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Token secrets are random by design; a snapshot needs the same ones every run."""
    numbers = count(1)
    monkeypatch.setattr(api_tokens, "new_secret", lambda: f"synth_{next(numbers):02d}" + "Xy7" * 12 + "Qz")
    yield


@pytest.fixture
def collab_app(db: Database, frozen: datetime, fixed_secrets: None) -> StellaryApp:  # noqa: F811
    """The demo profile after teammates worked on the demo project (one notification already read),
    with a pending invitation and two API tokens."""
    with db.session(write=True) as session:
        me, project = seeding.create_demo_profile(session, cards=40)
        workspace_id, project_id = project.workspace_id, project.id
    teammates_at_work(db, me, workspace_id, project_id, at=FROZEN_NOW)
    with db.session(write=True) as session:
        oldest = notifications.list_notifications(session, actor=me)[-1]
        notifications.mark_read(session, actor=me, notification_id=oldest.notification.id)
        workspaces.invite(session, actor=me, workspace_id=workspace_id, data=InviteIn(email="carol@example.com", role="member"))
        api_tokens.create_token(
            session,
            actor=me,
            data=ApiTokenCreateIn.model_validate({"name": "CI pipeline", "scopes": ["projects:read", "projects:write"], "expiresAt": "2027-06-30"}),
        )
        used = api_tokens.create_token(session, actor=me, data=ApiTokenCreateIn(name="Laptop scripts"))
        accounts.record_token_uses(session, [TokenUse(used.token.id, utcnow())])
        session.commit()
    return make_app(db)


def test_notifications_panel(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=SIZE, run_before=after("N"))


def test_notifications_panel_unread_only(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=SIZE, run_before=after_steps(("N",), ("u",)))


def test_members_screen(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=SIZE, run_before=after("M"))


def test_members_screen_workspace_tab(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=SIZE, run_before=after_steps(("M",), ("2",)))


def test_tokens_screen(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=SIZE, run_before=after("T"))


def test_token_create_form(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=SIZE, run_before=after_steps(("T",), ("n", *"Deploy bot")))


def test_token_shown_once(snap_compare: Any, collab_app: StellaryApp) -> None:
    assert snap_compare(collab_app, terminal_size=SIZE, run_before=after_steps(("T",), ("n", *"Deploy bot", "enter")))
