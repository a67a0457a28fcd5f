"""Projects of a workspace: create, list, get, update, delete, portfolio and templates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.ids import is_id
from stellary_core.models import BoardColumn, Card, Scope
from tests.api.sharing import join_workspace
from tests.conftest import ApiUser

OTHER_ID = "665f1a2b3c4d5e6f7a8b9c0d"


def projects_path(user: ApiUser) -> str:
    return f"{user.ws_path}/projects"


def card(user: ApiUser, project: dict, column_index: int = 0, **fields: Any) -> dict[str, Any]:
    column = project["columns"][column_index]["id"]
    response = user.post(f"{project['path']}/columns/{column}/cards", json={"title": "A card", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


# -- create -----------------------------------------------------------------------------------


def test_create_returns_the_reference_shape(alice: ApiUser) -> None:
    clock.freeze(datetime(2026, 3, 10, 10, 0))
    response = alice.post(projects_path(alice), json={"name": "Q1 Launch"})
    assert response.status_code == 201
    body = response.json()
    workspace = alice.get(alice.ws_path).json()
    assert is_id(body["id"])
    assert {k: body[k] for k in ("name", "workspaceId", "createdAt")} == {
        "name": "Q1 Launch",
        "workspaceId": workspace["id"],
        "createdAt": "2026-03-10T10:00:00Z",
    }
    assert body["keyPrefix"] == "QL"
    assert body["createdBy"] == alice.id
    assert is_id(body["defaultScopeId"])


def test_a_new_project_gets_the_three_default_columns(alice: ApiUser, project: dict) -> None:
    columns = project["columns"]
    assert [(c["name"], c["order"], c["category"]) for c in columns] == [
        ("To Do", 0, "todo"),
        ("In Progress", 1, "in_progress"),
        ("Done", 2, "done"),
    ]
    assert all(c["projectId"] == project["id"] and c["scopeId"] == project["defaultScopeId"] for c in columns)
    assert alice.get(f"{project['path']}/cards").json() == []


def test_create_with_a_description(alice: ApiUser) -> None:
    response = alice.post(projects_path(alice), json={"name": "Docs", "description": "All the docs"})
    assert response.json()["description"] == "All the docs"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"name": "Ok", "description": "d" * 5001}, "description"),
        ({"name": "Ok", "templateId": "no-such-template"}, "templateId"),
        ({"name": "Ok", "id": OTHER_ID}, "id"),
        ({"name": "Ok", "workspaceId": OTHER_ID}, "workspaceId"),
        ({"name": "Ok", "createdAt": "2026-03-10T10:00:00Z"}, "createdAt"),
        ({"name": "Ok", "keyPrefix": "OK"}, "keyPrefix"),
        ({"name": "Ok", "createdBy": OTHER_ID}, "createdBy"),
        ({"name": 5}, "name"),
    ],
)
def test_create_validation(alice: ApiUser, body: dict, field: str) -> None:
    response = alice.post(projects_path(alice), json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert alice.get(projects_path(alice)).json() == []


def test_any_workspace_member_creates_projects(alice: ApiUser, bob: ApiUser) -> None:
    join_workspace(alice, bob)
    response = bob.post(projects_path(alice), json={"name": "Bob's"})
    assert response.status_code == 201
    assert response.json()["createdBy"] == bob.id


# -- list and get --------------------------------------------------------------------------------


def test_list_returns_the_workspaces_projects_oldest_first(alice: ApiUser) -> None:
    for name in ("First", "Second", "Third"):
        alice.post(projects_path(alice), json={"name": name})
    listed = alice.get(projects_path(alice))
    assert listed.status_code == 200
    assert [p["name"] for p in listed.json()] == ["First", "Second", "Third"]


def test_list_is_per_workspace(alice: ApiUser, project: dict) -> None:
    alice.post(f"/orgs/{alice.org_slug}/workspaces", json={"name": "Side", "slug": "side"})
    assert alice.get(f"/orgs/{alice.org_slug}/workspaces/side/projects").json() == []


def test_get_returns_the_project(alice: ApiUser, project: dict) -> None:
    response = alice.get(project["path"])
    assert response.status_code == 200
    body = response.json()
    assert body == {k: v for k, v in project.items() if k not in ("columns", "path")}


@pytest.mark.parametrize("project_id", [OTHER_ID, "not-an-id", "665F1A2B3C4D5E6F7A8B9C0D", "665f1a2b3c4d5e6f7a8b9c0"])
def test_unknown_or_malformed_project_id_is_a_404(alice: ApiUser, project: dict, project_id: str) -> None:
    for suffix in ("", "/columns", "/cards"):
        response = alice.get(f"{projects_path(alice)}/{project_id}{suffix}")
        assert response.status_code == 404, suffix


def test_a_project_is_reached_only_through_its_workspace(alice: ApiUser, project: dict) -> None:
    alice.post(f"/orgs/{alice.org_slug}/workspaces", json={"name": "Side", "slug": "side"})
    assert alice.get(f"/orgs/{alice.org_slug}/workspaces/side/projects/{project['id']}").status_code == 404


# -- update ----------------------------------------------------------------------------------------


def test_update_renames(alice: ApiUser, project: dict) -> None:
    response = alice.patch(project["path"], json={"name": "Q1 Launch v2"})
    assert response.status_code == 200
    assert response.json()["name"] == "Q1 Launch v2"
    assert alice.get(project["path"]).json()["name"] == "Q1 Launch v2"


def test_update_sets_and_clears_the_description(alice: ApiUser, project: dict) -> None:
    assert alice.patch(project["path"], json={"description": "Goals"}).json()["description"] == "Goals"
    cleared = alice.patch(project["path"], json={"description": None})
    assert cleared.json()["description"] is None
    assert cleared.json()["name"] == "Q1 Launch"


def test_renaming_keeps_the_card_key_prefix(alice: ApiUser, project: dict) -> None:
    alice.patch(project["path"], json={"name": "Something Else Entirely"})
    assert card(alice, project)["key"] == "QL-1"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"description": "d" * 5001}, "description"),
        ({"templateId": "scrum"}, "templateId"),
        ({"workspaceId": OTHER_ID}, "workspaceId"),
        ({"id": OTHER_ID}, "id"),
        ({"createdAt": "2026-03-10T10:00:00Z"}, "createdAt"),
        ({"keyPrefix": "XX"}, "keyPrefix"),
    ],
)
def test_update_validation(alice: ApiUser, project: dict, body: dict, field: str) -> None:
    response = alice.patch(project["path"], json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert alice.get(project["path"]).json()["name"] == "Q1 Launch"


def test_a_workspace_member_updates(alice: ApiUser, bob: ApiUser, project: dict) -> None:
    join_workspace(alice, bob)
    assert bob.patch(project["path"], json={"name": "Bob was here"}).status_code == 200


# -- delete ------------------------------------------------------------------------------------------


def test_delete_removes_the_project_and_everything_in_it(alice: ApiUser, project: dict, db: Database) -> None:
    card(alice, project)
    response = alice.delete(project["path"])
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert alice.get(project["path"]).status_code == 404
    assert alice.get(projects_path(alice)).json() == []
    with db.session() as session:
        for model in (BoardColumn, Card, Scope):
            count = session.scalar(select(func.count()).select_from(model).where(model.project_id == project["id"]))
            assert count == 0, model.__name__


def test_deleting_twice_is_a_404(alice: ApiUser, project: dict) -> None:
    alice.delete(project["path"])
    assert alice.delete(project["path"]).status_code == 404


def test_a_workspace_member_deletes(alice: ApiUser, bob: ApiUser, project: dict) -> None:
    join_workspace(alice, bob)
    assert bob.delete(project["path"]).status_code == 200


# -- portfolio ---------------------------------------------------------------------------------------


def test_portfolio_summarises_every_project(alice: ApiUser, project: dict) -> None:
    clock.freeze(datetime(2026, 3, 10, 12, 0))
    card(alice, project, 0, dueDate="2026-03-01")  # overdue
    card(alice, project, 0, dueDate="2026-04-01")
    card(alice, project, 1)
    card(alice, project, 2, dueDate="2026-03-01")  # done: never overdue
    archived = card(alice, project, 0)
    alice.patch(f"{project['path']}/cards/{archived['id']}", json={"archived": True})
    empty = alice.post(projects_path(alice), json={"name": "Empty"}).json()
    clock.freeze(datetime(2026, 3, 10, 12, 5))

    response = alice.get(f"{projects_path(alice)}/portfolio")
    assert response.status_code == 200
    entries = {e["id"]: e for e in response.json()}
    assert set(entries) == {project["id"], empty["id"]}
    first, second = entries[project["id"]], entries[empty["id"]]
    assert {k: v for k, v in first.items() if k != "byColumn"} == {
        "id": project["id"],
        "name": "Q1 Launch",
        "cardCount": 4,
        "openCount": 3,
        "doneCount": 1,
        "overdueCount": 1,
        "completion": 25,
        "lastActivityAt": "2026-03-10T12:00:00Z",
    }
    assert [(c["name"], c["count"]) for c in first["byColumn"]] == [("To Do", 2), ("In Progress", 1), ("Done", 1)]
    assert [c["columnId"] for c in first["byColumn"]] == [c["id"] for c in project["columns"]]
    assert (second["id"], second["cardCount"], second["completion"]) == (empty["id"], 0, 0)


def test_portfolio_of_an_empty_workspace_is_an_empty_list(alice: ApiUser) -> None:
    response = alice.get(f"{projects_path(alice)}/portfolio")
    assert response.status_code == 200
    assert response.json() == []


# -- templates ---------------------------------------------------------------------------------------


def test_templates_are_listed(alice: ApiUser) -> None:
    response = alice.get(f"{projects_path(alice)}/templates")
    assert response.status_code == 200
    templates = {t["id"]: t for t in response.json()}
    assert {"basic-kanban", "scrum", "bug-tracking", "product-launch", "content-calendar"} <= set(templates)
    for template in templates.values():
        assert template["name"] and template["description"]
        assert template["columns"], template["id"]
        assert all(c["category"] in (None, "todo", "in_progress", "done") for c in template["columns"])
        assert all(0 <= s["columnIndex"] < len(template["columns"]) for s in template["sampleCards"])


def test_creating_from_each_template_builds_its_columns_and_sample_cards(alice: ApiUser) -> None:
    for template in alice.get(f"{projects_path(alice)}/templates").json():
        created = alice.post(projects_path(alice), json={"name": f"From {template['name']}", "templateId": template["id"]})
        assert created.status_code == 201, template["id"]
        path = f"{projects_path(alice)}/{created.json()['id']}"
        columns = alice.get(f"{path}/columns").json()
        assert [(c["name"], c["category"]) for c in columns] == [(c["name"], c["category"]) for c in template["columns"]]
        cards = alice.get(f"{path}/cards").json()
        expected = sorted((columns[s["columnIndex"]]["id"], s["title"]) for s in template["sampleCards"])
        assert sorted((c["columnId"], c["title"]) for c in cards) == expected


# -- another organization's user, and no token ---------------------------------------------------------


def _routes(alice: ApiUser, project: dict) -> list[tuple[str, str, dict | None]]:
    base = projects_path(alice)
    return [
        ("GET", base, None),
        ("POST", base, {"name": "Mallory's"}),
        ("GET", f"{base}/portfolio", None),
        ("GET", f"{base}/templates", None),
        ("GET", project["path"], None),
        ("PATCH", project["path"], {"name": "Pwned"}),
        ("DELETE", project["path"], None),
    ]


def test_mallory_gets_404_and_no_data_on_every_project_route(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    card(alice, project, title="Secret plan")
    for method, path, body in _routes(alice, project):
        response = mallory.client.request(method, path, headers=mallory.headers, json=body)
        assert response.status_code == 404, (method, path)
        assert "Q1 Launch" not in response.text and "Secret plan" not in response.text
        assert project["id"] not in response.text
    assert alice.get(project["path"]).json()["name"] == "Q1 Launch"
    assert len(alice.get(projects_path(alice)).json()) == 1


def test_mallorys_own_project_id_in_alices_path_is_a_404(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    theirs = mallory.post(projects_path(mallory), json={"name": "Mallory's"}).json()
    assert alice.get(f"{projects_path(alice)}/{theirs['id']}").status_code == 404
    assert mallory.get(f"{projects_path(mallory)}/{project['id']}").status_code == 404


def test_an_org_member_outside_the_workspace_gets_404(alice: ApiUser, bob: ApiUser, project: dict) -> None:
    alice.post(f"/organizations/{alice.org_slug}/members", json={"email": bob.email, "role": "member"})
    for method, path, body in _routes(alice, project):
        response = bob.client.request(method, path, headers=bob.headers, json=body)
        assert response.status_code == 404, (method, path)


def test_project_routes_need_a_token(client: TestClient, alice: ApiUser, project: dict) -> None:
    for method, path, body in _routes(alice, project):
        assert client.request(method, path, json=body).status_code == 401, (method, path)


def test_portfolio_last_activity_falls_back_to_the_project_update(alice: ApiUser) -> None:
    clock.freeze(datetime(2026, 3, 1, 9, 0))
    alice.post(projects_path(alice), json={"name": "Quiet"})
    clock.freeze(datetime(2026, 3, 1, 9, 0) + timedelta(days=3))
    entry = alice.get(f"{projects_path(alice)}/portfolio").json()[0]
    assert entry["lastActivityAt"] == "2026-03-01T09:00:00Z"
