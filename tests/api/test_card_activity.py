"""The card activity extension route: newest first, actor names, limit, tenancy."""

from __future__ import annotations

from typing import Any

from tests.api.sharing import join_workspace
from tests.conftest import ApiUser


def _card(alice: ApiUser, project: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = alice.post(
        f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": "Trace me"}
    ).json()
    body["path"] = f"{project['path']}/cards/{body['id']}"
    return body


def test_activity_is_newest_first_with_actor_names(alice: ApiUser, bob: ApiUser, project: dict[str, Any]) -> None:
    join_workspace(alice, bob)
    card = _card(alice, project)
    alice.patch(card["path"], json={"columnId": project["columns"][1]["id"]})
    bob.post(f"{card['path']}/comments", json={"content": "moved it?"})
    response = alice.get(f"{card['path']}/activity")
    assert response.status_code == 200
    entries = response.json()
    assert [e["type"] for e in entries] == ["comment_added", "card_moved", "card_created"]
    assert [e["actorName"] for e in entries] == ["Bob", "Alice", "Alice"]
    assert entries[1]["meta"]["fromColumn"] == "To Do" and entries[1]["meta"]["toColumn"] == "In Progress"
    assert set(entries[0]) == {"id", "type", "actorId", "actorName", "cardId", "meta", "createdAt"}
    assert all(e["cardId"] == card["id"] for e in entries)


def test_an_update_carries_old_and_new_values_beside_its_fields(alice: ApiUser, project: dict[str, Any]) -> None:
    card = _card(alice, project)
    alice.patch(card["path"], json={"priority": "high", "dueDate": "2026-12-10"})
    updated = alice.get(f"{card['path']}/activity").json()[0]
    assert set(updated) == {"id", "type", "actorId", "actorName", "cardId", "meta", "createdAt"}
    assert updated["meta"]["fields"] == ["priority", "dueDate"]
    assert updated["meta"]["changes"] == {
        "priority": {"from": "medium", "to": "high"},
        "dueDate": {"from": None, "to": "2026-12-10T00:00:00Z"},
    }


def test_activity_of_another_card_is_not_listed(alice: ApiUser, project: dict[str, Any]) -> None:
    card = _card(alice, project)
    other = _card(alice, project)
    alice.post(f"{other['path']}/comments", json={"content": "elsewhere"})
    assert [e["type"] for e in alice.get(f"{card['path']}/activity").json()] == ["card_created"]


def test_activity_limit(alice: ApiUser, project: dict[str, Any]) -> None:
    card = _card(alice, project)
    for n in range(3):
        alice.post(f"{card['path']}/comments", json={"content": f"c{n}"})
    limited = alice.get(f"{card['path']}/activity", params={"limit": 2}).json()
    assert [e["meta"]["excerpt"] for e in limited] == ["c2", "c1"]
    assert alice.get(f"{card['path']}/activity", params={"limit": 501}).status_code == 400


def test_activity_is_hidden_from_another_organization(alice: ApiUser, mallory: ApiUser, project: dict[str, Any]) -> None:
    card = _card(alice, project)
    response = mallory.get(f"{card['path']}/activity")
    assert response.status_code == 404
    assert "Trace me" not in response.text
    assert alice.get(f"{project['path']}/cards/nope/activity").status_code == 404
