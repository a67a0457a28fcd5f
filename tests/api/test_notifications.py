"""Notifications: who hears about what, unread counts, limit, unreadOnly, marking read."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ApiUser, register


@pytest.fixture
def carol(client: TestClient) -> ApiUser:
    return register(client, "carol@example.com", "Carol")


@pytest.fixture
def team(alice: ApiUser, bob: ApiUser, carol: ApiUser, project: dict[str, Any]) -> dict[str, Any]:
    """alice's project: bob is a project member; carol is in the workspace but not the project."""
    for user in (bob, carol):
        assert alice.post(f"/organizations/{alice.org_slug}/members", json={"email": user.email, "role": "member"}).status_code == 201
        assert alice.post(f"{alice.ws_path}/members", json={"email": user.email, "role": "member"}).status_code == 201
    assert alice.post(f"{project['path']}/members", json={"email": bob.email}).status_code == 201
    for user in (alice, bob, carol):
        user.patch("/notifications/read-all")
    return project


def new_card(user: ApiUser, project: dict[str, Any], title: str = "Task", **fields: Any) -> dict[str, Any]:
    column = project["columns"][0]["id"]
    response = user.post(f"{project['path']}/columns/{column}/cards", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def types(user: ApiUser, **params: Any) -> list[str]:
    response = user.get("/notifications", params=params)
    assert response.status_code == 200, response.text
    return [n["activity"]["type"] for n in response.json()]


def unread(user: ApiUser) -> int:
    response = user.get("/notifications/count")
    assert response.status_code == 200
    return int(response.json()["count"])


def test_a_card_change_notifies_project_members_but_never_the_actor(
    alice: ApiUser, bob: ApiUser, carol: ApiUser, team: dict[str, Any]
) -> None:
    new_card(alice, team)
    assert types(bob, unreadOnly="true") == ["card_created"]
    assert types(alice, unreadOnly="true") == []
    # carol belongs to the workspace, not to the project.
    assert types(carol, unreadOnly="true") == []


def test_the_assignee_is_notified_even_outside_the_project(
    alice: ApiUser, bob: ApiUser, carol: ApiUser, team: dict[str, Any]
) -> None:
    card = new_card(alice, team)
    response = alice.patch(f"{team['path']}/cards/{card['id']}", json={"assigneeId": carol.id})
    assert response.status_code == 200, response.text
    assert types(carol, unreadOnly="1") == ["card_assigned"]
    assert types(bob, unreadOnly="1") == ["card_assigned", "card_created"]
    # Once assigned, carol hears about the card's other changes too.
    alice.patch(f"{team['path']}/cards/{card['id']}", json={"title": "Renamed"})
    assert types(carol, unreadOnly="1") == ["card_updated", "card_assigned"]


def test_an_assignee_who_acts_is_not_notified_of_their_own_change(
    alice: ApiUser, bob: ApiUser, team: dict[str, Any]
) -> None:
    card = new_card(alice, team, assigneeId=bob.id)
    bob.patch("/notifications/read-all")
    bob.patch(f"{team['path']}/cards/{card['id']}", json={"title": "Mine now"})
    assert types(bob, unreadOnly="true") == []
    assert types(alice, unreadOnly="true") == ["card_updated"]


def test_a_move_notification_carries_its_columns_and_where_to_jump(
    alice: ApiUser, bob: ApiUser, team: dict[str, Any]
) -> None:
    card = new_card(bob, team)
    target = team["columns"][1]
    assert bob.patch(f"{team['path']}/cards/{card['id']}", json={"columnId": target["id"]}).status_code == 200
    notes = alice.get("/notifications", params={"unreadOnly": "true"}).json()
    assert [n["activity"]["type"] for n in notes] == ["card_moved", "card_created"]
    moved = notes[0]
    assert set(moved) == {"id", "userId", "readAt", "createdAt", "activity"}
    assert moved["userId"] == alice.id
    assert moved["readAt"] is None
    activity = moved["activity"]
    assert {"type", "actorId", "meta", "createdAt"} <= set(activity)
    assert activity["actorId"] == bob.id
    assert activity["actorName"] == "Bob"
    assert activity["meta"]["fromColumn"] == "To Do"
    assert activity["meta"]["toColumn"] == "In Progress"
    assert activity["projectId"] == team["id"]
    assert activity["cardId"] == card["id"]
    assert activity["createdAt"].endswith("Z")


def test_membership_changes_notify_the_member_concerned(
    client: TestClient, alice: ApiUser, bob: ApiUser, project: dict[str, Any]
) -> None:
    alice.post(f"/organizations/{alice.org_slug}/members", json={"email": bob.email, "role": "member"})
    assert types(bob) == ["member_added"]
    alice.post(f"{alice.ws_path}/members", json={"email": bob.email, "role": "member"})
    alice.post(f"{project['path']}/members", json={"email": bob.email})
    assert types(bob) == ["member_added"] * 3
    project_note = bob.get("/notifications").json()[0]["activity"]
    assert project_note["projectId"] == project["id"]
    assert project_note["meta"]["userId"] == bob.id
    alice.delete(f"{project['path']}/members/{bob.id}")
    assert types(bob)[0] == "member_removed"
    # The actor hears nothing of their own membership changes.
    assert types(alice) == []


def test_a_new_project_member_is_told_and_existing_members_too(
    alice: ApiUser, bob: ApiUser, carol: ApiUser, team: dict[str, Any]
) -> None:
    alice.post(f"{team['path']}/members", json={"email": carol.email})
    assert types(carol, unreadOnly="true") == ["member_added"]
    assert types(bob, unreadOnly="true") == ["member_added"]


def test_a_removed_project_member_hears_no_more_about_its_cards(
    alice: ApiUser, bob: ApiUser, team: dict[str, Any]
) -> None:
    alice.delete(f"{team['path']}/members/{bob.id}")
    bob.patch("/notifications/read-all")
    new_card(alice, team)
    assert types(bob, unreadOnly="true") == []


@pytest.mark.parametrize("left", ["organization", "workspace"])
def test_someone_who_left_reads_nothing_more_from_that_workspace(
    alice: ApiUser, bob: ApiUser, team: dict[str, Any], left: str
) -> None:
    new_card(alice, team, title="Secret plan")
    new_card(alice, team, title="Other plan")
    old = bob.get("/notifications", params={"unreadOnly": "true"}).json()
    assert [n["activity"]["meta"]["title"] for n in old] == ["Other plan", "Secret plan"]
    if left == "organization":
        removed = alice.delete(f"/organizations/{alice.org_slug}/members/{bob.id}")
    else:
        removed = alice.delete(f"{alice.ws_path}/members/{bob.id}")
    assert removed.status_code in (200, 204), removed.text

    listed = bob.get("/notifications", params={"limit": 500}).json()
    assert [n["id"] for n in listed if n["activity"].get("projectId") == team["id"]] == []
    assert all(n["activity"].get("workspaceId") is None for n in listed)
    # Only the organization's own "you were removed" note is left, and nothing else is counted.
    expected = ["member_removed"] if left == "organization" else []
    assert types(bob, unreadOnly="true") == expected
    assert unread(bob) == len(expected)
    assert bob.patch(f"/notifications/{old[0]['id']}/read").status_code == 404
    assert bob.patch("/notifications/read-all").json() == {"ok": True, "count": len(expected)}


def test_count_tracks_unread_notifications(alice: ApiUser, bob: ApiUser, team: dict[str, Any]) -> None:
    assert bob.get("/notifications/count").json() == {"count": 0}
    for n in range(3):
        new_card(alice, team, title=f"Task {n}")
    assert unread(bob) == 3
    first = bob.get("/notifications").json()[0]
    assert bob.patch(f"/notifications/{first['id']}/read").status_code == 200
    assert unread(bob) == 2
    assert unread(alice) == 0


def test_list_is_newest_first(alice: ApiUser, bob: ApiUser, team: dict[str, Any]) -> None:
    for n in range(3):
        new_card(alice, team, title=f"Task {n}")
    notes = bob.get("/notifications", params={"unreadOnly": "true"}).json()
    assert [n["activity"]["meta"]["title"] for n in notes] == ["Task 2", "Task 1", "Task 0"]


def test_limit_keeps_the_newest(alice: ApiUser, bob: ApiUser, team: dict[str, Any]) -> None:
    for n in range(3):
        new_card(alice, team, title=f"Task {n}")
    notes = bob.get("/notifications", params={"limit": 2, "unreadOnly": "true"}).json()
    assert [n["activity"]["meta"]["title"] for n in notes] == ["Task 2", "Task 1"]


def test_limit_defaults_to_50(alice: ApiUser, bob: ApiUser, team: dict[str, Any]) -> None:
    before = len(bob.get("/notifications").json())  # bob's read membership notifications
    assert before > 0
    for n in range(50):
        new_card(alice, team, title=f"Task {n}")
    assert len(bob.get("/notifications").json()) == 50
    assert len(bob.get("/notifications", params={"limit": 500}).json()) == before + 50
    assert unread(bob) == 50


@pytest.mark.parametrize("limit", ["0", "501", "-1", "many"])
def test_limit_outside_1_to_500_is_a_400(bob: ApiUser, limit: str) -> None:
    response = bob.get("/notifications", params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "limit"


@pytest.mark.parametrize(("value", "filtered"), [("true", True), ("1", True), ("TRUE", True), ("false", False), ("0", False)])
def test_unread_only_takes_true_or_1(alice: ApiUser, bob: ApiUser, team: dict[str, Any], value: str, filtered: bool) -> None:
    read_before = len(bob.get("/notifications").json())  # team left bob only read ones
    new_card(alice, team)
    expected = 1 if filtered else read_before + 1
    assert len(bob.get("/notifications", params={"unreadOnly": value}).json()) == expected


def test_unread_only_leaves_out_read_ones(alice: ApiUser, bob: ApiUser, team: dict[str, Any]) -> None:
    new_card(alice, team, title="Old")
    bob.patch("/notifications/read-all")
    new_card(alice, team, title="New")
    notes = bob.get("/notifications", params={"unreadOnly": "true"}).json()
    assert [n["activity"]["meta"]["title"] for n in notes] == ["New"]


def test_read_all_marks_only_the_callers_notifications(
    alice: ApiUser, bob: ApiUser, team: dict[str, Any]
) -> None:
    new_card(alice, team)
    new_card(bob, team)
    assert unread(alice) == 1 and unread(bob) == 1
    response = bob.patch("/notifications/read-all")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "count": 1}
    assert unread(bob) == 0
    assert unread(alice) == 1
    assert all(n["readAt"] is not None for n in bob.get("/notifications").json())
    assert bob.patch("/notifications/read-all").json() == {"ok": True, "count": 0}


def test_marking_one_read_answers_the_notification_and_is_idempotent(
    alice: ApiUser, bob: ApiUser, team: dict[str, Any]
) -> None:
    new_card(alice, team)
    note = bob.get("/notifications", params={"unreadOnly": "true"}).json()[0]
    first = bob.patch(f"/notifications/{note['id']}/read")
    assert first.status_code == 200
    body = first.json()
    assert body["id"] == note["id"]
    assert body["readAt"] is not None
    assert body["activity"] == note["activity"]
    again = bob.patch(f"/notifications/{note['id']}/read").json()
    assert again["readAt"] == body["readAt"]


def test_someone_elses_notification_is_a_404(
    alice: ApiUser, bob: ApiUser, mallory: ApiUser, team: dict[str, Any]
) -> None:
    new_card(alice, team)
    note = bob.get("/notifications", params={"unreadOnly": "true"}).json()[0]
    for other in (alice, mallory):
        response = other.patch(f"/notifications/{note['id']}/read")
        assert response.status_code == 404
        assert response.json()["error"] == "Not Found"
    assert unread(bob) == 1


def test_malformed_or_unknown_id_is_a_404(bob: ApiUser) -> None:
    assert bob.patch("/notifications/nope/read").status_code == 404
    assert bob.patch("/notifications/665f1a2b3c4d5e6f7a8b9c0d/read").status_code == 404


def test_another_tenant_sees_none_of_it(alice: ApiUser, bob: ApiUser, mallory: ApiUser, team: dict[str, Any]) -> None:
    new_card(alice, team)
    assert mallory.get("/notifications").json() == []
    assert mallory.get("/notifications/count").json() == {"count": 0}
    assert mallory.patch("/notifications/read-all").json()["count"] == 0
    assert unread(bob) == 1


def test_notifications_need_authentication(client: TestClient) -> None:
    assert client.get("/notifications").status_code == 401
    assert client.get("/notifications/count").status_code == 401
    assert client.patch("/notifications/read-all").status_code == 401
