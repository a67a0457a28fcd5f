"""Columns of a project: list, create, update (rename, reorder), delete (with moveCardsTo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stellary_core import clock
from stellary_core.ids import is_id
from tests.api.sharing import join_workspace
from tests.conftest import ApiUser

OTHER_ID = "665f1a2b3c4d5e6f7a8b9c0d"


def columns_of(user: ApiUser, project: dict) -> list[dict[str, Any]]:
    response = user.get(f"{project['path']}/columns")
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def names(user: ApiUser, project: dict) -> list[tuple[str, int]]:
    return [(c["name"], c["order"]) for c in columns_of(user, project)]


def add_card(user: ApiUser, project: dict, column_id: str, title: str = "Card") -> dict[str, Any]:
    response = user.post(f"{project['path']}/columns/{column_id}/cards", json={"title": title})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


# -- list ------------------------------------------------------------------------------------


def test_list_returns_the_reference_shape_in_order(alice: ApiUser, project: dict) -> None:
    columns = columns_of(alice, project)
    assert [(c["name"], c["order"]) for c in columns] == [("To Do", 0), ("In Progress", 1), ("Done", 2)]
    first = columns[0]
    assert is_id(first["id"])
    assert first["projectId"] == project["id"]
    assert first["createdAt"].endswith("Z")
    assert {"id", "name", "projectId", "order", "createdAt"} <= set(first)


def test_list_of_an_unknown_scope_is_a_404(alice: ApiUser, project: dict) -> None:
    assert alice.get(f"{project['path']}/columns", params={"scopeId": OTHER_ID}).status_code == 404
    assert alice.get(f"{project['path']}/columns", params={"scopeId": "nope"}).status_code == 404


# -- create ----------------------------------------------------------------------------------


def test_create_appends_a_column(alice: ApiUser, project: dict) -> None:
    clock.freeze(datetime(2026, 1, 15, 10, 30))
    response = alice.post(f"{project['path']}/columns", json={"name": "In Review"})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["order"], body["projectId"]) == ("In Review", 3, project["id"])
    assert (body["category"], body["wipLimit"], body["createdAt"]) == (None, None, "2026-01-15T10:30:00Z")
    assert names(alice, project)[-1] == ("In Review", 3)


def test_create_at_a_position_renumbers_the_others(alice: ApiUser, project: dict) -> None:
    response = alice.post(f"{project['path']}/columns", json={"name": "Review", "order": 1, "category": "in_progress", "wipLimit": 3})
    assert response.status_code == 201
    assert (response.json()["category"], response.json()["wipLimit"]) == ("in_progress", 3)
    assert names(alice, project) == [("To Do", 0), ("Review", 1), ("In Progress", 2), ("Done", 3)]


def test_create_past_the_end_appends(alice: ApiUser, project: dict) -> None:
    alice.post(f"{project['path']}/columns", json={"name": "Later", "order": 99})
    assert names(alice, project)[-1] == ("Later", 3)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"name": "X", "order": -1}, "order"),
        ({"name": "X", "order": "first"}, "order"),
        ({"name": "X", "order": "1"}, "order"),
        ({"name": "X", "category": "blocked"}, "category"),
        ({"name": "X", "wipLimit": 0}, "wipLimit"),
        ({"name": "X", "wipLimit": "5"}, "wipLimit"),
        ({"name": "X", "wipLimit": True}, "wipLimit"),
        ({"name": "X", "scopeId": "not-an-id"}, "scopeId"),
        ({"name": "X", "scopeId": OTHER_ID}, "scopeId"),
        ({"name": "X", "id": OTHER_ID}, "id"),
        ({"name": "X", "projectId": OTHER_ID}, "projectId"),
        ({"name": "X", "createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
    ],
)
def test_create_validation(alice: ApiUser, project: dict, body: dict, field: str) -> None:
    response = alice.post(f"{project['path']}/columns", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert len(columns_of(alice, project)) == 3


def test_a_scope_of_another_project_is_refused(alice: ApiUser, project: dict) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    response = alice.post(f"{project['path']}/columns", json={"name": "X", "scopeId": other["defaultScopeId"]})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "scopeId"


@pytest.mark.parametrize("name", ["Done", "done", "  DONE  "])
def test_a_second_column_of_the_same_name_in_a_scope_is_a_409(alice: ApiUser, project: dict, name: str) -> None:
    response = alice.post(f"{project['path']}/columns", json={"name": name})
    assert response.status_code == 409
    assert response.json() == {
        "statusCode": 409,
        "message": "A column named 'Done' already exists in this scope",
        "error": "Conflict",
    }
    assert len(columns_of(alice, project)) == 3


def test_another_scope_may_reuse_a_column_name(alice: ApiUser, project: dict) -> None:
    scope = alice.post(f"{project['path']}/scopes", json={"name": "Sprint"}).json()
    response = alice.post(f"{project['path']}/columns", json={"name": "Done", "scopeId": scope["id"]})
    assert response.status_code == 409  # the new scope got the default columns, Done among them
    assert alice.post(f"{project['path']}/columns", json={"name": "QA", "scopeId": scope["id"]}).status_code == 201
    assert alice.post(f"{project['path']}/columns", json={"name": "QA"}).status_code == 201


def test_a_workspace_member_creates_columns(alice: ApiUser, bob: ApiUser, project: dict) -> None:
    join_workspace(alice, bob)
    assert bob.post(f"{project['path']}/columns", json={"name": "Bob's"}).status_code == 201


# -- update ----------------------------------------------------------------------------------


def test_update_renames(alice: ApiUser, project: dict) -> None:
    column = project["columns"][1]
    response = alice.patch(f"{project['path']}/columns/{column['id']}", json={"name": "Code Review"})
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["order"]) == ("Code Review", 1)


def test_renaming_onto_another_columns_name_is_a_409(alice: ApiUser, project: dict) -> None:
    todo, doing, _done = (c["id"] for c in project["columns"])
    response = alice.patch(f"{project['path']}/columns/{doing}", json={"name": " to do"})
    assert response.status_code == 409
    assert response.json()["message"] == "A column named 'To Do' already exists in this scope"
    assert names(alice, project) == [("To Do", 0), ("In Progress", 1), ("Done", 2)]
    # A column may change the case of its own name.
    assert alice.patch(f"{project['path']}/columns/{todo}", json={"name": "TO DO"}).json()["name"] == "TO DO"


@pytest.mark.parametrize(
    ("index", "order", "expected"),
    [
        (0, 2, ["In Progress", "Done", "To Do"]),
        (2, 0, ["Done", "To Do", "In Progress"]),
        (1, 1, ["To Do", "In Progress", "Done"]),
        (0, 50, ["In Progress", "Done", "To Do"]),
    ],
)
def test_update_order_moves_and_renumbers(alice: ApiUser, project: dict, index: int, order: int, expected: list) -> None:
    column = project["columns"][index]
    response = alice.patch(f"{project['path']}/columns/{column['id']}", json={"order": order})
    assert response.status_code == 200
    assert names(alice, project) == [(name, i) for i, name in enumerate(expected)]


def test_update_sets_and_clears_category_and_wip_limit(alice: ApiUser, project: dict) -> None:
    path = f"{project['path']}/columns/{project['columns'][0]['id']}"
    set_ = alice.patch(path, json={"category": "in_progress", "wipLimit": 5}).json()
    assert (set_["category"], set_["wipLimit"]) == ("in_progress", 5)
    cleared = alice.patch(path, json={"category": None, "wipLimit": None}).json()
    assert (cleared["category"], cleared["wipLimit"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"order": None}, "order"),
        ({"order": -2}, "order"),
        ({"category": "nope"}, "category"),
        ({"wipLimit": -1}, "wipLimit"),
        ({"projectId": OTHER_ID}, "projectId"),
        ({"id": OTHER_ID}, "id"),
        ({"createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
    ],
)
def test_update_validation(alice: ApiUser, project: dict, body: dict, field: str) -> None:
    response = alice.patch(f"{project['path']}/columns/{project['columns'][0]['id']}", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert names(alice, project) == [("To Do", 0), ("In Progress", 1), ("Done", 2)]


@pytest.mark.parametrize("column_id", [OTHER_ID, "not-an-id"])
def test_update_of_an_unknown_column_is_a_404(alice: ApiUser, project: dict, column_id: str) -> None:
    assert alice.patch(f"{project['path']}/columns/{column_id}", json={"name": "X"}).status_code == 404


def test_a_column_of_another_project_is_a_404(alice: ApiUser, project: dict) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    foreign = alice.get(f"{alice.ws_path}/projects/{other['id']}/columns").json()[0]["id"]
    assert alice.patch(f"{project['path']}/columns/{foreign}", json={"name": "X"}).status_code == 404
    assert alice.delete(f"{project['path']}/columns/{foreign}").status_code == 404


# -- delete ----------------------------------------------------------------------------------


def test_delete_an_empty_column_renumbers_the_rest(alice: ApiUser, project: dict) -> None:
    response = alice.delete(f"{project['path']}/columns/{project['columns'][0]['id']}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert names(alice, project) == [("In Progress", 0), ("Done", 1)]


def test_delete_a_column_holding_cards_is_a_409(alice: ApiUser, project: dict) -> None:
    todo = project["columns"][0]["id"]
    add_card(alice, project, todo)
    response = alice.delete(f"{project['path']}/columns/{todo}")
    assert response.status_code == 409
    assert "moveCardsTo" in response.json()["message"]
    assert len(columns_of(alice, project)) == 3


def test_archived_cards_count_as_held(alice: ApiUser, project: dict) -> None:
    todo = project["columns"][0]["id"]
    card = add_card(alice, project, todo)
    alice.patch(f"{project['path']}/cards/{card['id']}", json={"archived": True})
    assert alice.delete(f"{project['path']}/columns/{todo}").status_code == 409


def test_delete_with_move_cards_to_moves_them_after_the_targets_cards(alice: ApiUser, project: dict) -> None:
    todo, _doing, done = (c["id"] for c in project["columns"])
    add_card(alice, project, done, "Already done")
    add_card(alice, project, todo, "First")
    add_card(alice, project, todo, "Second")
    response = alice.delete(f"{project['path']}/columns/{todo}", params={"moveCardsTo": done})
    assert response.status_code == 200
    cards = alice.get(f"{project['path']}/cards").json()
    assert [(c["title"], c["columnId"], c["order"], c["status"]) for c in cards] == [
        ("Already done", done, 0, "done"),
        ("First", done, 1, "done"),
        ("Second", done, 2, "done"),
    ]
    assert names(alice, project) == [("In Progress", 0), ("Done", 1)]


@pytest.mark.parametrize("empty", [False, True], ids=["holding-cards", "empty"])
@pytest.mark.parametrize("target", ["self", "not-an-id", OTHER_ID, "other-project"])
def test_move_cards_to_must_be_another_column_of_the_project(alice: ApiUser, project: dict, target: str, empty: bool) -> None:
    todo = project["columns"][0]["id"]
    if not empty:
        add_card(alice, project, todo)
    if target == "self":
        target = todo
    elif target == "other-project":
        other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
        target = alice.get(f"{alice.ws_path}/projects/{other['id']}/columns").json()[0]["id"]
    response = alice.delete(f"{project['path']}/columns/{todo}", params={"moveCardsTo": target})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "moveCardsTo"
    assert len(alice.get(f"{project['path']}/cards").json()) == (0 if empty else 1)
    assert len(columns_of(alice, project)) == 3


@pytest.mark.parametrize("column_id", [OTHER_ID, "not-an-id"])
def test_delete_of_an_unknown_column_is_a_404(alice: ApiUser, project: dict, column_id: str) -> None:
    assert alice.delete(f"{project['path']}/columns/{column_id}").status_code == 404


# -- another organization's user, and no token -------------------------------------------------


def _routes(project: dict) -> list[tuple[str, str, dict | None]]:
    column = project["columns"][0]["id"]
    return [
        ("GET", f"{project['path']}/columns", None),
        ("POST", f"{project['path']}/columns", {"name": "Mallory"}),
        ("PATCH", f"{project['path']}/columns/{column}", {"name": "Pwned"}),
        ("DELETE", f"{project['path']}/columns/{column}", None),
    ]


def test_mallory_gets_404_and_no_data_on_every_column_route(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    for method, path, body in _routes(project):
        response = mallory.client.request(method, path, headers=mallory.headers, json=body)
        assert response.status_code == 404, (method, path)
        assert "To Do" not in response.text and project["columns"][0]["id"] not in response.text
    assert names(alice, project) == [("To Do", 0), ("In Progress", 1), ("Done", 2)]


def test_mallory_cannot_use_her_own_workspace_path_to_reach_alices_columns(
    alice: ApiUser, mallory: ApiUser, project: dict
) -> None:
    path = f"{mallory.ws_path}/projects/{project['id']}/columns"
    assert mallory.get(path).status_code == 404
    assert mallory.post(path, json={"name": "Sneaky"}).status_code == 404


def test_column_routes_need_a_token(client: TestClient, project: dict) -> None:
    for method, path, body in _routes(project):
        assert client.request(method, path, json=body).status_code == 401, (method, path)
