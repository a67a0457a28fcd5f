"""Concurrent column and scope reorders through the REST API, on SQLite and (with STELLARY_TEST_DATABASE_URL) PostgreSQL.

Clients in threads move the columns of one scope, and the scopes of one project, to random
places at once: every answer is a success or a 503 (nothing changed, retry), never a 500,
and the orders stay contiguous and unique (0..n-1). On PostgreSQL two reorders read the
same orders unless the scope's rows are locked first.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Scope
from tests.conftest import ApiUser
from tests.races import race

THREADS = 12
STEPS = 8


def _race(move: Callable[[random.Random], int]) -> Counter[int]:
    """``move`` from THREADS clients at once, STEPS times each; the statuses they got back."""
    statuses: Counter[int] = Counter()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(STEPS):
            statuses[move(rng)] += 1

    failures = race(THREADS, client)
    assert failures == [], failures[:3]
    assert set(statuses) <= {200, 503}, statuses
    return statuses


def test_concurrent_column_reorders_keep_the_orders_contiguous(alice: ApiUser, project: dict[str, Any], db: Database) -> None:
    for name in ("Review", "Blocked", "Shipped", "Later", "Ideas"):
        assert alice.post(f"{project['path']}/columns", json={"name": name}).status_code == 201
    columns = [c["id"] for c in alice.get(f"{project['path']}/columns").json()]

    def move(rng: random.Random) -> int:
        answer = alice.patch(f"{project['path']}/columns/{rng.choice(columns)}", json={"order": rng.randrange(len(columns))})
        assert answer.status_code < 500 or answer.json()["statusCode"] == 503, answer.text
        return answer.status_code

    _race(move)
    with db.session() as session:
        orders = session.scalars(select(BoardColumn.order).where(BoardColumn.id.in_(columns))).all()
    assert sorted(orders) == list(range(len(columns)))


def test_concurrent_scope_reorders_keep_the_orders_contiguous(alice: ApiUser, project: dict[str, Any], db: Database) -> None:
    for name in ("Beta", "Gamma", "Delta", "Epsilon", "Zeta"):
        assert alice.post(f"{project['path']}/scopes", json={"name": name}).status_code == 201
    scopes = [s["id"] for s in alice.get(f"{project['path']}/scopes").json()]

    def move(rng: random.Random) -> int:
        answer = alice.patch(f"{project['path']}/scopes/{rng.choice(scopes)}", json={"order": rng.randrange(len(scopes))})
        assert answer.status_code < 500 or answer.json()["statusCode"] == 503, answer.text
        return answer.status_code

    _race(move)
    with db.session() as session:
        orders = session.scalars(select(Scope.order).where(Scope.project_id == project["id"])).all()
    assert sorted(orders) == list(range(len(scopes)))
