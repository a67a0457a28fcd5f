"""Concurrent writes through the operation runner, on SQLite and (with STELLARY_TEST_DATABASE_URL) PostgreSQL.

Many threads move, create, archive, restore, relocate and delete cards of one board at once: the only
error a caller may see is Busy (503), every column's active cards keep the orders 0..n-1, and card
numbers and keys stay unique. A transaction that fails as a deadlock or serialization failure is
re-run a bounded number of times, its side effects published once, and then answers Busy.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg.errors
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from stellary_core.db import Database
from stellary_core.errors import Busy
from stellary_core.event_types import DomainEvent
from stellary_core.models import Activity, Card, Workspace
from stellary_core.operations import OperationRunner, registry
from stellary_core.operations.conflict_retries import ConflictRetries
from stellary_core.operations.registry import Operation
from stellary_core.principal import Principal
from stellary_core.services import accounts
from tests.races import race

THREADS = 18
STEPS = 6


@dataclass
class Board:
    db: Database
    actor: Principal
    workspace_id: str
    projects: dict[str, list[str]] = field(default_factory=dict)  # project id -> its column ids

    def run(self, name: str, **payload: Any) -> Any:
        return OperationRunner(self.db).run(name, self.actor, {"workspace_id": self.workspace_id, **payload})

    def add_project(self, name: str) -> str:
        made = self.run("create_project", data={"name": name})
        self.projects[made.id] = [c.id for c in self.run("list_columns", project=made.id)]
        return str(made.id)


@pytest.fixture
def board(db: Database) -> Board:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
    return Board(db, Principal(user_id=user.id, kind="local"), workspace_id)


def _orders_by_column(db: Database) -> dict[str, list[int]]:
    with db.session() as session:
        rows = session.execute(select(Card.column_id, Card.order).where(Card.archived.is_(False)))
        found: dict[str, list[int]] = {}
        for column_id, order in rows:
            found.setdefault(column_id, []).append(order)
    return {column_id: sorted(orders) for column_id, orders in found.items()}


def assert_board_consistent(db: Database) -> None:
    for column_id, orders in _orders_by_column(db).items():
        assert orders == list(range(len(orders))), f"column {column_id} has orders {orders}"
    with db.session() as session:
        numbers = Counter(session.execute(select(Card.project_id, Card.number)).all())
        keys = Counter(session.scalars(select(Card.key)).all())
    assert [n for n, count in numbers.items() if count > 1] == []
    assert [k for k, count in keys.items() if count > 1] == []


def _worker(board: Board, home: str, away: str, shared: list[str], seed: int, errors: list[BaseException]) -> None:
    """One client's mix of writes; its own cards are the only ones it archives, relocates or deletes."""
    rng = random.Random(seed)
    columns, away_columns = board.projects[home], board.projects[away]
    own: list[str] = []
    for step in range(STEPS):
        card = ""
        try:
            kind = "create" if step == 0 else rng.choice(["move", "move", "move", "create", "archive", "relocate", "delete"])
            if kind == "create" or (kind != "move" and not own):
                made = board.run(
                    "create_card", project=home, column=rng.choice(columns), data={"title": f"t{seed}-{step}", "order": rng.randrange(6)}
                )
                own.append(made.id)
            elif kind == "move":
                board.run("move_card", project=home, card=rng.choice(shared), column=rng.choice(columns), order=rng.randrange(8))
            elif kind == "archive":
                card = rng.choice(own)
                board.run("update_card", project=home, card=card, data={"archived": True})
                board.run("update_card", project=home, card=card, data={"archived": False})
            elif kind == "relocate":
                card = rng.choice(own)
                board.run("relocate_card", project=home, card=card, to_project=away, column=rng.choice(away_columns), order=0)
                board.run("relocate_card", project=away, card=card, to_project=home, column=rng.choice(columns), order=rng.randrange(4))
            else:
                card = own.pop(rng.randrange(len(own)))
                if rng.random() < 0.5:
                    board.run("delete_card", project=home, card=card)
                else:
                    board.run("trash_card", project=home, card=card)
                    board.run("restore_card", project=home, card=card)
                    own.append(card)
        except Busy:
            # The one answer a caller may get for contention: nothing changed. A pair of steps may have
            # stopped halfway (the card left in the other project, or in the trash): this client forgets it.
            if card in own:
                own.remove(card)
        except BaseException as error:  # anything else is the failure this test looks for
            errors.append(error)


def test_concurrent_card_writes_keep_orders_contiguous_and_keys_unique(board: Board) -> None:
    home, away = board.add_project("Home"), board.add_project("Away")
    shared = [
        board.run("create_card", project=home, column=board.projects[home][i % 3], data={"title": f"Shared {i}"}).id
        for i in range(12)
    ]
    errors: list[BaseException] = []
    errors += race(THREADS, lambda seed: _worker(board, home, away, shared, seed, errors))
    kinds = Counter(f"{type(e).__name__}: {str(e).splitlines()[0][:90]}" for e in errors)
    assert errors == [], kinds
    assert_board_consistent(board.db)


def test_a_card_relocated_into_a_project_holding_its_number_takes_the_next_one(board: Board) -> None:
    home, away = board.add_project("Home"), board.add_project("Away")
    moving = board.run("create_card", project=home, data={"title": "Moving"})
    staying = board.run("create_card", project=away, data={"title": "Staying"})
    assert moving.key.endswith("-1") and staying.key.endswith("-1")
    moved = board.run("relocate_card", project=home, card=moving.id, to_project=away, column=board.projects[away][0])
    assert moved.key.endswith("-2")
    assert_board_consistent(board.db)


# -- transactions that lose to a concurrent one --------------------------------------------------------------


def _losing(op: Operation[Any, Any], times: int, error: type[psycopg.errors.OperationalError]) -> tuple[Operation[Any, Any], list[int]]:
    """``op`` whose first ``times`` runs do all their work, then fail as PostgreSQL reports a lost transaction."""
    runs: list[int] = []

    def run(ctx: Any, given: Any) -> Any:
        runs.append(len(runs) + 1)
        result = op.run(ctx, given)
        ctx.session.flush()
        if len(runs) <= times:
            raise OperationalError("UPDATE cards SET ...", {}, error("could not complete: a concurrent transaction won"))
        return result

    return dataclasses.replace(op, run=run), runs


def _published(db: Database) -> list[DomainEvent]:
    seen: list[DomainEvent] = []
    db.events.subscribe(seen.append)
    return seen


@pytest.mark.parametrize("error", [psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected])
def test_a_lost_transaction_is_run_again_and_its_events_published_once(
    board: Board, error: type[psycopg.errors.OperationalError]
) -> None:
    home = board.add_project("Home")
    todo, doing = board.projects[home][:2]
    card = board.run("create_card", project=home, column=todo, data={"title": "Moving"})
    seen = _published(board.db)
    losing, runs = _losing(registry.get_operation("move_card"), 2, error)

    moved = OperationRunner(board.db).run(losing, board.actor, {"workspace_id": board.workspace_id, "card": card.id, "column": doing})

    assert runs == [1, 2, 3]
    assert moved.column_id == doing
    assert [e.type for e in seen] == ["card_moved"]
    with board.db.session() as session:
        moves = session.scalars(select(Activity.id).where(Activity.card_id == card.id, Activity.type == "card_moved")).all()
    assert len(moves) == 1
    assert_board_consistent(board.db)


def test_a_transaction_that_keeps_losing_answers_busy_having_changed_nothing(board: Board) -> None:
    home = board.add_project("Home")
    todo, doing = board.projects[home][:2]
    card = board.run("create_card", project=home, column=todo, data={"title": "Moving"})
    seen = _published(board.db)
    losing, runs = _losing(registry.get_operation("move_card"), 100, psycopg.errors.DeadlockDetected)
    runner = OperationRunner(board.db, retries=ConflictRetries(attempts=3, first_pause=0.001))

    with pytest.raises(Busy) as raised:
        runner.run(losing, board.actor, {"workspace_id": board.workspace_id, "card": card.id, "column": doing})

    assert type(raised.value) is Busy and raised.value.status == 503
    assert runs == [1, 2, 3]
    assert seen == []
    assert board.run("get_card_details", project=home, card=card.id).column_id == todo


def test_retry_pauses_are_random_and_bounded() -> None:
    retries = ConflictRetries(first_pause=0.01, longest_pause=0.05)
    rng = random.Random(7)
    pauses = [[retries.pause(retry, rng) for _ in range(200)] for retry in range(6)]
    for retry, drawn in enumerate(pauses):
        assert 0 <= min(drawn) and max(drawn) <= min(0.05, 0.01 * 2**retry)
        assert len(set(drawn)) > 100  # jittered, not one fixed wait
    assert max(pauses[0]) < max(pauses[2])
    with pytest.raises(ValueError):
        ConflictRetries(attempts=0)
