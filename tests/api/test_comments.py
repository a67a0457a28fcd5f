"""Comments on cards: shape, validation, order and limit, counters, activity, permissions, tenancy."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Activity, Notification
from tests.api.sharing import join_workspace
from tests.conftest import ApiUser

MISSING = "0123456789abcdef01234567"


@pytest.fixture
def card(alice: ApiUser, project: dict[str, Any]) -> dict[str, Any]:
    created = alice.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": "Spec"})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    body["path"] = f"{project['path']}/cards/{body['id']}"
    return body


def _post(user: ApiUser, card: dict[str, Any], content: str) -> Any:
    return user.post(f"{card['path']}/comments", json={"content": content})


def test_post_returns_the_reference_shape(alice: ApiUser, card: dict[str, Any]) -> None:
    response = _post(alice, card, "  Spec looks good, let's proceed.  ")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "cardId", "authorId", "authorName", "content", "createdAt"}
    assert len(body["id"]) == 24
    assert body["cardId"] == card["id"]
    assert body["authorId"] == alice.id
    assert body["authorName"] == "Alice"
    assert body["content"] == "Spec looks good, let's proceed."
    assert body["createdAt"].endswith("Z")


def test_list_is_oldest_first(alice: ApiUser, card: dict[str, Any]) -> None:
    for text in ("first", "second", "third"):
        assert _post(alice, card, text).status_code == 201
    listed = alice.get(f"{card['path']}/comments")
    assert listed.status_code == 200
    assert [c["content"] for c in listed.json()] == ["first", "second", "third"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [("", "empty"), ("   \n\t ", "only whitespace"), ("x" * 2001, "too long")],
)
def test_invalid_content_is_a_400_naming_content(alice: ApiUser, card: dict[str, Any], content: str, reason: str) -> None:
    response = _post(alice, card, content)
    assert response.status_code == 400, reason
    assert [d["field"] for d in response.json()["details"]] == ["content"]
    assert alice.get(f"{card['path']}/comments").json() == []


def test_content_of_2000_characters_is_accepted(alice: ApiUser, card: dict[str, Any]) -> None:
    content = "".join(f"{n:04d}" for n in range(500))  # 2,000 characters, each stretch different
    assert _post(alice, card, content).status_code == 201
    assert [c["content"] for c in alice.get(f"{card['path']}/comments").json()] == [content]


def test_unknown_fields_are_refused(alice: ApiUser, card: dict[str, Any]) -> None:
    response = alice.post(f"{card['path']}/comments", json={"content": "hi", "authorId": alice.id})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "authorId"


def test_comment_count_follows_posts_and_deletes(alice: ApiUser, card: dict[str, Any]) -> None:
    first = _post(alice, card, "one").json()
    _post(alice, card, "two")
    assert alice.get(card["path"]).json()["commentCount"] == 2
    assert alice.delete(f"{card['path']}/comments/{first['id']}").json() == {"ok": True}
    assert alice.get(card["path"]).json()["commentCount"] == 1
    assert [c["content"] for c in alice.get(f"{card['path']}/comments").json()] == ["two"]


def test_posting_records_comment_added_with_id_and_excerpt(alice: ApiUser, card: dict[str, Any]) -> None:
    long_text = "What about error handling? " * 10
    comment = _post(alice, card, long_text).json()
    activity = alice.get(f"{card['path']}/activity").json()
    added = [a for a in activity if a["type"] == "comment_added"]
    assert len(added) == 1
    meta = added[0]["meta"]
    assert meta["commentId"] == comment["id"]
    assert meta["excerpt"].startswith("What about error handling?")
    assert len(meta["excerpt"]) <= 80
    assert added[0]["actorId"] == alice.id


def test_project_members_are_notified_of_a_comment(
    db: Database, alice: ApiUser, bob: ApiUser, card: dict[str, Any], project: dict[str, Any]
) -> None:
    join_workspace(alice, bob)
    assert alice.post(f"{project['path']}/members", json={"email": bob.email}).status_code == 201
    _post(alice, card, "ping")
    with db.session() as session:
        rows = session.execute(select(Notification, Activity).join(Activity, Activity.id == Notification.activity_id)).all()
    assert [(n.user_id, a.type) for n, a in rows if a.type == "comment_added"] == [(bob.id, "comment_added")]


def test_limit_keeps_the_newest_comments_in_oldest_first_order(alice: ApiUser, card: dict[str, Any]) -> None:
    for n in range(5):
        _post(alice, card, f"c{n}")
    limited = alice.get(f"{card['path']}/comments", params={"limit": 2})
    assert [c["content"] for c in limited.json()] == ["c3", "c4"]


def test_default_limit_is_50(alice: ApiUser, card: dict[str, Any]) -> None:
    for n in range(52):
        _post(alice, card, f"c{n}")
    listed = alice.get(f"{card['path']}/comments").json()
    assert len(listed) == 50
    assert listed[0]["content"] == "c2" and listed[-1]["content"] == "c51"
    assert len(alice.get(f"{card['path']}/comments", params={"limit": 500}).json()) == 52


@pytest.mark.parametrize("limit", [0, 501, -1])
def test_limit_out_of_range_is_a_400(alice: ApiUser, card: dict[str, Any], limit: int) -> None:
    response = alice.get(f"{card['path']}/comments", params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "limit"


def test_member_cannot_delete_someone_elses_comment(alice: ApiUser, bob: ApiUser, card: dict[str, Any]) -> None:
    join_workspace(alice, bob)
    comment = _post(alice, card, "mine").json()
    response = bob.delete(f"{card['path']}/comments/{comment['id']}")
    assert response.status_code == 403
    assert len(alice.get(f"{card['path']}/comments").json()) == 1
    assert alice.get(card["path"]).json()["commentCount"] == 1


def test_member_can_delete_their_own_comment(alice: ApiUser, bob: ApiUser, card: dict[str, Any]) -> None:
    join_workspace(alice, bob)
    comment = _post(bob, card, "bob's").json()
    assert comment["authorName"] == "Bob"
    assert bob.delete(f"{card['path']}/comments/{comment['id']}").status_code == 200
    assert alice.get(f"{card['path']}/comments").json() == []


def test_workspace_admin_can_delete_a_members_comment(alice: ApiUser, bob: ApiUser, card: dict[str, Any]) -> None:
    join_workspace(alice, bob)
    comment = _post(bob, card, "bob's").json()
    assert alice.delete(f"{card['path']}/comments/{comment['id']}").status_code == 200
    assert alice.get(card["path"]).json()["commentCount"] == 0


def test_deleting_a_missing_comment_is_a_404(alice: ApiUser, card: dict[str, Any]) -> None:
    comment = _post(alice, card, "once").json()
    assert alice.delete(f"{card['path']}/comments/{comment['id']}").status_code == 200
    assert alice.delete(f"{card['path']}/comments/{comment['id']}").status_code == 404
    assert alice.delete(f"{card['path']}/comments/not-an-id").status_code == 404
    assert alice.get(card["path"]).json()["commentCount"] == 0


def test_comment_of_another_card_is_a_404(alice: ApiUser, card: dict[str, Any], project: dict[str, Any]) -> None:
    other = alice.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": "Other"}).json()
    comment = _post(alice, card, "here").json()
    response = alice.delete(f"{project['path']}/cards/{other['id']}/comments/{comment['id']}")
    assert response.status_code == 404
    assert len(alice.get(f"{card['path']}/comments").json()) == 1


@pytest.mark.parametrize("card_id", [MISSING, "nope"])
def test_unknown_card_is_a_404(alice: ApiUser, project: dict[str, Any], card_id: str) -> None:
    path = f"{project['path']}/cards/{card_id}/comments"
    assert alice.get(path).status_code == 404
    assert alice.post(path, json={"content": "x"}).status_code == 404


def test_another_organization_gets_404_on_every_route(alice: ApiUser, mallory: ApiUser, card: dict[str, Any]) -> None:
    comment = _post(alice, card, "private").json()
    calls = [
        mallory.get(f"{card['path']}/comments"),
        mallory.post(f"{card['path']}/comments", json={"content": "intrusion"}),
        mallory.delete(f"{card['path']}/comments/{comment['id']}"),
    ]
    for response in calls:
        assert response.status_code == 404
        assert "private" not in response.text
    assert [c["content"] for c in alice.get(f"{card['path']}/comments").json()] == ["private"]


def test_unauthenticated_is_a_401(client: Any, card: dict[str, Any]) -> None:
    assert client.get(f"{card['path']}/comments").status_code == 401
