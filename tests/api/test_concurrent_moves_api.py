"""Concurrent card writes through the REST API, on SQLite and (with STELLARY_TEST_DATABASE_URL) PostgreSQL.

Clients in threads move, create, archive and delete cards of one board at once: every answer is a
success or a 503 (nothing changed, retry), never a 500; orders stay contiguous and keys unique.
A write that keeps losing to concurrent transactions answers 503 in the error envelope.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import psycopg.errors
import pytest
from sqlalchemy.exc import OperationalError

from stellary_core.db import Database
from stellary_core.services import cards
from tests.api.test_labels import second_project
from tests.conftest import ApiUser
from tests.races import race
from tests.core.test_concurrent_moves import assert_board_consistent

THREADS = 18
STEPS = 6


def _client(user: ApiUser, home: dict[str, Any], away: dict[str, Any], shared: list[str], seed: int) -> list[int]:
    """One client's writes; the statuses it got back. Its own cards are the only ones it archives, relocates or deletes."""
    rng = random.Random(seed)
    columns = [c["id"] for c in home["columns"]]
    statuses: list[int] = []
    own: list[str] = []
    for step in range(STEPS):
        kind = "create" if step == 0 else rng.choice(["move", "move", "move", "create", "archive", "relocate", "delete"])
        if kind == "create" or (kind != "move" and not own):
            answer = user.post(f"{home['path']}/columns/{rng.choice(columns)}/cards", json={"title": f"t{seed}-{step}", "order": rng.randrange(6)})
            if answer.status_code == 201:
                own.append(answer.json()["id"])
        elif kind == "move":
            body = {"columnId": rng.choice(columns), "order": rng.randrange(8)}
            answer = user.patch(f"{home['path']}/cards/{rng.choice(shared)}", json=body)
        elif kind == "archive":
            answer = user.patch(f"{home['path']}/cards/{rng.choice(own)}", json={"archived": rng.random() < 0.5})
        elif kind == "relocate":
            # A card sent away is forgotten: the others of this client stay in the home project.
            card = own.pop(rng.randrange(len(own)))
            body = {"projectId": away["id"], "columnId": rng.choice(away["columns"])["id"], "order": 0}
            answer = user.patch(f"{home['path']}/cards/{card}", json=body)
        else:
            answer = user.delete(f"{home['path']}/cards/{own.pop(rng.randrange(len(own)))}")
        statuses.append(answer.status_code)
        if answer.status_code >= 500:
            assert answer.status_code == 503 and answer.json()["statusCode"] == 503, answer.text
    return statuses


def test_concurrent_card_writes_over_rest_answer_no_500_and_keep_the_board_consistent(
    alice: ApiUser, project: dict[str, Any], db: Database
) -> None:
    away = second_project(alice, "Away")
    columns = [c["id"] for c in project["columns"]]
    shared = []
    for i in range(12):
        made = alice.post(f"{project['path']}/columns/{columns[i % 3]}/cards", json={"title": f"Shared {i}"})
        assert made.status_code == 201, made.text
        shared.append(made.json()["id"])
    statuses: Counter[int] = Counter()

    def client(seed: int) -> None:
        statuses.update(_client(alice, project, away, shared, seed))

    failures = race(THREADS, client)
    assert failures == [], failures[:3]
    assert set(statuses) <= {200, 201, 503}, statuses
    assert statuses[503] < sum(statuses.values()) // 4, statuses  # retries absorb nearly all contention
    assert_board_consistent(db)


def test_a_write_that_keeps_losing_to_concurrent_transactions_answers_503(
    alice: ApiUser, project: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    todo, doing = project["columns"][0]["id"], project["columns"][1]["id"]
    card = alice.post(f"{project['path']}/columns/{todo}/cards", json={"title": "Moving"}).json()
    real = cards.update_card
    runs: list[int] = []

    def losing(session: Any, **given: Any) -> Any:
        runs.append(1)
        real(session, **given)
        session.flush()
        raise OperationalError("UPDATE cards SET ...", {}, psycopg.errors.DeadlockDetected("deadlock detected"))

    monkeypatch.setattr(cards, "update_card", losing)
    answer = alice.patch(f"{project['path']}/cards/{card['id']}", json={"columnId": doing})

    assert answer.status_code == 503
    assert answer.json() == {
        "statusCode": 503,
        "message": "The database is busy; nothing was changed, retry shortly",
        "error": "Service Unavailable",
    }
    assert answer.headers["Retry-After"] == "1"
    assert len(runs) == 5  # the runner's default attempts, the first included
    monkeypatch.setattr(cards, "update_card", real)
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["columnId"] == todo
