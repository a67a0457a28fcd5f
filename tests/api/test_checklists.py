"""Checklist items: add, rename, toggle, reorder, delete; contiguous order and true progress."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Activity, Card
from tests.conftest import ApiUser

MISSING = "0123456789abcdef01234567"


def new_card(user: ApiUser, project: dict[str, Any], **body: Any) -> dict[str, Any]:
    created = user.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": "Card", **body})
    assert created.status_code == 201, created.text
    return created.json()


def add(user: ApiUser, project: dict[str, Any], card: dict[str, Any], **body: Any) -> Any:
    return user.post(f"{project['path']}/cards/{card['id']}/checklist", json=body)


def titles(card: dict[str, Any]) -> list[str]:
    assert [i["order"] for i in card["checklist"]] == list(range(len(card["checklist"])))
    return [i["title"] for i in card["checklist"]]


@pytest.fixture
def card_with_items(alice: ApiUser, project: dict) -> dict[str, Any]:
    card = new_card(alice, project)
    for title in ("one", "two", "three"):
        card = add(alice, project, card, title=title).json()
    return card


def test_add_item_returns_the_card_with_it(alice: ApiUser, project: dict) -> None:
    card = new_card(alice, project)
    response = add(alice, project, card, title="Setup routes")
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == card["id"]
    item = body["checklist"][0]
    assert (item["title"], item["done"], item["order"]) == ("Setup routes", False, 0)
    assert len(item["_id"]) == 24
    assert body["checklistProgress"] == 0
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["checklist"] == body["checklist"]


def test_items_are_appended_or_inserted_at_order(alice: ApiUser, project: dict, card_with_items: dict) -> None:
    body = add(alice, project, card_with_items, title="first", order=0).json()
    assert titles(body) == ["first", "one", "two", "three"]
    body = add(alice, project, card_with_items, title="middle", order=2).json()
    assert titles(body) == ["first", "one", "middle", "two", "three"]
    body = add(alice, project, card_with_items, title="last", order=99).json()
    assert titles(body) == ["first", "one", "middle", "two", "three", "last"]


def test_add_done_item_counts_in_progress(alice: ApiUser, project: dict) -> None:
    card = new_card(alice, project)
    add(alice, project, card, title="a", done=True)
    body = add(alice, project, card, title="b").json()
    assert body["checklistProgress"] == 50
    body = add(alice, project, card, title="c").json()
    assert body["checklistProgress"] == 33


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"title": "x", "done": "maybe"}, "done"),
        ({"title": "x", "order": -1}, "order"),
        ({"title": "x", "_id": MISSING}, "_id"),
    ],
)
def test_add_item_validates_its_body(alice: ApiUser, project: dict, body: dict, field: str) -> None:
    card = new_card(alice, project)
    response = alice.post(f"{project['path']}/cards/{card['id']}/checklist", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


def test_a_card_holds_at_most_100_items(alice: ApiUser, project: dict) -> None:
    card = new_card(alice, project, checklist=[{"title": f"item {i}"} for i in range(99)])
    assert add(alice, project, card, title="hundredth").status_code == 201
    response = add(alice, project, card, title="one too many")
    assert response.status_code == 409
    assert len(alice.get(f"{project['path']}/cards/{card['id']}").json()["checklist"]) == 100


def test_toggle_and_rename_an_item(alice: ApiUser, project: dict, card_with_items: dict) -> None:
    item = card_with_items["checklist"][1]
    path = f"{project['path']}/cards/{card_with_items['id']}/checklist/{item['_id']}"
    response = alice.patch(path, json={"done": True})
    assert response.status_code == 200
    assert response.json()["checklist"][1]["done"] is True
    assert response.json()["checklistProgress"] == 33
    body = alice.patch(path, json={"title": "second"}).json()
    assert titles(body) == ["one", "second", "three"]
    assert body["checklist"][1]["done"] is True
    body = alice.patch(path, json={"done": False}).json()
    assert body["checklistProgress"] == 0


def test_progress_reaches_100_when_every_item_is_done(alice: ApiUser, project: dict, card_with_items: dict, db: Database) -> None:
    body = card_with_items
    for item in card_with_items["checklist"]:
        body = alice.patch(f"{project['path']}/cards/{card_with_items['id']}/checklist/{item['_id']}", json={"done": True}).json()
    assert body["checklistProgress"] == 100
    listed = alice.get(f"{project['path']}/cards").json()
    assert listed[0]["checklistProgress"] == 100
    with db.session() as session:
        stored = session.get_one(Card, card_with_items["id"])
        assert (stored.checklist_total, stored.checklist_done) == (3, 3)


@pytest.mark.parametrize(
    ("index", "order", "expected"),
    [
        (0, 2, ["two", "three", "one"]),
        (2, 0, ["three", "one", "two"]),
        (0, 1, ["two", "one", "three"]),
        (1, 1, ["one", "two", "three"]),
        (0, 50, ["two", "three", "one"]),
    ],
)
def test_reorder_an_item_keeps_order_contiguous(
    alice: ApiUser, project: dict, card_with_items: dict, index: int, order: int, expected: list[str]
) -> None:
    item = card_with_items["checklist"][index]
    response = alice.patch(f"{project['path']}/cards/{card_with_items['id']}/checklist/{item['_id']}", json={"order": order})
    assert response.status_code == 200
    assert titles(response.json()) == expected
    assert titles(alice.get(f"{project['path']}/cards/{card_with_items['id']}").json()) == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"done": None}, "done"),
        ({"order": None}, "order"),
        ({"title": ""}, "title"),
        ({"order": -1}, "order"),
        ({"order": "2"}, "order"),
        ({"done": "true"}, "done"),
        ({"done": 0}, "done"),
        ({"checked": True}, "checked"),
    ],
)
def test_update_item_validates_its_body(alice: ApiUser, project: dict, card_with_items: dict, body: dict, field: str) -> None:
    item = card_with_items["checklist"][0]
    response = alice.patch(f"{project['path']}/cards/{card_with_items['id']}/checklist/{item['_id']}", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


def test_delete_item_renumbers_the_rest(alice: ApiUser, project: dict, card_with_items: dict) -> None:
    first = card_with_items["checklist"][0]
    alice.patch(f"{project['path']}/cards/{card_with_items['id']}/checklist/{first['_id']}", json={"done": True})
    middle = card_with_items["checklist"][1]
    response = alice.delete(f"{project['path']}/cards/{card_with_items['id']}/checklist/{middle['_id']}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    body = alice.get(f"{project['path']}/cards/{card_with_items['id']}").json()
    assert titles(body) == ["one", "three"]
    assert body["checklistProgress"] == 50
    alice.delete(f"{project['path']}/cards/{card_with_items['id']}/checklist/{first['_id']}")
    body = alice.get(f"{project['path']}/cards/{card_with_items['id']}").json()
    assert titles(body) == ["three"]
    assert body["checklistProgress"] == 0


def test_unknown_item_or_item_of_another_card_is_404(alice: ApiUser, project: dict, card_with_items: dict) -> None:
    other = new_card(alice, project, checklist=[{"title": "theirs"}])
    foreign_item = other["checklist"][0]["_id"]
    base = f"{project['path']}/cards/{card_with_items['id']}/checklist"
    for item_id in (MISSING, "bad", foreign_item):
        assert alice.patch(f"{base}/{item_id}", json={"done": True}).status_code == 404
        assert alice.delete(f"{base}/{item_id}").status_code == 404
    assert alice.get(f"{project['path']}/cards/{other['id']}").json()["checklist"][0]["done"] is False


def test_unknown_card_is_404(alice: ApiUser, project: dict, card_with_items: dict) -> None:
    item = card_with_items["checklist"][0]["_id"]
    for card_id in (MISSING, "bad"):
        assert alice.post(f"{project['path']}/cards/{card_id}/checklist", json={"title": "x"}).status_code == 404
        assert alice.patch(f"{project['path']}/cards/{card_id}/checklist/{item}", json={"done": True}).status_code == 404
        assert alice.delete(f"{project['path']}/cards/{card_id}/checklist/{item}").status_code == 404


def test_checklist_changes_record_card_updated_activity(alice: ApiUser, project: dict, db: Database) -> None:
    card = new_card(alice, project)
    body = add(alice, project, card, title="a").json()
    item = body["checklist"][0]["_id"]
    alice.patch(f"{project['path']}/cards/{card['id']}/checklist/{item}", json={"done": True})
    alice.patch(f"{project['path']}/cards/{card['id']}/checklist/{item}", json={"done": True})  # no change
    alice.delete(f"{project['path']}/cards/{card['id']}/checklist/{item}")
    with db.session() as session:
        updates = session.scalars(
            select(Activity).where(Activity.card_id == card["id"], Activity.type == "card_updated").order_by(Activity.created_at)
        ).all()
    assert [(a.meta["fields"], a.meta["checklistProgress"]) for a in updates] == [
        (["checklist"], 0),
        (["checklist"], 100),
        (["checklist"], 0),
    ]


# -- tenancy and authentication ----------------------------------------------------------


def test_another_organization_gets_404_on_every_checklist_route(
    alice: ApiUser, mallory: ApiUser, project: dict, card_with_items: dict
) -> None:
    item = card_with_items["checklist"][0]["_id"]
    base = f"{project['path']}/cards/{card_with_items['id']}/checklist"
    calls = [
        mallory.post(base, json={"title": "evil"}),
        mallory.patch(f"{base}/{item}", json={"done": True}),
        mallory.delete(f"{base}/{item}"),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert titles(alice.get(f"{project['path']}/cards/{card_with_items['id']}").json()) == ["one", "two", "three"]


def test_checklist_routes_need_a_token(client: TestClient, project: dict, card_with_items: dict) -> None:
    item = card_with_items["checklist"][0]["_id"]
    base = f"{project['path']}/cards/{card_with_items['id']}/checklist"
    calls = [client.post(base, json={"title": "x"}), client.patch(f"{base}/{item}", json={"done": True}), client.delete(f"{base}/{item}")]
    assert [c.status_code for c in calls] == [401] * len(calls)
