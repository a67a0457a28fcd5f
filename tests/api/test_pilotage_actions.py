"""Proposed actions over REST: propose, list, review, apply, who may, and who hears of it (contract section 6)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.pilotage_world import PL, W, error, made, ok, setup_eng
from tests.conftest import ApiUser, register

ZERO_ID = "0" * 24


@pytest.fixture
def carol(client: TestClient) -> ApiUser:
    return register(client, "carol@example.com", "Carol")


@pytest.fixture
def board(alice: ApiUser, bob: ApiUser, carol: ApiUser) -> dict[str, Any]:
    """eng's project Billing with a card in To Do."""
    setup_eng(alice, bob, carol)
    project = made(alice.post(f"{W}/projects", json={"name": "Billing"}))
    path = f"{W}/projects/{project['id']}"
    columns = {c["name"]: c["id"] for c in ok(alice.get(f"{path}/columns"))}
    card = made(alice.post(f"{path}/columns/{columns['To Do']}/cards", json={"title": "Stripe webhooks"}))
    return {"project": project, "path": path, "columns": columns, "card": card}


def propose(user: ApiUser, action_type: str, payload: dict[str, Any] | None = None, explanation: str = "Why not") -> Any:
    body: dict[str, Any] = {"actionType": action_type, "explanation": explanation}
    if payload is not None:
        body["payload"] = payload
    return user.post(f"{PL}/actions/propose", json=body)


def approved(alice: ApiUser, carol: ApiUser, action_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    action = made(propose(carol, action_type, payload))
    return ok(alice.post(f"{PL}/actions/{action['id']}/review", json={"approved": True}))  # type: ignore[no-any-return]


def test_a_proposal_is_suggested_with_its_payload(carol: ApiUser, board: dict[str, Any]) -> None:
    payload = {"cardId": board["card"]["id"], "targetColumn": "Done"}
    action = made(propose(carol, "move_card", payload, "All subtasks complete, move to Done"))
    assert (action["actionType"], action["status"], action["payload"]) == ("move_card", "suggested", payload)
    assert action["explanation"] == "All subtasks complete, move to Done"
    assert action["proposedBy"] == carol.id and action["createdAt"].endswith("Z")
    assert (action["result"], action["error"], action["reviewedBy"]) == (None, None, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"actionType": "x" * 101, "explanation": "E"}, "actionType"),
        ({"actionType": "", "explanation": "E"}, "actionType"),
        ({"actionType": "move_card"}, "explanation"),
        ({"actionType": "note", "explanation": "E" * 501}, "explanation"),
        ({"actionType": "note", "explanation": "E", "payload": []}, "payload"),
        ({"actionType": "note", "explanation": "E", "status": "approved"}, "status"),
        ({"actionType": "move_card", "explanation": "E", "payload": {"targetColumn": "Done"}}, "payload.cardId"),
        ({"actionType": "create_todo", "explanation": "E", "payload": {"label": "T", "bogus": 1}}, "payload.bogus"),
        ({"actionType": "update_mission", "explanation": "E", "payload": {"missionId": "m-1"}}, "payload.missionId"),
    ],
)
def test_a_bad_proposal_is_a_400_naming_the_field(
    carol: ApiUser, board: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    response = carol.post(f"{PL}/actions/propose", json=body)
    error(response, 400)
    assert field in [d["field"] for d in response.json()["details"]]
    assert ok(carol.get(f"{PL}/actions")) == []


def test_lists_filter_by_status_newest_first(alice: ApiUser, carol: ApiUser, board: dict[str, Any]) -> None:
    first = made(propose(carol, "note"))
    second = made(propose(carol, "note"))
    ok(alice.post(f"{PL}/actions/{first['id']}/review", json={"approved": False, "reason": "No"}))
    assert [a["id"] for a in ok(alice.get(f"{PL}/actions"))] == [second["id"], first["id"]]
    assert [a["id"] for a in ok(alice.get(f"{PL}/actions", params={"status": "suggested"}))] == [second["id"]]
    assert [a["id"] for a in ok(alice.get(f"{PL}/actions", params={"status": "rejected"}))] == [first["id"]]
    assert ok(alice.get(f"{PL}/actions/{first['id']}"))["reviewReason"] == "No"
    error(alice.get(f"{PL}/actions", params={"status": "pending"}), 400)
    error(alice.get(f"{PL}/actions", params={"limit": 501}), 400)


def test_the_lifecycle_is_suggested_reviewed_applied_and_nothing_else(
    alice: ApiUser, carol: ApiUser, board: dict[str, Any]
) -> None:
    action = made(propose(carol, "note"))
    assert "approved" in error(alice.post(f"{PL}/actions/{action['id']}/apply"), 409)
    error(alice.post(f"{PL}/actions/{action['id']}/review", json={"approved": "yes"}), 400)
    error(alice.post(f"{PL}/actions/{action['id']}/review", json={"approved": True, "reason": "x" * 201}), 400)
    reviewed = ok(carol.post(f"{PL}/actions/{action['id']}/review", json={"approved": True, "reason": "Looks correct"}))
    assert (reviewed["status"], reviewed["reviewedBy"], reviewed["reviewReason"]) == ("approved", carol.id, "Looks correct")
    assert reviewed["reviewedAt"].endswith("Z")
    error(alice.post(f"{PL}/actions/{action['id']}/review", json={"approved": False}), 409)
    applied = ok(alice.post(f"{PL}/actions/{action['id']}/apply"))
    assert (applied["status"], applied["result"], applied["appliedBy"]) == ("applied", {"manual": True}, alice.id)
    error(alice.post(f"{PL}/actions/{action['id']}/apply"), 409)
    error(alice.post(f"{PL}/actions/{action['id']}/review", json={"approved": True}), 409)
    rejected = made(propose(carol, "note"))
    ok(alice.post(f"{PL}/actions/{rejected['id']}/review", json={"approved": False}))
    error(alice.post(f"{PL}/actions/{rejected['id']}/apply"), 409)


def test_applying_a_card_move_moves_the_card(alice: ApiUser, carol: ApiUser, board: dict[str, Any]) -> None:
    card = board["card"]
    action = approved(alice, carol, "move_card", {"cardId": card["id"], "targetColumn": "Done"})
    applied = ok(alice.post(f"{PL}/actions/{action['id']}/apply"))
    assert applied["status"] == "applied" and applied["error"] is None
    assert (applied["result"]["id"], applied["result"]["columnId"]) == (card["id"], board["columns"]["Done"])
    moved = ok(alice.get(f"{board['path']}/cards/{card['id']}"))
    assert (moved["columnId"], moved["status"]) == (board["columns"]["Done"], "done")
    activity = ok(alice.get(f"{board['path']}/cards/{card['id']}/activity"))
    assert activity[0]["type"] == "card_moved" and activity[0]["meta"]["toColumn"] == "Done"


def test_applying_creates_and_updates_cards_todos_and_missions(alice: ApiUser, carol: ApiUser, board: dict[str, Any]) -> None:
    created = ok(
        alice.post(
            f"{PL}/actions/{approved(alice, carol, 'create_card', {'projectId': board['project']['id'], 'column': 'In Progress', 'title': 'Refunds', 'priority': 'high'})['id']}/apply"
        )
    )["result"]
    assert (created["title"], created["priority"], created["columnId"]) == ("Refunds", "high", board["columns"]["In Progress"])
    updated = ok(
        alice.post(
            f"{PL}/actions/{approved(alice, carol, 'update_card', {'cardId': board['card']['key'], 'title': 'Webhooks v2', 'dueDate': '2026-04-01'})['id']}/apply"
        )
    )["result"]
    assert (updated["id"], updated["title"], updated["dueDate"]) == (board["card"]["id"], "Webhooks v2", "2026-04-01T00:00:00Z")
    mission = made(alice.post(f"{PL}/missions", json={"objective": "Billing"}))
    todo = ok(
        alice.post(
            f"{PL}/actions/{approved(alice, carol, 'create_todo', {'label': 'Write tests', 'missionId': mission['id']})['id']}/apply"
        )
    )["result"]
    assert (todo["label"], todo["missionId"], todo["createdBy"]) == ("Write tests", mission["id"], alice.id)
    changed = ok(
        alice.post(
            f"{PL}/actions/{approved(alice, carol, 'update_mission', {'missionId': mission['id'], 'status': 'blocked', 'blockedReason': 'Legal'})['id']}/apply"
        )
    )["result"]
    assert (changed["status"], changed["blockedReason"]) == ("blocked", "Legal")
    assert ok(alice.get(f"{PL}/missions"))[0]["status"] == "blocked"


def test_a_failing_action_changes_nothing_and_stays_approved_with_its_error(
    alice: ApiUser, carol: ApiUser, mallory: ApiUser, board: dict[str, Any]
) -> None:
    card = board["card"]
    # The title is changed before the assignee is found not to be a member: that change must not stay.
    action = approved(alice, carol, "update_card", {"cardId": card["id"], "title": "Renamed", "assigneeId": mallory.id})
    message = error(alice.post(f"{PL}/actions/{action['id']}/apply"), 409)
    assert "stays approved" in message and "assigneeId" in message
    after = ok(alice.get(f"{PL}/actions/{action['id']}"))
    assert (after["status"], after["result"], after["appliedAt"]) == ("approved", None, None)
    assert "assigneeId" in after["error"]
    unchanged = ok(alice.get(f"{board['path']}/cards/{card['id']}"))
    assert (unchanged["title"], unchanged["assigneeId"]) == ("Stripe webhooks", None)
    assert [a["type"] for a in ok(alice.get(f"{board['path']}/cards/{card['id']}/activity"))] == ["card_created"]


def test_a_failed_action_can_be_applied_once_put_right(alice: ApiUser, carol: ApiUser, board: dict[str, Any]) -> None:
    card = board["card"]
    action = approved(alice, carol, "move_card", {"cardId": card["id"], "targetColumn": "Shipped"})
    assert "Column not found" in error(alice.post(f"{PL}/actions/{action['id']}/apply"), 409)
    assert "Column not found" in ok(alice.get(f"{PL}/actions/{action['id']}"))["error"]
    assert ok(alice.get(f"{board['path']}/cards/{card['id']}"))["columnId"] == board["columns"]["To Do"]
    shipped = made(alice.post(f"{board['path']}/columns", json={"name": "Shipped"}))
    applied = ok(alice.post(f"{PL}/actions/{action['id']}/apply"))
    assert (applied["status"], applied["error"], applied["result"]["columnId"]) == ("applied", None, shipped["id"])


def test_an_action_on_another_workspaces_card_fails_as_not_found(
    alice: ApiUser, carol: ApiUser, mallory: ApiUser, board: dict[str, Any]
) -> None:
    theirs = made(mallory.post(f"{mallory.ws_path}/projects", json={"name": "Secret"}))
    column = ok(mallory.get(f"{mallory.ws_path}/projects/{theirs['id']}/columns"))[0]["id"]
    card = made(mallory.post(f"{mallory.ws_path}/projects/{theirs['id']}/columns/{column}/cards", json={"title": "Hidden"}))
    action = approved(alice, carol, "update_card", {"cardId": card["id"], "title": "Mine now"})
    assert "not found" in error(alice.post(f"{PL}/actions/{action['id']}/apply"), 409).lower()
    assert ok(mallory.get(f"{mallory.ws_path}/projects/{theirs['id']}/cards/{card['id']}"))["title"] == "Hidden"


# -- roles, tenants, scopes ---------------------------------------------------------------


def test_viewers_neither_propose_nor_review_and_only_owners_apply(
    alice: ApiUser, bob: ApiUser, carol: ApiUser, board: dict[str, Any]
) -> None:
    assert "reviewers and owners" in error(propose(bob, "note"), 403)
    action = made(propose(alice, "note"))  # an owner proposes too
    error(bob.post(f"{PL}/actions/{action['id']}/review", json={"approved": True}), 403)
    ok(bob.get(f"{PL}/actions/{action['id']}"))
    ok(carol.post(f"{PL}/actions/{action['id']}/review", json={"approved": True}))
    assert "owners" in error(carol.post(f"{PL}/actions/{action['id']}/apply"), 403)
    error(bob.post(f"{PL}/actions/{action['id']}/apply"), 403)
    assert ok(alice.get(f"{PL}/actions/{action['id']}"))["status"] == "approved"


def test_someone_of_another_organization_gets_404_on_every_action_route(
    alice: ApiUser, carol: ApiUser, mallory: ApiUser, board: dict[str, Any]
) -> None:
    action = made(propose(carol, "note"))
    error(mallory.get(f"{PL}/actions"), 404)
    error(propose(mallory, "note"), 404)
    for path in (f"{PL}/actions/{action['id']}", f"{mallory.ws_path}/pilotage/actions/{action['id']}"):
        error(mallory.get(path), 404)
        error(mallory.post(f"{path}/review", json={"approved": True}), 404)
        error(mallory.post(f"{path}/apply"), 404)
    error(alice.get(f"{PL}/actions/{ZERO_ID}"), 404)
    error(alice.post(f"{PL}/actions/act-001/review", json={"approved": True}), 404)
    assert ok(alice.get(f"{PL}/actions/{action['id']}"))["status"] == "suggested"


def _pat(user: ApiUser, scopes: list[str]) -> dict[str, str]:
    token = made(user.post("/api-tokens", json={"name": "t", "scopes": scopes}))["token"]
    return {"Authorization": f"Bearer {token}"}


def test_applying_a_card_action_also_needs_projects_write(
    client: TestClient, alice: ApiUser, carol: ApiUser, board: dict[str, Any]
) -> None:
    action = approved(alice, carol, "move_card", {"cardId": board["card"]["id"], "targetColumn": "Done"})
    pilot_only = _pat(alice, ["pilotage:read", "pilotage:write"])
    response = client.post(f"{PL}/actions/{action['id']}/apply", headers=pilot_only)
    assert "projects:write" in error(response, 403)
    assert ok(alice.get(f"{PL}/actions/{action['id']}"))["error"] is None
    both = _pat(alice, ["pilotage:write", "projects:write"])
    assert client.post(f"{PL}/actions/{action['id']}/apply", headers=both).status_code == 200


# -- who hears of it ----------------------------------------------------------------------


def _notes(user: ApiUser) -> list[dict[str, Any]]:
    return [n["activity"] for n in ok(user.get("/notifications"))]


def test_a_proposal_notifies_reviewers_and_owners_and_a_review_the_proposer(
    alice: ApiUser, bob: ApiUser, carol: ApiUser, board: dict[str, Any]
) -> None:
    dave = register(alice.client, "dave@example.com", "Dave")
    made(alice.post("/organizations/acme/members", json={"email": dave.email, "role": "member"}))
    made(alice.post(f"{W}/members", json={"email": dave.email, "role": "member"}))
    ok(alice.patch(f"{W}/members/{dave.id}", json={"pilotageRole": "reviewer"}))
    action = made(propose(carol, "move_card", {"cardId": board["card"]["id"], "targetColumn": "Done"}, "Ready to ship"))
    for reader in (alice, dave):
        note = _notes(reader)[0]
        assert (note["type"], note["actorId"], note["meta"]["actionId"]) == ("action_proposed", carol.id, action["id"])
        assert note["meta"]["title"] == "Ready to ship"
    assert [n for n in _notes(bob) if n["type"].startswith("action_")] == []
    assert [n for n in _notes(carol) if n["type"] == "action_proposed"] == []  # never the actor
    ok(alice.post(f"{PL}/actions/{action['id']}/review", json={"approved": False, "reason": "Not yet"}))
    reviewed = _notes(carol)[0]
    assert (reviewed["type"], reviewed["actorId"]) == ("action_reviewed", alice.id)
    assert (reviewed["meta"]["approved"], reviewed["meta"]["reason"]) == (False, "Not yet")
    assert [n for n in _notes(dave) if n["type"] == "action_reviewed"] == []
