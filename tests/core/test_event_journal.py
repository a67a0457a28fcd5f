"""The event journal: every committed domain event, relayed by the other processes' event feeds.

Two Database objects on one database stand for two processes (two server workers, a TUI and a
server): what one commits reaches the other's ``EventFeed`` as the same typed event, once; what
is rolled back, wholly or by a savepoint, or lost to a concurrent transaction, is never journaled.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg.errors
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from stellary_core import clock, event_journal
from stellary_core.db import Database, open_database
from stellary_core.event_types import Actor, DomainEvent, ProjectUpdated
from stellary_core.event_wire import event_to_wire
from stellary_core.events import emit
from stellary_core.models import JournalEntry, Workspace
from stellary_core.operations import OperationRunner, registry
from stellary_core.operations.conflict_retries import ConflictRetries
from stellary_core.principal import Principal
from stellary_core.server.event_feed import EventFeed, Visibility
from stellary_core.services import accounts

POLL = 0.05
SETTLE = 0.6  # long enough for a dozen polls: a second delivery would have come by then


@dataclass
class Board:
    db: Database
    actor: Principal
    workspace_id: str
    project_id: str
    column_ids: list[str]

    def run(self, name: str, *, on: Database | None = None, **payload: Any) -> Any:
        return OperationRunner(on or self.db).run(name, self.actor, {"workspace_id": self.workspace_id, **payload})

    def renamed(self, name: str) -> ProjectUpdated:
        return ProjectUpdated(
            actor=Actor.of(self.actor), workspace_id=self.workspace_id, project_id=self.project_id, data={"name": name}
        )


def _user(db: Database, name: str) -> tuple[Principal, str]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name=name)
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
    return Principal(user_id=user.id, kind="local"), workspace_id


@pytest.fixture
def board(db: Database) -> Board:
    actor, workspace_id = _user(db, "Ada")
    run = OperationRunner(db).run
    project = run("create_project", actor, {"workspace_id": workspace_id, "data": {"name": "Ops"}})
    columns = run("list_columns", actor, {"workspace_id": workspace_id, "project": project.id})
    return Board(db, actor, workspace_id, project.id, [c.id for c in columns])


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """Another process's connection pool on the same database."""
    second = open_database(db.settings, migrate=False)
    yield second
    second.dispose()


class Heard:
    """What one subscriber of a feed was handed."""

    def __init__(self, feed: EventFeed) -> None:
        self.items: list[DomainEvent | None] = []
        self.stop = feed.subscribe(self.items.append)

    def wait_for(self, found: Callable[[list[DomainEvent | None]], bool], within: float = 10.0) -> None:
        deadline = time.monotonic() + within
        while not found(self.items):
            assert time.monotonic() < deadline, f"not heard: {self.items}"
            time.sleep(POLL)
        time.sleep(SETTLE)


@pytest.fixture
def feed(db: Database) -> Iterator[Heard]:
    heard = Heard(EventFeed(db, poll_seconds=POLL))
    yield heard
    heard.stop()


def _published(db: Database) -> list[DomainEvent]:
    seen: list[DomainEvent] = []
    db.events.subscribe(seen.append)
    return seen


def _journal(db: Database) -> list[str]:
    with db.session() as session:
        return [str(wire["type"]) for wire in session.scalars(select(JournalEntry.event).order_by(JournalEntry.id))]


def test_another_processes_commit_reaches_the_feed_as_the_same_typed_events_once(board: Board, other: Database, feed: Heard) -> None:
    committed = _published(other)
    card = board.run("create_card", on=other, project=board.project_id, data={"title": "From elsewhere"})
    board.run("move_card", on=other, project=board.project_id, card=card.id, column=board.column_ids[1])

    feed.wait_for(lambda items: len(items) >= 2)

    assert [e.type for e in committed] == ["card_created", "card_moved"]
    assert None not in feed.items  # no bare "changed": the journal said what it was
    assert [type(e) for e in feed.items] == [type(e) for e in committed]
    assert [event_to_wire(e) for e in feed.items if e is not None] == [event_to_wire(e) for e in committed]


def test_this_processes_own_commits_are_handed_out_once_not_again_from_the_journal(
    board: Board, other: Database, feed: Heard
) -> None:
    board.run("create_card", project=board.project_id, data={"title": "Mine"})
    board.run("create_card", on=other, project=board.project_id, data={"title": "Theirs"})  # wakes the watcher up

    feed.wait_for(lambda items: len(items) >= 2)

    assert sorted(e.data["title"] for e in feed.items if e is not None) == ["Mine", "Theirs"]
    assert len(feed.items) == 2


def test_what_a_feed_hands_out_is_filtered_by_who_may_see_it(board: Board, other: Database, feed: Heard) -> None:
    board.run("create_card", on=other, project=board.project_id, data={"title": "Private"})
    feed.wait_for(lambda items: len(items) >= 1)
    (event,) = feed.items
    assert event is not None
    assert Visibility.read(board.db, board.actor.user_id).may_see(event)
    assert not Visibility(user_id="0" * 24, workspace_ids=frozenset(), org_ids=frozenset()).may_see(event)


def test_a_rolled_back_unit_of_work_and_a_rolled_back_savepoint_journal_nothing(board: Board) -> None:
    before = _journal(board.db)
    with pytest.raises(RuntimeError, match="changed my mind"):
        with board.db.session(write=True) as session:
            emit(session, board.renamed("never"))
            raise RuntimeError("changed my mind")
    with board.db.session(write=True) as session:
        emit(session, board.renamed("kept"))
        with pytest.raises(RuntimeError):
            with session.begin_nested():
                emit(session, board.renamed("undone"))
                raise RuntimeError("this one fails")
        with session.begin_nested():
            emit(session, board.renamed("released"))
    with board.db.session() as session:
        rows = session.scalars(select(JournalEntry.event).order_by(JournalEntry.id)).all()
    assert [row["data"]["name"] for row in rows[len(before) :]] == ["kept", "released"]


@pytest.mark.parametrize("error", [psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected])
def test_a_transaction_lost_and_run_again_is_journaled_once(board: Board, error: type[psycopg.errors.OperationalError]) -> None:
    card = board.run("create_card", project=board.project_id, data={"title": "Moving"})
    moving = registry.get_operation("move_card")
    runs: list[int] = []

    def losing_twice(ctx: Any, given: Any) -> Any:
        runs.append(len(runs) + 1)
        result = moving.run(ctx, given)
        ctx.session.flush()
        if len(runs) <= 2:  # its work done, then it loses as PostgreSQL reports it
            raise OperationalError("UPDATE cards SET ...", {}, error("a concurrent transaction won"))
        return result

    runner = OperationRunner(board.db, retries=ConflictRetries(attempts=3, first_pause=0.001))
    before = _journal(board.db)
    runner.run(
        dataclasses.replace(moving, run=losing_twice),
        board.actor,
        {"workspace_id": board.workspace_id, "project": board.project_id, "card": card.id, "column": board.column_ids[1]},
    )
    assert runs == [1, 2, 3]
    assert _journal(board.db)[len(before) :] == ["card_moved"]


def test_journal_ids_are_in_commit_order_a_later_writer_waits_for_an_earlier_ones_commit(board: Board, other: Database) -> None:
    # On PostgreSQL a sequence hands out ids at insert time: without a lock held to the commit, the second
    # writer could commit its higher id first, and a reader past it would never see the lower one.
    first = board.db.new_session(write=True)
    board.db.journal.write(first, [board.renamed("first")])
    done = threading.Event()

    def second_writer() -> None:
        with other.session(write=True) as session:
            emit(session, board.renamed("second"))
        done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    try:
        assert not done.wait(0.5)  # queued behind the first, which holds its journal rows uncommitted
        first.commit()
    finally:
        first.close()
        thread.join(10)
    assert done.is_set()
    with board.db.session() as session:
        names = [row["data"]["name"] for row in session.scalars(select(JournalEntry.event).order_by(JournalEntry.id))]
    assert names[-2:] == ["first", "second"]


def test_rows_older_than_the_kept_time_are_pruned_by_a_later_write(board: Board, monkeypatch: pytest.MonkeyPatch) -> None:
    clock.freeze(clock.utcnow() - event_journal.KEPT - timedelta(minutes=1))
    with board.db.session(write=True) as session:
        emit(session, board.renamed("old"))
    clock.freeze(None)
    monkeypatch.setattr(event_journal, "PRUNE_EVERY_SECONDS", 0.0)
    with board.db.session(write=True) as session:
        emit(session, board.renamed("new"))
    with board.db.session() as session:
        names = [row.get("data", {}).get("name") for row in session.scalars(select(JournalEntry.event))]
    assert "old" not in names and "new" in names


def test_a_reader_that_fell_behind_pruned_rows_hears_that_something_changed_then_the_rest(
    board: Board, other: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with board.db.session() as session:
        behind = board.db.journal.head(session)  # a feed that stalls here
    clock.freeze(clock.utcnow() - event_journal.KEPT - timedelta(minutes=1))
    with other.session(write=True) as session:
        emit(session, board.renamed("lost"))
    with other.session(write=True) as session:
        emit(session, board.renamed("lost too"))
    with board.db.session() as session:
        caught_up = board.db.journal.head(session)  # a feed that had read them all
    clock.freeze(None)
    monkeypatch.setattr(event_journal, "PRUNE_EVERY_SECONDS", 0.0)
    with other.session(write=True) as session:
        emit(session, board.renamed("kept"))
    with board.db.session() as session:
        fell_behind = board.db.journal.read_after(session, behind)
        kept_up = board.db.journal.read_after(session, caught_up)
    assert [None if e is None else e.data["name"] for e in fell_behind.events] == [None, "kept"]
    assert [None if e is None else e.data["name"] for e in kept_up.events] == ["kept"]


def test_pruning_waits_a_minute_between_two_writes(board: Board) -> None:
    with board.db.session(write=True) as session:
        emit(session, board.renamed("now"))  # the first write of this Database prunes
    clock.freeze(clock.utcnow() - event_journal.KEPT - timedelta(minutes=1))
    with board.db.session(write=True) as session:
        emit(session, board.renamed("old"))
    clock.freeze(None)
    with board.db.session(write=True) as session:
        emit(session, board.renamed("later"))
    assert "old" in [row["data"].get("name") for row in _rows(board.db)]


def _rows(db: Database) -> list[dict[str, Any]]:
    with db.session() as session:
        return list(session.scalars(select(JournalEntry.event)))


def test_a_journal_unreadable_when_the_feed_starts_announces_changed_then_relays_events_once_readable(
    board: Board, other: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def away(_session: Any) -> int:
        raise OperationalError("SELECT max(id) FROM event_journal", {}, Exception("the journal is away"))

    monkeypatch.setattr(board.db.journal, "head", away)
    heard = Heard(EventFeed(board.db, poll_seconds=POLL))
    try:
        board.run("create_card", on=other, project=board.project_id, data={"title": "Unknown"})
        heard.wait_for(lambda items: len(items) >= 1)
        monkeypatch.undo()
        heard.wait_for(lambda items: len(items) >= 2)  # readable again: the gap is announced once more
        board.run("create_card", on=other, project=board.project_id, data={"title": "Known"})
        heard.wait_for(lambda items: len(items) >= 3)
    finally:
        heard.stop()
    assert heard.items[:2] == [None, None]
    assert [e.data["title"] for e in heard.items[2:] if e is not None] == ["Known"]
    assert len(heard.items) == 3
