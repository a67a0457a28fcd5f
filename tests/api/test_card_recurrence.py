"""The ``recurrence`` extension of a card over REST: set on create or update, read back, cleared by null, checked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core import clock
from tests.api.test_cards import create, listed, made, patch
from tests.conftest import ApiUser

WEEKLY = {"every": "week", "interval": 1, "weekdays": ["mon", "thu"], "monthDay": None}


def read(user: ApiUser, project: dict, card: dict) -> dict[str, Any]:
    response = user.get(f"{project['path']}/cards/{card['id']}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_recurrence_round_trips_on_create_read_list_and_update(alice: ApiUser, project: dict) -> None:
    card = made(alice, project, title="Standup notes", recurrence={"every": "week", "weekdays": ["thu", "mon"]})
    assert card["recurrence"] == WEEKLY
    assert read(alice, project, card)["recurrence"] == WEEKLY
    assert [c["recurrence"] for c in listed(alice, project)] == [WEEKLY]
    monthly = {"every": "month", "interval": 3, "monthDay": 31}
    updated = patch(alice, project, card, recurrence=monthly).json()
    assert updated["recurrence"] == {**monthly, "weekdays": []}
    # Another change leaves it alone; null clears it.
    assert patch(alice, project, card, title="Standup").json()["recurrence"] == {**monthly, "weekdays": []}
    assert patch(alice, project, card, recurrence=None).json()["recurrence"] is None
    assert read(alice, project, card)["recurrence"] is None


def test_a_card_without_one_says_null(alice: ApiUser, project: dict) -> None:
    assert made(alice, project)["recurrence"] is None


@pytest.mark.parametrize(
    ("recurrence", "field"),
    [
        ({}, "recurrence.every"),
        ({"every": "year"}, "recurrence.every"),
        ({"every": "day", "interval": 0}, "recurrence.interval"),
        ({"every": "day", "interval": 366}, "recurrence.interval"),
        ({"every": "day", "interval": "2"}, "recurrence.interval"),
        ({"every": "week", "weekdays": ["funday"]}, "recurrence.weekdays.0"),
        ({"every": "week", "weekdays": "mon"}, "recurrence.weekdays"),
        ({"every": "day", "weekdays": ["mon"]}, "recurrence.weekdays"),
        ({"every": "month", "monthDay": 32}, "recurrence.monthDay"),
        ({"every": "week", "monthDay": 3}, "recurrence.monthDay"),
        ({"every": "month", "month_day": 3}, "recurrence.month_day"),
        ({"every": "day", "until": "2027-01-01"}, "recurrence.until"),
        ("daily", "recurrence"),
    ],
)
def test_a_bad_recurrence_is_a_400_naming_its_field(alice: ApiUser, project: dict, recurrence: Any, field: str) -> None:
    created = create(alice, project, recurrence=recurrence)
    assert created.status_code == 400, created.text
    assert field in [d["field"] for d in created.json()["details"]]
    card = made(alice, project)
    updated = patch(alice, project, card, recurrence=recurrence)
    assert updated.status_code == 400, updated.text
    assert field in [d["field"] for d in updated.json()["details"]]
    assert read(alice, project, card)["recurrence"] is None


def test_the_messages_say_what_fits(alice: ApiUser, project: dict) -> None:
    body = create(alice, project, recurrence={"every": "day", "weekdays": ["mon"]}).json()
    assert body["details"] == [
        {"field": "recurrence.weekdays", "message": 'only a weekly recurrence ("every": "week") takes weekdays'}
    ]


def test_moving_a_recurring_card_to_done_creates_the_next_one(alice: ApiUser, project: dict) -> None:
    clock.freeze(datetime(2026, 3, 2, 9, 0))
    done_column = project["columns"][2]["id"]
    card = made(alice, project, 1, title="Pay rent", dueDate="2026-03-31", recurrence={"every": "month"})
    moved = patch(alice, project, card, columnId=done_column).json()
    assert (moved["status"], moved["recurrence"]) == ("done", None)
    follower = next(c for c in listed(alice, project) if c["id"] != card["id"])
    assert (follower["title"], follower["columnId"], follower["dueDate"], follower["status"]) == (
        "Pay rent", project["columns"][0]["id"], "2026-04-30T00:00:00Z", "todo",
    )  # fmt: skip
    assert follower["recurrence"] == {"every": "month", "interval": 1, "weekdays": [], "monthDay": 31}
    activity = alice.get(f"{project['path']}/cards/{follower['id']}/activity").json()
    assert [(a["type"], a["meta"]["recurredFrom"]) for a in activity] == [("card_created", card["key"])]
    # Out of done and back: still two cards.
    patch(alice, project, card, columnId=project["columns"][1]["id"])
    patch(alice, project, card, columnId=done_column)
    assert len(listed(alice, project)) == 2


def test_a_card_moved_into_another_projects_done_column_repeats_there(alice: ApiUser, project: dict) -> None:
    clock.freeze(datetime(2026, 3, 2, 9, 0))
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Household"}).json()
    other_path = f"{alice.ws_path}/projects/{other['id']}"
    other_columns = alice.get(f"{other_path}/columns").json()
    card = made(alice, project, title="Water plants", dueDate="2026-03-02", recurrence={"every": "day"})
    moved = patch(alice, project, card, projectId=other["id"], columnId=other_columns[2]["id"])
    assert moved.status_code == 200, moved.text
    assert (moved.json()["status"], moved.json()["recurrence"]) == ("done", None)
    there = alice.get(f"{other_path}/cards").json()
    follower = next(c for c in there if c["id"] != card["id"])
    assert (follower["columnId"], follower["dueDate"], follower["recurrence"]["every"]) == (
        other_columns[0]["id"], "2026-03-03T00:00:00Z", "day",
    )  # fmt: skip
    assert listed(alice, project) == []
