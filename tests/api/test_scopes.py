"""Scopes of a project (``P/scopes``), and the project-level board routes acting on one scope."""

from __future__ import annotations

from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.models import Attachment
from stellary_core.services import files
from tests.conftest import ApiUser

Project = dict[str, Any]


def new_scope(user: ApiUser, project: Project, name: str = "Phase 2", **fields: Any) -> dict[str, Any]:
    created = user.post(f"{project['path']}/scopes", json={"name": name, **fields})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def add_card(user: ApiUser, project: Project, column_id: str, title: str, **fields: Any) -> dict[str, Any]:
    created = user.post(f"{project['path']}/columns/{column_id}/cards", json={"title": title, **fields})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


# -- create ---------------------------------------------------------------


def test_project_starts_with_its_default_scope(alice: ApiUser, project: Project) -> None:
    listed = alice.get(f"{project['path']}/scopes")
    assert listed.status_code == 200
    [main] = listed.json()
    assert main["id"] == project["defaultScopeId"]
    assert main["name"] == "Main"
    assert main["isDefault"] is True
    assert main["order"] == 0
    assert main["activeView"] == "kanban"
    assert main["columnCount"] == 3
    assert main["cardCount"] == 0
    assert main["projectId"] == project["id"]


def test_create_scope_gets_the_default_columns(alice: ApiUser, project: Project) -> None:
    created = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2", "description": "After launch"})
    assert created.status_code == 201
    scope = created.json()
    assert scope["name"] == "Phase 2"
    assert scope["description"] == "After launch"
    assert scope["isDefault"] is False
    assert scope["order"] == 1
    assert scope["activeView"] == "kanban"
    assert scope["availableViews"] == ["kanban", "list", "calendar", "roadmap", "stats"]
    assert [(c["name"], c["category"], c["order"]) for c in scope["columns"]] == [
        ("To Do", "todo", 0),
        ("In Progress", "in_progress", 1),
        ("Done", "done", 2),
    ]
    assert all(c["scopeId"] == scope["id"] for c in scope["columns"])
    # Its columns are its own, not the default scope's.
    assert {c["id"] for c in scope["columns"]}.isdisjoint({c["id"] for c in project["columns"]})
    assert scope["columnCount"] == 3 and scope["cardCount"] == 0
    assert scope["createdAt"].endswith("Z")


def test_create_scope_from_a_template(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project, "Sprint 1", templateId="scrum")
    assert [c["name"] for c in scope["columns"]] == ["Backlog", "Sprint", "In Progress", "Review", "Done"]
    assert scope["cardCount"] == 3
    cards = alice.get(f"{project['path']}/cards", params={"scopeId": scope["id"]}).json()
    assert {c["title"] for c in cards} == {"Sprint planning", "Groom the backlog", "Sprint retrospective"}
    assert all(c["scopeId"] == scope["id"] for c in cards)


def test_create_scope_with_an_unknown_template_is_a_400(alice: ApiUser, project: Project) -> None:
    response = alice.post(f"{project['path']}/scopes", json={"name": "X", "templateId": "nope"})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "templateId"
    assert len(alice.get(f"{project['path']}/scopes").json()) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "X", "isDefault": True}, "isDefault"),
        ({"name": "X", "id": "665f1a2b3c4d5e6f7a8b9c0d"}, "id"),
        ({"name": "X", "settings": [1]}, "settings"),
    ],
)
def test_create_scope_validates_the_body(alice: ApiUser, project: Project, body: dict[str, Any], field: str) -> None:
    response = alice.post(f"{project['path']}/scopes", json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == field


def test_scope_names_are_unique_in_a_project_any_case(alice: ApiUser, project: Project) -> None:
    new_scope(alice, project, "Phase 2")
    assert alice.post(f"{project['path']}/scopes", json={"name": "phase 2"}).status_code == 409
    assert alice.post(f"{project['path']}/scopes", json={"name": "MAIN"}).status_code == 409
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    assert alice.post(f"{alice.ws_path}/projects/{other['id']}/scopes", json={"name": "Phase 2"}).status_code == 201


# -- list and get -----------------------------------------------------------


def test_list_scopes_in_order_with_counts(alice: ApiUser, project: Project) -> None:
    second = new_scope(alice, project, "Phase 2")
    third = new_scope(alice, project, "Phase 3")
    column = second["columns"][0]["id"]
    add_card(alice, project, column, "One")
    archived = add_card(alice, project, column, "Two")
    alice.patch(f"{project['path']}/cards/{archived['id']}", json={"archived": True})
    alice.post(f"{project['path']}/columns", json={"name": "Review", "scopeId": third["id"]})
    listed = alice.get(f"{project['path']}/scopes").json()
    assert [(s["name"], s["order"], s["cardCount"], s["columnCount"]) for s in listed] == [
        ("Main", 0, 0, 3),
        ("Phase 2", 1, 1, 3),
        ("Phase 3", 2, 0, 4),
    ]
    assert [s["isDefault"] for s in listed] == [True, False, False]
    assert "columns" not in listed[0]


def test_get_scope_with_columns_and_view_configuration(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project, "Phase 2", settings={"listSort": "due"})
    add_card(alice, project, scope["columns"][1]["id"], "Doing")
    got = alice.get(f"{project['path']}/scopes/{scope['id']}")
    assert got.status_code == 200
    body = got.json()
    assert [c["name"] for c in body["columns"]] == ["To Do", "In Progress", "Done"]
    assert body["activeView"] == "kanban"
    assert body["availableViews"] == ["kanban", "list", "calendar", "roadmap", "stats"]
    assert body["settings"] == {"listSort": "due"}
    assert body["cardCount"] == 1


def test_get_default_scope_shows_the_project_columns(alice: ApiUser, project: Project) -> None:
    body = alice.get(f"{project['path']}/scopes/{project['defaultScopeId']}").json()
    assert [c["id"] for c in body["columns"]] == [c["id"] for c in project["columns"]]


def test_unknown_malformed_or_foreign_scope_is_a_404(alice: ApiUser, project: Project) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    for scope_id in ("665f1a2b3c4d5e6f7a8b9c0d", "not-an-id", other["defaultScopeId"]):
        response = alice.get(f"{project['path']}/scopes/{scope_id}")
        assert response.status_code == 404
        assert response.json()["message"] == "Scope not found"


# -- update -------------------------------------------------------------------


def test_update_name_and_description(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project)
    updated = alice.patch(f"{project['path']}/scopes/{scope['id']}", json={"name": "Launch", "description": "Go"})
    assert updated.status_code == 200
    assert updated.json()["name"] == "Launch" and updated.json()["description"] == "Go"
    assert updated.json()["columns"]
    cleared = alice.patch(f"{project['path']}/scopes/{scope['id']}", json={"description": None}).json()
    assert cleared["description"] is None and cleared["name"] == "Launch"


def test_update_rejects_null_name_and_a_taken_name(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project)
    path = f"{project['path']}/scopes/{scope['id']}"
    assert alice.patch(path, json={"name": None}).status_code == 400
    assert alice.patch(path, json={"name": "main"}).status_code == 409
    assert alice.patch(path, json={"name": "PHASE 2"}).status_code == 200  # its own name, new case
    assert alice.patch(path, json={"isDefault": True}).status_code == 400


def test_update_settings_merges_and_null_removes_a_key(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project, settings={"a": 1, "b": {"x": True}})
    path = f"{project['path']}/scopes/{scope['id']}"
    merged = alice.patch(path, json={"settings": {"b": None, "c": "three"}}).json()
    assert merged["settings"] == {"a": 1, "c": "three"}
    assert alice.get(path).json()["settings"] == {"a": 1, "c": "three"}
    assert alice.patch(path, json={"settings": None}).status_code == 400
    too_big = alice.patch(path, json={"settings": {"big": "x" * 10_001}})
    assert too_big.status_code == 400
    assert too_big.json()["details"][0]["field"] == "settings"


def test_update_order_renumbers_the_other_scopes(alice: ApiUser, project: Project) -> None:
    second, third = new_scope(alice, project, "Two"), new_scope(alice, project, "Three")
    moved = alice.patch(f"{project['path']}/scopes/{third['id']}", json={"order": 0})
    assert moved.status_code == 200 and moved.json()["order"] == 0
    assert [s["name"] for s in alice.get(f"{project['path']}/scopes").json()] == ["Three", "Main", "Two"]
    assert [s["order"] for s in alice.get(f"{project['path']}/scopes").json()] == [0, 1, 2]
    alice.patch(f"{project['path']}/scopes/{third['id']}", json={"order": 99})
    listed = alice.get(f"{project['path']}/scopes").json()
    assert [(s["name"], s["order"]) for s in listed] == [("Main", 0), ("Two", 1), ("Three", 2)]
    assert second["id"] == listed[1]["id"]
    assert alice.patch(f"{project['path']}/scopes/{third['id']}", json={"order": -1}).status_code == 400


# -- delete ---------------------------------------------------------------


def test_default_scope_cannot_be_deleted(alice: ApiUser, project: Project) -> None:
    response = alice.delete(f"{project['path']}/scopes/{project['defaultScopeId']}")
    assert response.status_code == 409
    assert response.json()["error"] == "Conflict"
    assert len(alice.get(f"{project['path']}/scopes").json()) == 1


def test_delete_scope_removes_its_columns_and_cards_and_renumbers(alice: ApiUser, project: Project) -> None:
    doomed, kept = new_scope(alice, project, "Doomed"), new_scope(alice, project, "Kept")
    card = add_card(alice, project, doomed["columns"][0]["id"], "Goes away")
    survivor = add_card(alice, project, project["columns"][0]["id"], "Stays")
    response = alice.delete(f"{project['path']}/scopes/{doomed['id']}")
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert alice.get(f"{project['path']}/scopes/{doomed['id']}").status_code == 404
    assert alice.get(f"{project['path']}/cards/{card['id']}").status_code == 404
    assert alice.get(f"{project['path']}/cards/{survivor['id']}").status_code == 200
    column_path = f"{project['path']}/columns/{doomed['columns'][0]['id']}"
    assert alice.patch(column_path, json={"name": "x"}).status_code == 404
    listed = alice.get(f"{project['path']}/scopes").json()
    assert [(s["id"], s["order"]) for s in listed] == [(project["defaultScopeId"], 0), (kept["id"], 1)]
    assert alice.delete(f"{project['path']}/scopes/{doomed['id']}").status_code == 404


def test_delete_scope_removes_its_cards_attachment_files(db: Database, alice: ApiUser, project: Project) -> None:
    doomed = new_scope(alice, project, "Doomed")
    doomed_card = add_card(alice, project, doomed["columns"][0]["id"], "With a file")
    other_card = add_card(alice, project, project["columns"][0]["id"], "Also with a file")
    paths = {}
    with db.session(write=True) as session:
        for card in (doomed_card, other_card):
            row = Attachment(card_id=card["id"], uploaded_by=alice.id, original_name="a.txt", mime_type="text/plain",
                             size=5, sha256="0" * 64)
            session.add(row)
            session.flush()
            path = files.attachment_path(db.settings, row.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"hello")
            paths[card["id"]] = path
        session.commit()
    assert alice.delete(f"{project['path']}/scopes/{doomed['id']}").status_code == 200
    assert not paths[doomed_card["id"]].exists()
    assert paths[other_card["id"]].exists()


# -- project-level board routes and scopeId -------------------------------


def test_columns_act_on_the_default_scope_unless_scope_id_is_given(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project)
    default_columns = alice.get(f"{project['path']}/columns").json()
    assert [c["id"] for c in default_columns] == [c["id"] for c in project["columns"]]
    scoped = alice.get(f"{project['path']}/columns", params={"scopeId": scope["id"]}).json()
    assert [c["id"] for c in scoped] == [c["id"] for c in scope["columns"]]
    in_scope = alice.post(f"{project['path']}/columns", json={"name": "Review", "scopeId": scope["id"]})
    assert in_scope.status_code == 201 and in_scope.json()["scopeId"] == scope["id"]
    in_default = alice.post(f"{project['path']}/columns", json={"name": "Blocked"})
    assert in_default.json()["scopeId"] == project["defaultScopeId"]
    assert [c["name"] for c in alice.get(f"{project['path']}/columns").json()][-1] == "Blocked"
    assert [c["name"] for c in alice.get(f"{project['path']}/columns", params={"scopeId": scope["id"]}).json()][-1] == "Review"


def test_cards_act_on_the_default_scope_unless_scope_id_is_given(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project)
    main_card = add_card(alice, project, project["columns"][0]["id"], "Main card")
    scoped_card = add_card(alice, project, scope["columns"][0]["id"], "Scoped card", scopeId=scope["id"])
    assert scoped_card["scopeId"] == scope["id"]
    assert [c["id"] for c in alice.get(f"{project['path']}/cards").json()] == [main_card["id"]]
    listed = alice.get(f"{project['path']}/cards", params={"scopeId": scope["id"]}).json()
    assert [c["id"] for c in listed] == [scoped_card["id"]]
    # A body scopeId must match the column's scope.
    mismatch = alice.post(
        f"{project['path']}/columns/{scope['columns'][0]['id']}/cards", json={"title": "x", "scopeId": project["defaultScopeId"]}
    )
    assert mismatch.status_code == 400
    assert mismatch.json()["details"][0]["field"] == "scopeId"


def test_a_card_moved_to_another_scopes_column_changes_scope(alice: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project)
    card = add_card(alice, project, project["columns"][0]["id"], "Travels")
    moved = alice.patch(f"{project['path']}/cards/{card['id']}", json={"columnId": scope["columns"][2]["id"]})
    assert moved.status_code == 200
    assert moved.json()["scopeId"] == scope["id"]
    assert [s["cardCount"] for s in alice.get(f"{project['path']}/scopes").json()] == [0, 1]


def test_scope_id_of_another_project_is_rejected(alice: ApiUser, project: Project) -> None:
    """In a query it is a 404 (not visible here); in a body a 400 naming it (ids in bodies are 400s)."""
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    foreign = other["defaultScopeId"]
    assert alice.get(f"{project['path']}/columns", params={"scopeId": foreign}).status_code == 404
    assert alice.get(f"{project['path']}/cards", params={"scopeId": foreign}).status_code == 404
    for scope_id in (foreign, "bad"):
        response = alice.post(f"{project['path']}/columns", json={"name": "X", "scopeId": scope_id})
        assert response.status_code == 400
        assert response.json()["details"][0]["field"] == "scopeId"


# -- other tenants ----------------------------------------------------------


def test_other_tenant_gets_404_on_every_scope_route(alice: ApiUser, mallory: ApiUser, project: Project) -> None:
    scope = new_scope(alice, project)
    s = f"{project['path']}/scopes"
    one = f"{s}/{scope['id']}"
    calls = [
        mallory.get(s),
        mallory.post(s, json={"name": "Mine"}),
        mallory.get(one),
        mallory.patch(one, json={"name": "Mine"}),
        mallory.delete(one),
        # Through mallory's own workspace, with alice's ids.
        mallory.get(f"{mallory.ws_path}/projects/{project['id']}/scopes"),
        mallory.get(f"{mallory.ws_path}/projects/{project['id']}/scopes/{scope['id']}"),
    ]
    for response in calls:
        assert response.status_code == 404
        assert "Phase 2" not in response.text
    assert alice.get(one).json()["name"] == "Phase 2"
    assert len(alice.get(s).json()) == 2


def test_a_scope_of_an_own_project_cannot_be_reached_through_another_project(
    alice: ApiUser, mallory: ApiUser, project: Project
) -> None:
    scope = new_scope(alice, project)
    mine = mallory.post(f"{mallory.ws_path}/projects", json={"name": "Mine"}).json()
    path = f"{mallory.ws_path}/projects/{mine['id']}/scopes/{scope['id']}"
    assert mallory.get(path).status_code == 404
    assert mallory.patch(path, json={"name": "Stolen"}).status_code == 404
    assert mallory.delete(path).status_code == 404
    assert alice.get(f"{project['path']}/scopes/{scope['id']}").json()["name"] == "Phase 2"
