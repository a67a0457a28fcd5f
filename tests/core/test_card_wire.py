"""Card lists written by SQLite (``card_wire``) are exactly what ``CardOut`` makes of the same cards.

The project below uses every field of a card: checklists reordered after
creation, labels, custom field values of every type (numbers that are not
short floats among them), recurrence, dates with and without milliseconds
and one before the year 1000, blocking relations both ways and across
scopes, archived cards, quotes, control characters and non-Latin text.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import update

from stellary_core.db import Database
from stellary_core.models import Card
from stellary_core.operations import OperationRunner
from stellary_core.operations.encoded import EncodedList
from stellary_core.schemas.board import CardOut
from stellary_core.services import card_wire, cards
from tests.conftest import ApiUser

NUMBERS = [0, -3, 42, 3.5, 0.1 + 0.2, 1e20, 1.5e-7, 123456789.123456789, 2**53 + 1, -0.25]


def _made(alice: ApiUser, project: dict[str, Any], title: str, column: int = 0, **body: Any) -> dict[str, Any]:
    created = alice.post(f"{project['path']}/columns/{project['columns'][column]['id']}/cards", json={"title": title, **body})
    assert created.status_code == 201, created.text
    card: dict[str, Any] = created.json()
    return card


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture
def rich_project(alice: ApiUser, project: dict[str, Any], db: Database) -> dict[str, Any]:
    path = project["path"]
    fields = {
        kind: _ok(alice.post(f"{path}/custom-fields", json={"name": kind, "type": kind, **extra}))["id"]
        for kind, extra in [
            ("text", {}), ("number", {}), ("date", {}), ("boolean", {}),
            ("select", {"options": ["S", "M"]}), ("multi-select", {"options": ["a", "b", "c"]}),
        ]
    }  # fmt: skip
    labels = [_ok(alice.post(f"{path}/labels", json={"name": n, "color": "#112233"}))["id"] for n in ("zeta", "alpha", "mid")]
    made = []
    for n, number in enumerate(NUMBERS):
        card = _made(
            alice, project, f'Card {n} "quoted" \\ back \u00e9\u65e5\u672c \U0001f680', column=n % 3,
            description="line one\n\tline \u2028two" if n % 2 else None,
            priority=["low", "medium", "high", None][n % 4],
            dueDate="2027-03-04T05:06:07.890Z" if n % 3 == 0 else ("2027-03-04T00:00:00Z" if n % 3 == 1 else None),
            startDate="2027-01-02T03:04:05Z" if n % 2 == 0 else None,
            checklist=[{"title": f"step {i}", "done": i % 2 == 0} for i in range(n % 4)],
        )  # fmt: skip
        for label in labels[: n % 4]:
            _ok(alice.post(f"{path}/cards/{card['id']}/labels/{label}"))
        values: dict[str, Any] = {fields["number"]: number}
        if n % 2:
            values |= {fields["text"]: f"t\u00eaxt {n} \"q\"", fields["boolean"]: n % 3 == 0, fields["select"]: "M"}
            values |= {fields["multi-select"]: ["c", "a"], fields["date"]: "2027-05-06"}
        _ok(alice.patch(f"{path}/cards/{card['id']}/custom-fields", json=values))
        made.append(card)
    # 1 of 8 done is 12.5 %: Python's round gives 12 (half to even), SQL's round would give 13.
    halves = [{"title": f"part {i}", "done": i == 0} for i in range(8)]
    made.append(_made(alice, project, "Halfway rounding", checklist=halves))
    # A checklist reordered after the fact (the list must follow "order", not creation).
    items = made[3]["checklist"]
    reordered = [{"_id": i["_id"], "title": i["title"], "done": i["done"]} for i in reversed(items)]
    _ok(alice.patch(f"{path}/cards/{made[3]['id']}", json={"checklist": reordered}))
    _ok(alice.patch(f"{path}/cards/{made[1]['id']}", json={"recurrence": {"every": "week", "weekdays": ["thu", "mon"]}}))
    _ok(alice.patch(f"{path}/cards/{made[2]['id']}", json={"recurrence": {"every": "month", "interval": 2, "monthDay": 31}}))
    for source, kind, target in [(0, "blocks", 1), (2, "blocked_by", 1), (4, "blocks", 5), (5, "blocked_by", 3), (6, "related_to", 7)]:
        _ok(alice.post(f"{path}/cards/{made[source]['id']}/relations", json={"targetCardId": made[target]["id"], "type": kind}))
    other = _ok(alice.post(f"{path}/scopes", json={"name": "Phase 2"}))
    elsewhere = _ok(alice.post(f"{path}/columns/{other['columns'][0]['id']}/cards", json={"title": "Elsewhere"}))
    _ok(alice.post(f"{path}/cards/{elsewhere['id']}/relations", json={"targetCardId": made[8]["id"], "type": "blocks"}))
    _ok(alice.patch(f"{path}/cards/{made[9]['id']}", json={"archived": True}))
    with db.session(write=True) as session:  # timestamps no REST call can make: before 1000, exactly on a second
        session.execute(update(Card).where(Card.id == made[7]["id"]).values(due_date=datetime(987, 6, 5, 4, 3, 2, 1000)))
        session.execute(update(Card).where(Card.id == made[6]["id"]).values(updated_at=datetime(2027, 1, 1, 0, 0, 0)))
        session.commit()
    return project


def _canonical(data: Any) -> str:
    # Keys sorted; a float stays a float ("1.0" is not "1"), so types are compared too.
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


@pytest.mark.sqlite_only  # the JSON path is SQLite's; other engines take the model path
@pytest.mark.parametrize("listing", [{}, {"include_archived": True}, {"query": "is:blocked"}, {"all_scopes": True}])
def test_sqlite_writes_the_cards_as_the_model_does(
    db: Database, alice: ApiUser, rich_project: dict[str, Any], listing: dict[str, Any]
) -> None:
    with db.session() as session:
        workspace_id = alice.get(alice.ws_path).json()["id"]
        selection = cards.select_cards(
            session, actor=alice.principal, workspace_id=workspace_id, project_id=rich_project["id"], **listing
        )
        assert card_wire.available(session)
        written = card_wire.encode(session, selection)
        modelled = CardOut.many(cards.selected_details(session, selection))
    expected = [card.model_dump(mode="json", by_alias=True) for card in modelled]
    assert len(expected) >= (3 if listing.get("query") else 9)
    for got, want in zip(json.loads(written), expected):
        assert {k: v for k, v in got.items() if v != want.get(k)} == {k: v for k, v in want.items() if v != got.get(k)}
    assert _canonical(json.loads(written)) == _canonical(expected)
    # Key order too: the model's, so a client sees one shape whichever path answered.
    assert [list(card) for card in json.loads(written)] == [list(card) for card in expected]


def test_the_values_that_need_care_come_back_exact(db: Database, alice: ApiUser, rich_project: dict[str, Any]) -> None:
    listed = alice.get(f"{rich_project['path']}/cards", params={"archived": "true"}).json()
    numbers = {card["title"].split()[1]: v for card in listed for v in card["customFields"].values() if type(v) in (int, float)}
    assert sorted(numbers.values()) == sorted(NUMBERS)
    by_number = {card["title"].split()[1]: card for card in listed}
    assert by_number["7"]["dueDate"] == "0987-06-05T04:03:02.001Z"
    assert by_number["0"]["dueDate"] == "2027-03-04T05:06:07.890Z"
    assert by_number["6"]["updatedAt"] == "2027-01-01T00:00:00Z"
    assert by_number["rounding"]["checklistProgress"] == 12
    assert [i["title"] for i in by_number["3"]["checklist"]] == ["step 2", "step 1", "step 0"]
    assert by_number["1"]["title"] == 'Card 1 "quoted" \\ back \u00e9\u65e5\u672c \U0001f680'
    assert by_number["1"]["description"] == "line one\n\tline \u2028two"
    counts = [(by_number[n]["blockedByCount"], by_number[n]["blocksCount"]) for n in ("0", "1", "5", "8")]
    assert counts == [(0, 1), (1, 1), (2, 0), (1, 0)]


@pytest.mark.sqlite_only  # the JSON path is SQLite's; other engines take the model path
def test_the_operation_answers_encoded_lists_that_read_like_lists(db: Database, alice: ApiUser, rich_project: dict[str, Any]) -> None:
    listed: Any = OperationRunner(db).run("list_cards", alice.principal, {"project": rich_project["id"]})
    assert isinstance(listed, EncodedList)
    assert [card.title for card in listed][:2] == [listed[0].title, listed[1].title]
    assert len(listed) == len(json.loads(listed.data))
    assert listed == list(listed)
