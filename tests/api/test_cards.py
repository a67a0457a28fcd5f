"""Cards of a project: list, create, get, update (edit, move, archive), delete."""

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


def create(user: ApiUser, project: dict, column_index: int = 0, **fields: Any) -> Any:
    column = project["columns"][column_index]["id"]
    return user.post(f"{project['path']}/columns/{column}/cards", json={"title": "A card", **fields})


def made(user: ApiUser, project: dict, column_index: int = 0, **fields: Any) -> dict[str, Any]:
    response = create(user, project, column_index, **fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def listed(user: ApiUser, project: dict, **params: Any) -> list[dict[str, Any]]:
    response = user.get(f"{project['path']}/cards", params=params)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def layout(user: ApiUser, project: dict) -> list[tuple[str, int, str]]:
    """(title, order, column name) of every active card."""
    column_names = {c["id"]: c["name"] for c in project["columns"]}
    return [(c["title"], c["order"], column_names[c["columnId"]]) for c in listed(user, project)]


def patch(user: ApiUser, project: dict, card: dict, **fields: Any) -> Any:
    return user.patch(f"{project['path']}/cards/{card['id']}", json=fields)


# -- create ------------------------------------------------------------------------------------


def test_create_with_the_reference_example(alice: ApiUser, project: dict) -> None:
    clock.freeze(datetime(2026, 3, 10, 10, 0))
    response = create(
        alice,
        project,
        title="Implement billing API",
        description="See spec in docs",
        priority="high",
        dueDate="2026-04-01",
        assigneeId=alice.id,
        checklist=[{"title": "Setup routes", "done": False, "order": 0}],
    )
    assert response.status_code == 201
    card = response.json()
    assert is_id(card["id"])
    item = card["checklist"][0]
    assert is_id(item["_id"])
    assert {k: v for k, v in card.items() if k not in ("id", "checklist")} == {
        "key": "QL-1",
        "title": "Implement billing API",
        "description": "See spec in docs",
        "projectId": project["id"],
        "scopeId": project["defaultScopeId"],
        "columnId": project["columns"][0]["id"],
        "order": 0,
        "archived": False,
        "priority": "high",
        "status": "todo",
        "startDate": None,
        "dueDate": "2026-04-01T00:00:00Z",
        "assigneeId": alice.id,
        "checklistProgress": 0,
        "labelIds": [],
        "customFields": {},
        "commentCount": 0,
        "attachmentCount": 0,
        "blockedByCount": 0,
        "blocksCount": 0,
        "recurrence": None,
        "createdBy": alice.id,
        "createdAt": "2026-03-10T10:00:00Z",
        "updatedAt": "2026-03-10T10:00:00Z",
    }
    assert item == {"_id": item["_id"], "title": "Setup routes", "done": False, "order": 0}


def test_create_defaults(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, 1, title="Minimal")
    assert (card["priority"], card["status"], card["order"], card["checklist"]) == ("medium", "in_progress", 0, [])
    assert card["description"] is None and card["dueDate"] is None


def test_cards_append_and_keys_count_up(alice: ApiUser, project: dict) -> None:
    cards = [made(alice, project, title=t) for t in ("One", "Two", "Three")]
    assert [(c["key"], c["order"]) for c in cards] == [("QL-1", 0), ("QL-2", 1), ("QL-3", 2)]


def test_create_at_an_order_inserts(alice: ApiUser, project: dict) -> None:
    made(alice, project, title="One")
    made(alice, project, title="Two")
    made(alice, project, title="Between", order=1)
    made(alice, project, title="Far", order=99)
    assert layout(alice, project) == [("One", 0, "To Do"), ("Between", 1, "To Do"), ("Two", 2, "To Do"), ("Far", 3, "To Do")]


def test_status_can_be_given_at_creation(alice: ApiUser, project: dict) -> None:
    assert made(alice, project, 0, status="done")["status"] == "done"


def test_checklist_progress_is_computed(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, checklist=[{"title": "a", "done": True}, {"title": "b", "done": False}, {"title": "c", "done": True}])
    assert card["checklistProgress"] == 67
    assert [(i["title"], i["order"]) for i in card["checklist"]] == [("a", 0), ("b", 1), ("c", 2)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-04-01", "2026-04-01T00:00:00Z"),
        ("2026-04-01T10:30:00Z", "2026-04-01T10:30:00Z"),
        ("2026-04-01T12:30:00+02:00", "2026-04-01T10:30:00Z"),
        ("2026-04-01T10:30:00.250Z", "2026-04-01T10:30:00.250Z"),
    ],
)
def test_dates_are_read_as_iso_8601_and_sent_back_in_utc(alice: ApiUser, project: dict, value: str, expected: str) -> None:
    assert made(alice, project, dueDate=value)["dueDate"] == expected


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "t" * 501}, "title"),
        ({"title": None}, "title"),
        ({"description": "d" * 5001}, "description"),
        ({"priority": "urgent"}, "priority"),
        ({"status": "blocked"}, "status"),
        ({"dueDate": "garbage"}, "dueDate"),
        ({"dueDate": "2026-13-01"}, "dueDate"),
        ({"dueDate": "01/04/2026"}, "dueDate"),
        ({"dueDate": "0001-01-01T00:00:00+01:00"}, "dueDate"),
        ({"dueDate": "9999-12-31T23:00:00-02:00"}, "dueDate"),
        ({"startDate": 12345}, "startDate"),
        ({"startDate": "2026-04-02", "dueDate": "2026-04-01"}, "dueDate"),
        ({"assigneeId": "not-an-id"}, "assigneeId"),
        ({"assigneeId": OTHER_ID}, "assigneeId"),
        ({"checklist": [{"title": "x"}] * 101}, "checklist"),
        ({"checklist": [{"title": ""}]}, "checklist.0.title"),
        ({"checklist": [{"title": "x", "extra": 1}]}, "checklist.0.extra"),
        ({"checklist": [{"title": "x", "done": "yes"}]}, "checklist.0.done"),
        ({"order": "0"}, "order"),
        ({"order": -1}, "order"),
        ({"scopeId": OTHER_ID}, "scopeId"),
        ({"id": OTHER_ID}, "id"),
        ({"key": "QL-99"}, "key"),
        ({"projectId": OTHER_ID}, "projectId"),
        ({"columnId": OTHER_ID}, "columnId"),
        ({"createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
        ({"createdBy": OTHER_ID}, "createdBy"),
        ({"archived": True}, "archived"),
        ({"commentCount": 3}, "commentCount"),
    ],
)
def test_create_validation(alice: ApiUser, project: dict, fields: dict, field: str) -> None:
    response = create(alice, project, **fields)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert listed(alice, project, archived="true") == []


def test_the_assignee_must_be_a_workspace_member(alice: ApiUser, bob: ApiUser, mallory: ApiUser, project: dict) -> None:
    refused = create(alice, project, assigneeId=mallory.id)
    assert refused.status_code == 400
    assert refused.json()["details"] == [{"field": "assigneeId", "message": "must be a member of the workspace"}]
    join_workspace(alice, bob)
    assert made(alice, project, assigneeId=bob.id)["assigneeId"] == bob.id


@pytest.mark.parametrize("column_id", [OTHER_ID, "not-an-id"])
def test_create_in_an_unknown_column_is_a_404(alice: ApiUser, project: dict, column_id: str) -> None:
    assert alice.post(f"{project['path']}/columns/{column_id}/cards", json={"title": "x"}).status_code == 404


def test_create_in_a_column_of_another_project_is_a_404(alice: ApiUser, project: dict) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    foreign = alice.get(f"{alice.ws_path}/projects/{other['id']}/columns").json()[0]["id"]
    assert alice.post(f"{project['path']}/columns/{foreign}/cards", json={"title": "x"}).status_code == 404


def test_title_limit_is_inclusive(alice: ApiUser, project: dict) -> None:
    assert create(alice, project, title="t" * 500, description="d" * 5000).status_code == 201


# -- list and get -----------------------------------------------------------------------------------


def test_list_is_by_column_then_order(alice: ApiUser, project: dict) -> None:
    made(alice, project, 2, title="Done thing")
    made(alice, project, 0, title="Todo 1")
    made(alice, project, 1, title="Doing")
    made(alice, project, 0, title="Todo 2")
    assert layout(alice, project) == [
        ("Todo 1", 0, "To Do"),
        ("Todo 2", 1, "To Do"),
        ("Doing", 0, "In Progress"),
        ("Done thing", 0, "Done"),
    ]


def test_list_filters_by_column(alice: ApiUser, project: dict) -> None:
    made(alice, project, 0, title="Todo")
    made(alice, project, 1, title="Doing")
    doing = listed(alice, project, columnId=project["columns"][1]["id"])
    assert [c["title"] for c in doing] == ["Doing"]


def test_list_with_a_foreign_column_filter_is_refused(alice: ApiUser, project: dict) -> None:
    response = alice.get(f"{project['path']}/cards", params={"columnId": OTHER_ID})
    assert response.status_code == 400


def test_archived_cards_are_listed_only_on_request(alice: ApiUser, project: dict) -> None:
    kept = made(alice, project, title="Kept")
    gone = made(alice, project, title="Archived")
    patch(alice, project, gone, archived=True)
    assert [c["title"] for c in listed(alice, project)] == ["Kept"]
    everything = listed(alice, project, archived="true")
    assert {c["title"]: c["archived"] for c in everything} == {"Kept": False, "Archived": True}
    assert kept["id"] in {c["id"] for c in everything}


def test_get_one_card(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, title="Single")
    response = alice.get(f"{project['path']}/cards/{card['id']}")
    assert response.status_code == 200
    assert response.json() == card


@pytest.mark.parametrize("card_id", [OTHER_ID, "not-an-id"])
def test_unknown_card_is_a_404_on_every_card_route(alice: ApiUser, project: dict, card_id: str) -> None:
    path = f"{project['path']}/cards/{card_id}"
    assert alice.get(path).status_code == 404
    assert alice.patch(path, json={"title": "x"}).status_code == 404
    assert alice.delete(path).status_code == 404


def test_a_card_of_another_project_is_a_404(alice: ApiUser, project: dict) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    other_column = alice.get(f"{alice.ws_path}/projects/{other['id']}/columns").json()[0]["id"]
    foreign = alice.post(f"{alice.ws_path}/projects/{other['id']}/columns/{other_column}/cards", json={"title": "x"}).json()
    path = f"{project['path']}/cards/{foreign['id']}"
    assert alice.get(path).status_code == 404
    assert alice.patch(path, json={"title": "Moved?"}).status_code == 404
    assert alice.delete(path).status_code == 404


# -- update ------------------------------------------------------------------------------------------


def test_update_with_the_reference_example(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, title="Original", dueDate="2026-04-01")
    target = project["columns"][1]["id"]
    response = patch(
        alice, project, card, title="Updated title", columnId=target, order=2, priority="medium", dueDate=None, archived=True
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["columnId"], body["priority"], body["dueDate"], body["archived"]) == (
        "Updated title",
        target,
        "medium",
        None,
        True,
    )
    assert listed(alice, project) == []


def test_update_only_changes_given_fields(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, title="Keep", description="Keep me", priority="high", dueDate="2026-04-01")
    body = patch(alice, project, card, title="Renamed").json()
    assert (body["description"], body["priority"], body["dueDate"]) == ("Keep me", "high", "2026-04-01T00:00:00Z")


def test_null_clears_nullable_fields(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, description="x", priority="low", dueDate="2026-04-01", startDate="2026-03-01", assigneeId=alice.id)
    body = patch(alice, project, card, description=None, priority=None, dueDate=None, startDate=None, assigneeId=None).json()
    assert (body["description"], body["priority"], body["dueDate"], body["startDate"], body["assigneeId"]) == (None,) * 5


def test_update_moves_the_timestamp(alice: ApiUser, project: dict) -> None:
    clock.freeze(datetime(2026, 3, 10, 10, 0))
    card = made(alice, project)
    clock.freeze(datetime(2026, 3, 11, 9, 0))
    body = patch(alice, project, card, title="Later").json()
    assert (body["createdAt"], body["updatedAt"]) == ("2026-03-10T10:00:00Z", "2026-03-11T09:00:00Z")


def test_moving_to_another_column_renumbers_both_and_follows_the_category(alice: ApiUser, project: dict) -> None:
    a, b, c = (made(alice, project, 0, title=t) for t in ("A", "B", "C"))
    x = made(alice, project, 1, title="X")
    moved = patch(alice, project, b, columnId=project["columns"][1]["id"], order=0).json()
    assert (moved["status"], moved["order"]) == ("in_progress", 0)
    assert layout(alice, project) == [("A", 0, "To Do"), ("C", 1, "To Do"), ("B", 0, "In Progress"), ("X", 1, "In Progress")]
    done = patch(alice, project, a, columnId=project["columns"][2]["id"]).json()
    assert (done["status"], done["order"]) == ("done", 0)
    assert {c["title"] for c in listed(alice, project)} == {"A", "B", "C", "X"}
    del c, x


def test_reordering_within_a_column(alice: ApiUser, project: dict) -> None:
    a, b, c = (made(alice, project, 0, title=t) for t in ("A", "B", "C"))
    patch(alice, project, a, order=2)
    assert layout(alice, project) == [("B", 0, "To Do"), ("C", 1, "To Do"), ("A", 2, "To Do")]
    patch(alice, project, a, order=0)
    assert layout(alice, project) == [("A", 0, "To Do"), ("B", 1, "To Do"), ("C", 2, "To Do")]
    del b, c


def test_status_can_be_set_directly(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, 0)
    body = patch(alice, project, card, status="done").json()
    assert (body["status"], body["columnId"]) == ("done", project["columns"][0]["id"])


def test_archive_closes_the_gap_and_unarchive_appends(alice: ApiUser, project: dict) -> None:
    a, b, c = (made(alice, project, 0, title=t) for t in ("A", "B", "C"))
    patch(alice, project, a, archived=True)
    assert layout(alice, project) == [("B", 0, "To Do"), ("C", 1, "To Do")]
    restored = patch(alice, project, a, archived=False).json()
    assert (restored["archived"], restored["order"]) == (False, 2)
    assert layout(alice, project) == [("B", 0, "To Do"), ("C", 1, "To Do"), ("A", 2, "To Do")]
    del b, c


def test_assignee_changes_are_checked(alice: ApiUser, bob: ApiUser, mallory: ApiUser, project: dict) -> None:
    card = made(alice, project)
    refused = patch(alice, project, card, assigneeId=mallory.id)
    assert refused.status_code == 400
    assert refused.json()["details"][0]["field"] == "assigneeId"
    join_workspace(alice, bob)
    assert patch(alice, project, card, assigneeId=bob.id).json()["assigneeId"] == bob.id


def test_checklist_is_replaced_keeping_ids_that_are_sent_back(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, checklist=[{"title": "a"}, {"title": "b"}])
    first = card["checklist"][0]
    body = patch(alice, project, card, checklist=[{"_id": first["_id"], "title": "a!", "done": True}, {"title": "c"}]).json()
    assert [(i["title"], i["done"], i["order"]) for i in body["checklist"]] == [("a!", True, 0), ("c", False, 1)]
    assert body["checklist"][0]["_id"] == first["_id"]
    assert body["checklistProgress"] == 50


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"title": "t" * 501}, "title"),
        ({"archived": None}, "archived"),
        ({"columnId": None}, "columnId"),
        ({"order": None}, "order"),
        ({"status": None}, "status"),
        ({"status": "blocked"}, "status"),
        ({"priority": "urgent"}, "priority"),
        ({"dueDate": "soon"}, "dueDate"),
        ({"startDate": "2026-05-02", "dueDate": "2026-05-01"}, "dueDate"),
        ({"columnId": "not-an-id"}, "columnId"),
        ({"columnId": OTHER_ID}, "columnId"),
        ({"assigneeId": "nope"}, "assigneeId"),
        ({"order": -1}, "order"),
        # JSON types are not guessed: a string or a float is not an order, a string is not a flag
        ({"order": "1"}, "order"),
        ({"order": 1.5}, "order"),
        ({"archived": "true"}, "archived"),
        ({"archived": 1}, "archived"),
        ({"id": OTHER_ID}, "id"),
        ({"key": "QL-9"}, "key"),
        ({"projectId": OTHER_ID}, "projectId"),
        ({"createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
        ({"updatedAt": "2026-01-15T10:30:00Z"}, "updatedAt"),
        ({"checklistProgress": 100}, "checklistProgress"),
    ],
)
def test_update_validation(alice: ApiUser, project: dict, fields: dict, field: str) -> None:
    card = made(alice, project, title="Stable", dueDate="2026-04-01")
    response = patch(alice, project, card, **fields)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert alice.get(f"{project['path']}/cards/{card['id']}").json() == card


def test_moving_to_a_column_of_another_project_is_a_400(alice: ApiUser, project: dict) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    foreign = alice.get(f"{alice.ws_path}/projects/{other['id']}/columns").json()[0]["id"]
    card = made(alice, project)
    response = patch(alice, project, card, columnId=foreign)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "columnId"


def test_a_dates_change_is_checked_against_the_stored_other_date(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, startDate="2026-04-10")
    assert patch(alice, project, card, dueDate="2026-04-01").status_code == 400
    assert patch(alice, project, card, dueDate="2026-04-10").status_code == 200


# -- delete --------------------------------------------------------------------------------------------


def test_delete_closes_the_gap_and_keys_are_never_reused(alice: ApiUser, project: dict) -> None:
    a, b, c = (made(alice, project, 0, title=t) for t in ("A", "B", "C"))
    response = alice.delete(f"{project['path']}/cards/{c['id']}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    alice.delete(f"{project['path']}/cards/{a['id']}")
    assert layout(alice, project) == [("B", 0, "To Do")]
    assert alice.get(f"{project['path']}/cards/{a['id']}").status_code == 404
    assert made(alice, project, title="D")["key"] == "QL-4"
    del b


def test_an_archived_card_can_be_deleted(alice: ApiUser, project: dict) -> None:
    card = made(alice, project)
    patch(alice, project, card, archived=True)
    assert alice.delete(f"{project['path']}/cards/{card['id']}").status_code == 200
    assert listed(alice, project, archived="true") == []


def test_a_workspace_member_works_on_cards(alice: ApiUser, bob: ApiUser, project: dict) -> None:
    join_workspace(alice, bob)
    card = made(bob, project, title="By Bob")
    assert card["createdBy"] == bob.id
    assert patch(bob, project, card, title="Still Bob").status_code == 200
    assert bob.delete(f"{project['path']}/cards/{card['id']}").status_code == 200


# -- another organization's user, and no token --------------------------------------------------------


def _routes(project: dict, card: dict) -> list[tuple[str, str, dict | None]]:
    column = project["columns"][0]["id"]
    return [
        ("GET", f"{project['path']}/cards", None),
        ("GET", f"{project['path']}/cards?archived=true", None),
        ("POST", f"{project['path']}/columns/{column}/cards", {"title": "Mallory's"}),
        ("GET", f"{project['path']}/cards/{card['id']}", None),
        ("PATCH", f"{project['path']}/cards/{card['id']}", {"title": "Pwned"}),
        ("PATCH", f"{project['path']}/cards/{card['id']}", {"archived": True}),
        ("DELETE", f"{project['path']}/cards/{card['id']}", None),
    ]


def test_mallory_gets_404_and_no_data_on_every_card_route(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    card = made(alice, project, title="Secret plan")
    for method, path, body in _routes(project, card):
        response = mallory.client.request(method, path, headers=mallory.headers, json=body)
        assert response.status_code == 404, (method, path)
        assert "Secret plan" not in response.text and card["id"] not in response.text
    assert [c["title"] for c in listed(alice, project)] == ["Secret plan"]


def test_mallory_cannot_reach_alices_card_through_her_own_project(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    card = made(alice, project)
    theirs = mallory.post(f"{mallory.ws_path}/projects", json={"name": "Mine"}).json()
    path = f"{mallory.ws_path}/projects/{theirs['id']}"
    assert mallory.get(f"{path}/cards/{card['id']}").status_code == 404
    assert mallory.patch(f"{path}/cards/{card['id']}", json={"title": "Pwned"}).status_code == 404
    assert mallory.delete(f"{path}/cards/{card['id']}").status_code == 404
    # Nor move her card into alice's column.
    her_card = mallory.post(
        f"{path}/columns/{mallory.get(f'{path}/columns').json()[0]['id']}/cards", json={"title": "x"}
    ).json()
    moved = mallory.patch(f"{path}/cards/{her_card['id']}", json={"columnId": project["columns"][0]["id"]})
    assert moved.status_code == 400
    assert listed(alice, project)[0]["title"] == "A card"


def test_card_routes_need_a_token(client: TestClient, alice: ApiUser, project: dict) -> None:
    card = made(alice, project)
    for method, path, body in _routes(project, card):
        assert client.request(method, path, json=body).status_code == 401, (method, path)
