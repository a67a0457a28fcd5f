"""Scope views (``P/scopes/:scopeId/views``): the five views and the one each scope remembers."""

from __future__ import annotations

from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.errors import Invalid
from stellary_core.services import scopes
from tests.conftest import ApiUser

Project = dict[str, Any]
VIEWS = ["kanban", "list", "calendar", "roadmap", "stats"]


def views_path(project: Project, scope_id: str | None = None) -> str:
    return f"{project['path']}/scopes/{scope_id or project['defaultScopeId']}/views"


def test_views_list_the_five_and_the_active_one(alice: ApiUser, project: Project) -> None:
    response = alice.get(views_path(project))
    assert response.status_code == 200
    assert response.json() == {"available": VIEWS, "activeView": "kanban"}


@pytest.mark.parametrize("view", VIEWS)
def test_switch_the_active_view(alice: ApiUser, project: Project, view: str) -> None:
    switched = alice.patch(views_path(project), json={"activeView": view})
    assert switched.status_code == 200
    assert switched.json() == {"available": VIEWS, "activeView": view}
    assert alice.get(views_path(project)).json()["activeView"] == view
    assert alice.get(f"{project['path']}/scopes/{project['defaultScopeId']}").json()["activeView"] == view


def test_the_active_view_is_remembered_per_scope(alice: ApiUser, project: Project) -> None:
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    alice.patch(views_path(project, other["id"]), json={"activeView": "roadmap"})
    alice.patch(views_path(project), json={"activeView": "list"})
    listed = alice.get(f"{project['path']}/scopes").json()
    assert [(s["name"], s["activeView"]) for s in listed] == [("Main", "list"), ("Phase 2", "roadmap")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"activeView": "gantt"}, "activeView"),
        ({"activeView": "Kanban"}, "activeView"),
        ({"activeView": None}, "activeView"),
        ({}, "activeView"),
        ({"activeView": "list", "extra": 1}, "extra"),
    ],
)
def test_bad_view_is_a_400(alice: ApiUser, project: Project, body: dict[str, Any], field: str) -> None:
    response = alice.patch(views_path(project), json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == field
    assert alice.get(views_path(project)).json()["activeView"] == "kanban"


def test_service_rejects_an_unknown_view(db: Database, alice: ApiUser, project: Project) -> None:
    """The TUI calls the service directly, without the request model: the rule lives there too."""
    workspace_id = alice.get(alice.ws_path).json()["id"]
    with db.session(write=True) as session, pytest.raises(Invalid) as caught:
        scopes.set_active_view(
            session,
            actor=alice.principal,
            workspace_id=workspace_id,
            project_id=project["id"],
            scope_id=project["defaultScopeId"],
            view="gantt",
        )
    assert caught.value.details[0].field == "activeView"


def test_views_of_a_missing_scope_are_a_404(alice: ApiUser, project: Project) -> None:
    for scope_id in ("665f1a2b3c4d5e6f7a8b9c0d", "nope"):
        assert alice.get(views_path(project, scope_id)).status_code == 404
        assert alice.patch(views_path(project, scope_id), json={"activeView": "list"}).status_code == 404


def test_other_tenant_gets_404_on_the_views(alice: ApiUser, mallory: ApiUser, project: Project) -> None:
    assert mallory.get(views_path(project)).status_code == 404
    assert mallory.patch(views_path(project), json={"activeView": "stats"}).status_code == 404
    through_own = f"{mallory.ws_path}/projects/{project['id']}/scopes/{project['defaultScopeId']}/views"
    assert mallory.get(through_own).status_code == 404
    assert mallory.patch(through_own, json={"activeView": "stats"}).status_code == 404
    assert alice.get(views_path(project)).json()["activeView"] == "kanban"
