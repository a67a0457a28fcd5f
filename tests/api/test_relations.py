"""Card relations: inverses, normalised storage, duplicates, cycles, one parent, counts."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Activity, CardRelation
from tests.conftest import ApiUser

MISSING = "0123456789abcdef01234567"


def new_card(user: ApiUser, project: dict[str, Any], title: str = "Card") -> dict[str, Any]:
    created = user.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": title})
    assert created.status_code == 201, created.text
    return created.json()


def relate(user: ApiUser, project: dict[str, Any], card: dict[str, Any], target: dict[str, Any], kind: str) -> Any:
    return user.post(f"{project['path']}/cards/{card['id']}/relations", json={"targetCardId": target["id"], "type": kind})


def listed(user: ApiUser, project: dict[str, Any], card: dict[str, Any]) -> list[tuple[str, str]]:
    """(type, other card's title) of a card's relations."""
    response = user.get(f"{project['path']}/cards/{card['id']}/relations")
    assert response.status_code == 200
    return [(r["type"], r["targetCard"]["title"]) for r in response.json()]


@pytest.fixture
def abc(alice: ApiUser, project: dict) -> list[dict[str, Any]]:
    return [new_card(alice, project, title) for title in ("A", "B", "C", "D")]


def test_create_relation_returns_it_from_the_source_side(alice: ApiUser, project: dict, abc: list) -> None:
    a, b = abc[0], abc[1]
    response = relate(alice, project, a, b, "blocks")
    assert response.status_code == 201
    body = response.json()
    assert body["type"] == "blocks"
    assert body["cardId"] == a["id"]
    assert body["targetCardId"] == b["id"]
    assert body["targetCard"] == {"id": b["id"], "key": b["key"], "title": "B", "status": "todo", "archived": False}
    assert body["createdBy"] == alice.id
    assert len(body["id"]) == 24


@pytest.mark.parametrize(
    ("kind", "inverse"),
    [
        ("blocks", "blocked_by"),
        ("blocked_by", "blocks"),
        ("parent_of", "child_of"),
        ("related_to", "related_to"),
        ("duplicates", "duplicated_by"),
    ],
)
def test_the_other_card_lists_the_inverse(alice: ApiUser, project: dict, abc: list, kind: str, inverse: str) -> None:
    a, b = abc[0], abc[1]
    assert relate(alice, project, a, b, kind).status_code == 201
    assert listed(alice, project, a) == [(kind, "B")]
    assert listed(alice, project, b) == [(inverse, "A")]


def test_blocked_by_is_stored_as_the_inverse_blocks(alice: ApiUser, project: dict, abc: list, db: Database) -> None:
    a, b = abc[0], abc[1]
    relate(alice, project, a, b, "blocked_by")
    with db.session() as session:
        rows = session.execute(select(CardRelation.source_card_id, CardRelation.target_card_id, CardRelation.type)).all()
    assert [tuple(r) for r in rows] == [(b["id"], a["id"], "blocks")]


def test_blocks_counts_on_cards_follow_both_spellings(alice: ApiUser, project: dict, abc: list) -> None:
    a, b, c = abc[0], abc[1], abc[2]
    relate(alice, project, a, b, "blocks")
    relate(alice, project, c, b, "blocks")
    relate(alice, project, a, c, "blocked_by")  # C blocks A
    relate(alice, project, a, b, "related_to")
    counts = {card["title"]: (card["blocksCount"], card["blockedByCount"]) for card in alice.get(f"{project['path']}/cards").json()}
    assert counts == {"A": (1, 1), "B": (0, 2), "C": (2, 0), "D": (0, 0)}
    one = alice.get(f"{project['path']}/cards/{b['id']}").json()
    assert (one["blocksCount"], one["blockedByCount"]) == (0, 2)


def test_list_shows_each_relation_once_oldest_first(alice: ApiUser, project: dict, abc: list) -> None:
    a, b, c, d = abc
    relate(alice, project, a, b, "blocks")
    relate(alice, project, c, a, "parent_of")
    relate(alice, project, a, d, "duplicates")
    relate(alice, project, d, a, "related_to")
    assert listed(alice, project, a) == [("blocks", "B"), ("child_of", "C"), ("duplicates", "D"), ("related_to", "D")]
    assert listed(alice, project, c) == [("parent_of", "A")]
    relation = alice.get(f"{project['path']}/cards/{c['id']}/relations").json()[0]
    assert (relation["cardId"], relation["targetCardId"]) == (c["id"], a["id"])


def test_self_relation_is_400(alice: ApiUser, project: dict, abc: list) -> None:
    for kind in ("blocks", "blocked_by", "related_to", "duplicates", "parent_of"):
        response = relate(alice, project, abc[0], abc[0], kind)
        assert response.status_code == 400
        assert response.json()["details"][0]["field"] == "targetCardId"


def test_target_of_another_project_or_unknown_is_400(alice: ApiUser, project: dict, abc: list) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    other["path"] = f"{alice.ws_path}/projects/{other['id']}"
    other["columns"] = alice.get(f"{other['path']}/columns").json()
    foreign = new_card(alice, other, "Foreign")
    for target in (foreign, {"id": MISSING}):
        response = relate(alice, project, abc[0], target, "blocks")
        assert response.status_code == 400
        assert response.json()["details"][0]["field"] == "targetCardId"
    assert listed(alice, project, abc[0]) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"targetCardId": "not-an-id", "type": "blocks"}, "targetCardId"),
        ({"type": "blocks"}, "targetCardId"),
        ({"targetCardId": MISSING, "type": "child_of"}, "type"),
        ({"targetCardId": MISSING}, "type"),
        ({"targetCardId": MISSING, "type": "blocks", "sourceCardId": MISSING}, "sourceCardId"),
    ],
)
def test_create_relation_validates_its_body(alice: ApiUser, project: dict, abc: list, body: dict, field: str) -> None:
    response = alice.post(f"{project['path']}/cards/{abc[0]['id']}/relations", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("A", "B", "blocks"), ("A", "B", "blocks")),
        (("A", "B", "blocks"), ("B", "A", "blocked_by")),
        (("A", "B", "blocked_by"), ("B", "A", "blocks")),
        (("A", "B", "blocked_by"), ("A", "B", "blocked_by")),
        (("A", "B", "related_to"), ("A", "B", "related_to")),
        (("A", "B", "related_to"), ("B", "A", "related_to")),
        (("A", "B", "duplicates"), ("A", "B", "duplicates")),
        (("A", "B", "duplicates"), ("B", "A", "duplicates")),
        (("A", "B", "parent_of"), ("A", "B", "parent_of")),
    ],
)
def test_duplicates_in_either_direction_are_409(
    alice: ApiUser, project: dict, abc: list, first: tuple[str, str, str], second: tuple[str, str, str]
) -> None:
    cards = {c["title"]: c for c in abc}
    assert relate(alice, project, cards[first[0]], cards[first[1]], first[2]).status_code == 201
    assert relate(alice, project, cards[second[0]], cards[second[1]], second[2]).status_code == 409
    assert len(alice.get(f"{project['path']}/cards/{cards['A']['id']}/relations").json()) == 1


def test_different_types_between_the_same_cards_are_allowed(alice: ApiUser, project: dict, abc: list) -> None:
    a, b = abc[0], abc[1]
    for kind in ("blocks", "related_to", "duplicates", "parent_of"):
        assert relate(alice, project, a, b, kind).status_code == 201
    assert sorted(t for t, _ in listed(alice, project, b)) == ["blocked_by", "child_of", "duplicated_by", "related_to"]


@pytest.mark.parametrize("kind", ["blocks", "parent_of"])
def test_two_card_cycle_is_409(alice: ApiUser, project: dict, abc: list, kind: str) -> None:
    a, b = abc[0], abc[1]
    relate(alice, project, a, b, kind)
    response = relate(alice, project, b, a, kind)
    assert response.status_code == 409
    assert "cycle" in response.json()["message"]


def test_blocked_by_that_closes_a_cycle_is_409(alice: ApiUser, project: dict, abc: list) -> None:
    a, b, c = abc[0], abc[1], abc[2]
    relate(alice, project, a, b, "blocks")
    relate(alice, project, b, c, "blocks")
    # "A blocked_by C" means C blocks A: A -> B -> C -> A.
    assert relate(alice, project, a, c, "blocked_by").status_code == 409
    # The other way round is no cycle.
    assert relate(alice, project, c, a, "blocked_by").status_code == 201


def test_longer_blocks_cycle_is_409(alice: ApiUser, project: dict) -> None:
    chain = [new_card(alice, project, f"N{i}") for i in range(6)]
    for first, second in pairwise(chain):
        assert relate(alice, project, first, second, "blocks").status_code == 201
    assert relate(alice, project, chain[-1], chain[0], "blocks").status_code == 409
    assert relate(alice, project, chain[3], chain[1], "blocks").status_code == 409
    # A shortcut in the same direction is no cycle.
    assert relate(alice, project, chain[0], chain[4], "blocks").status_code == 201


def test_longer_parent_cycle_is_409(alice: ApiUser, project: dict) -> None:
    chain = [new_card(alice, project, f"N{i}") for i in range(5)]
    for parent, child in pairwise(chain):
        assert relate(alice, project, parent, child, "parent_of").status_code == 201
    response = relate(alice, project, chain[-1], chain[0], "parent_of")
    assert response.status_code == 409
    assert "cycle" in response.json()["message"]


def test_a_card_has_only_one_parent(alice: ApiUser, project: dict, abc: list) -> None:
    a, b, c = abc[0], abc[1], abc[2]
    assert relate(alice, project, a, c, "parent_of").status_code == 201
    response = relate(alice, project, b, c, "parent_of")
    assert response.status_code == 409
    assert "parent" in response.json()["message"]
    # A parent may have many children.
    assert relate(alice, project, a, b, "parent_of").status_code == 201
    assert sorted(listed(alice, project, a)) == [("parent_of", "B"), ("parent_of", "C")]


def test_other_types_may_form_loops(alice: ApiUser, project: dict, abc: list) -> None:
    a, b, c = abc[0], abc[1], abc[2]
    for first, second in ((a, b), (b, c), (c, a)):
        assert relate(alice, project, first, second, "related_to").status_code == 201
        assert relate(alice, project, first, second, "duplicates").status_code == 201


def test_delete_relation_removes_it_from_both_cards(alice: ApiUser, project: dict, abc: list) -> None:
    a, b = abc[0], abc[1]
    created = relate(alice, project, a, b, "blocked_by").json()
    relate(alice, project, a, b, "related_to")
    response = alice.delete(f"{project['path']}/relations/{created['id']}")
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert listed(alice, project, a) == [("related_to", "B")]
    assert listed(alice, project, b) == [("related_to", "A")]
    assert alice.get(f"{project['path']}/cards/{a['id']}").json()["blockedByCount"] == 0
    assert alice.delete(f"{project['path']}/relations/{created['id']}").status_code == 404
    # Once deleted, the same relation may be created again.
    assert relate(alice, project, b, a, "blocks").status_code == 201


def test_unknown_relation_or_card_is_404(alice: ApiUser, project: dict, abc: list) -> None:
    for relation_id in (MISSING, "bad"):
        assert alice.delete(f"{project['path']}/relations/{relation_id}").status_code == 404
    for card_id in (MISSING, "bad"):
        assert alice.get(f"{project['path']}/cards/{card_id}/relations").status_code == 404
        assert relate(alice, project, {"id": card_id}, abc[0], "blocks").status_code == 404


def test_relation_of_another_project_is_404_through_this_project(alice: ApiUser, project: dict) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    other["path"] = f"{alice.ws_path}/projects/{other['id']}"
    other["columns"] = alice.get(f"{other['path']}/columns").json()
    x, y = new_card(alice, other, "X"), new_card(alice, other, "Y")
    relation = relate(alice, other, x, y, "blocks").json()
    assert alice.delete(f"{project['path']}/relations/{relation['id']}").status_code == 404
    assert alice.get(f"{project['path']}/cards/{x['id']}/relations").status_code == 404
    assert listed(alice, other, x) == [("blocks", "Y")]


def test_deleting_a_card_deletes_its_relations(alice: ApiUser, project: dict, abc: list) -> None:
    a, b = abc[0], abc[1]
    relate(alice, project, a, b, "blocks")
    alice.delete(f"{project['path']}/cards/{b['id']}")
    assert listed(alice, project, a) == []
    assert alice.get(f"{project['path']}/cards/{a['id']}").json()["blocksCount"] == 0


def test_relation_changes_record_card_updated_on_both_cards(alice: ApiUser, project: dict, abc: list, db: Database) -> None:
    a, b = abc[0], abc[1]
    relation = relate(alice, project, a, b, "blocks").json()
    alice.delete(f"{project['path']}/relations/{relation['id']}")
    with db.session() as session:
        updates = session.scalars(select(Activity).where(Activity.type == "card_updated").order_by(Activity.created_at)).all()
    by_card = {(u.card_id, u.meta["relationType"]) for u in updates}
    assert by_card == {(a["id"], "blocks"), (b["id"], "blocked_by")}
    assert len(updates) == 4
    assert all(u.meta["fields"] == ["relations"] for u in updates)


def test_refused_relation_records_nothing(alice: ApiUser, project: dict, abc: list, db: Database) -> None:
    relate(alice, project, abc[0], abc[0], "blocks")
    with db.session() as session:
        assert session.scalars(select(Activity).where(Activity.type == "card_updated")).all() == []


# -- tenancy and authentication -----------------------------------------------------------


def test_another_organization_gets_404_on_every_relation_route(alice: ApiUser, mallory: ApiUser, project: dict, abc: list) -> None:
    a, b = abc[0], abc[1]
    relation = relate(alice, project, a, b, "blocks").json()
    p = project["path"]
    calls = [
        mallory.get(f"{p}/cards/{a['id']}/relations"),
        mallory.post(f"{p}/cards/{a['id']}/relations", json={"targetCardId": abc[2]["id"], "type": "blocks"}),
        mallory.delete(f"{p}/relations/{relation['id']}"),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert listed(alice, project, a) == [("blocks", "B")]


def test_card_of_another_organization_cannot_be_a_target(alice: ApiUser, mallory: ApiUser, project: dict, abc: list) -> None:
    theirs = mallory.post(f"{mallory.ws_path}/projects", json={"name": "Mine"}).json()
    path = f"{mallory.ws_path}/projects/{theirs['id']}"
    column = mallory.get(f"{path}/columns").json()[0]["id"]
    card = mallory.post(f"{path}/columns/{column}/cards", json={"title": "Mine"}).json()
    response = mallory.post(f"{path}/cards/{card['id']}/relations", json={"targetCardId": abc[0]["id"], "type": "blocks"})
    assert response.status_code == 400
    assert abc[0]["key"] not in response.text
    assert mallory.get(f"{path}/cards/{card['id']}/relations").json() == []


def test_relation_routes_need_a_token(client: TestClient, alice: ApiUser, project: dict, abc: list) -> None:
    relation = relate(alice, project, abc[0], abc[1], "blocks").json()
    p = project["path"]
    calls = [
        client.get(f"{p}/cards/{abc[0]['id']}/relations"),
        client.post(f"{p}/cards/{abc[0]['id']}/relations", json={"targetCardId": abc[2]["id"], "type": "blocks"}),
        client.delete(f"{p}/relations/{relation['id']}"),
    ]
    assert [c.status_code for c in calls] == [401] * len(calls)
