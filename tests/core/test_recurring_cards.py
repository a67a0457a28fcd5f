"""A recurring card, once done, is followed by its next occurrence (``services.recurring_cards``), once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core import clock
from stellary_core.event_types import CardCreated, CardRecurred, DomainEvent
from stellary_core.models import Activity, Card
from stellary_core.operations import OperationRunner
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.services import cards, columns, custom_fields, labels
from tests.core.test_board_rules import World, assert_contiguous, world  # noqa: F401  (world: fixture)

WEEKLY = {"every": "week", "interval": 1, "weekdays": ["mon", "thu"]}


class Board:
    """A default project (To Do, In Progress, Done) of ``world``, by column name."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.project_id = world.project()
        self.column = {c.name: c.id for c in world.columns(self.project_id)}

    def card(self, column: str = "To Do", **fields: Any) -> Card:
        return self.world.card(self.project_id, self.column[column], **fields)

    def move(self, card: Card, column: str) -> Card:
        return self.world.update(self.project_id, card.id, column_id=self.column[column])

    def all(self) -> list[Card]:
        """Every card of the project, archived too, by number."""
        with self.world.db.session() as s:
            return list(s.scalars(select(Card).where(Card.project_id == self.project_id).order_by(Card.number)))

    def details(self, card_id: str) -> cards.CardDetails:
        with self.world.db.session() as s:
            return cards.get_card(
                s, actor=self.world.actor, workspace_id=self.world.workspace_id, project_id=self.project_id, card_id=card_id
            )


@pytest.fixture
def board(world: World) -> Board:
    clock.freeze(datetime(2026, 3, 2, 8, 0))
    return Board(world)


def test_done_weekly_card_is_followed_by_the_next_occurrence_with_everything_copied(board: Board) -> None:
    world = board.world
    where = {"workspace_id": world.workspace_id, "project_id": board.project_id}
    with world.db.session(write=True) as s:
        urgent = labels.create_label(s, actor=world.actor, data=LabelCreateIn(name="chore", color="#22c55e"), **where)
        size = custom_fields.create_custom_field(s, actor=world.actor, data=CustomFieldCreateIn(name="Size", type="number"), **where)
    other = board.card(title="Someone else's work")
    card = board.card(
        "In Progress",
        title="Water the plants",
        description="Both floors",
        priority="high",
        assignee_id=world.actor.user_id,
        start_date="2026-02-27T09:00:00Z",  # Friday before
        due_date="2026-03-02T17:30:00Z",  # a Monday
        checklist=[{"title": "Ground floor", "done": True}, {"title": "First floor", "done": False}],
        recurrence=WEEKLY,
    )
    with world.db.session(write=True) as s:
        labels.add_label_to_card(s, actor=world.actor, card_id=card.id, label_id=urgent.id, **where)
        custom_fields.set_field_values(s, actor=world.actor, card_id=card.id, values={size.id: 3}, **where)

    board.move(card, "Done")

    done, follower = board.details(card.id), board.details(board.all()[-1].id)
    assert done.card.recurrence is None and done.card.status == "done"
    new = follower.card
    assert (new.key, new.title, new.description, new.priority, new.assignee_id) == (
        "QL-3", "Water the plants", "Both floors", "high", world.actor.user_id,
    )  # fmt: skip
    # Due on the next of Monday/Thursday after Monday, keeping the time; the start moves as far.
    assert (new.due_date, new.start_date) == (datetime(2026, 3, 5, 17, 30), datetime(2026, 3, 2, 9, 0))
    # In the scope's first todo column, after the cards already there, as any new card.
    assert (new.column_id, new.order, new.status) == (board.column["To Do"], 1, "todo")
    assert [(i.title, i.done) for i in follower.checklist] == [("Ground floor", False), ("First floor", False)]
    assert (follower.label_ids, follower.custom_fields) == ([urgent.id], {size.id: 3})
    assert new.recurrence == WEEKLY | {"monthDay": None}
    assert other.id in {c.id for c in board.all()}


def test_leaving_done_and_coming_back_makes_no_second_occurrence(board: Board) -> None:
    card = board.card(due_date="2026-03-02", recurrence={"every": "day"})
    board.move(card, "Done")
    assert len(board.all()) == 2
    board.move(card, "In Progress")
    board.move(card, "Done")
    board.move(card, "To Do")
    board.move(card, "Done")
    assert [c.due_date for c in board.all()] == [datetime(2026, 3, 2), datetime(2026, 3, 3)]
    # The follower repeats in turn: one more, one day on.
    board.move(board.all()[1], "Done")
    assert [c.due_date for c in board.all()] == [datetime(2026, 3, 2), datetime(2026, 3, 3), datetime(2026, 3, 4)]
    assert [c.recurrence is not None for c in board.all()] == [False, False, True]


def test_setting_the_status_to_done_is_being_done_too(board: Board) -> None:
    card = board.card(due_date="2026-03-10", recurrence={"every": "day", "interval": 3})
    board.world.update(board.project_id, card.id, status="done")
    assert [(c.due_date, c.status) for c in board.all()] == [(datetime(2026, 3, 10), "done"), (datetime(2026, 3, 13), "todo")]


def test_one_request_may_set_the_recurrence_and_finish_the_card(board: Board) -> None:
    card = board.card(due_date="2026-03-10")
    board.world.update(board.project_id, card.id, recurrence={"every": "month"}, column_id=board.column["Done"])
    assert [c.due_date for c in board.all()] == [datetime(2026, 3, 10), datetime(2026, 4, 10)]


def test_a_monthly_card_due_on_the_31st_comes_back_on_the_last_day_then_on_the_31st(board: Board) -> None:
    card = board.card(due_date="2026-01-31", recurrence={"every": "month"})
    board.move(card, "Done")
    february = board.all()[-1]
    assert (february.due_date, february.recurrence) == (
        datetime(2026, 2, 28), {"every": "month", "interval": 1, "weekdays": [], "monthDay": 31},
    )  # fmt: skip
    board.move(february, "Done")
    assert board.all()[-1].due_date == datetime(2026, 3, 31)


def test_without_dates_the_next_occurrence_counts_from_the_day_it_was_done(board: Board) -> None:
    card = board.card(recurrence={"every": "week"})
    clock.freeze(datetime(2026, 3, 4, 15, 0))  # done on a Wednesday
    board.move(card, "Done")
    new = board.all()[-1]
    assert (new.start_date, new.due_date) == (None, datetime(2026, 3, 11))


def test_a_start_date_alone_moves(board: Board) -> None:
    card = board.card(start_date="2026-03-02T08:00:00Z", recurrence={"every": "day", "interval": 2})
    board.move(card, "Done")
    assert (board.all()[-1].start_date, board.all()[-1].due_date) == (datetime(2026, 3, 4, 8, 0), None)


def test_the_follower_goes_to_the_first_open_column_of_the_scope(world: World) -> None:
    clock.freeze(datetime(2026, 3, 2, 8, 0))
    project_id = world.project("Sprinting", "scrum")  # Backlog, Sprint (todo), In Progress, Review, Done
    column = {c.name: c.id for c in world.columns(project_id)}
    card = world.card(project_id, column["Sprint"], due_date="2026-03-02", recurrence={"every": "day"})
    world.update(project_id, card.id, column_id=column["Done"])
    with world.db.session() as s:
        follower = s.scalars(select(Card).where(Card.project_id == project_id).order_by(Card.number.desc())).first()
    assert follower is not None and follower.column_id == column["Backlog"]


def test_deleting_a_column_into_done_follows_up_outside_the_deleted_column(board: Board) -> None:
    world = board.world
    card = board.card("To Do", due_date="2026-03-02", recurrence={"every": "day"})
    with world.db.session(write=True) as s:
        columns.delete_column(
            s, actor=world.actor, workspace_id=world.workspace_id, project_id=board.project_id,
            column_id=board.column["To Do"], move_cards_to=board.column["Done"],
        )  # fmt: skip
    done, follower = board.all()
    assert (done.id, done.column_id, done.recurrence) == (card.id, board.column["Done"], None)
    assert (follower.column_id, follower.due_date) == (board.column["In Progress"], datetime(2026, 3, 3))


def test_with_only_done_columns_left_the_followers_join_the_done_column_in_order(board: Board) -> None:
    world = board.world
    for title in ("One", "Two"):
        board.card("To Do", title=title, due_date="2026-03-02", recurrence={"every": "day"})

    def delete(column: str, move_to: str | None = None) -> None:
        with world.db.session(write=True) as s:
            columns.delete_column(
                s, actor=world.actor, workspace_id=world.workspace_id, project_id=board.project_id,
                column_id=board.column[column], move_cards_to=board.column[move_to] if move_to else None,
            )  # fmt: skip

    delete("In Progress")
    delete("To Do", "Done")
    assert_contiguous(world.db, board.project_id)
    # Made done, as their column is: they repeat only once they leave it and come back.
    assert [(c.title, c.order, c.status, c.recurrence is not None) for c in sorted(board.all(), key=lambda c: c.order)] == [
        ("One", 0, "done", False), ("One", 1, "done", True), ("Two", 2, "done", False), ("Two", 3, "done", True),
    ]  # fmt: skip


def test_an_archived_card_does_not_repeat(board: Board) -> None:
    card = board.card(due_date="2026-03-02", recurrence={"every": "day"})
    board.world.update(board.project_id, card.id, archived=True)
    board.world.update(board.project_id, card.id, status="done")
    assert [c.id for c in board.all()] == [card.id]


def test_a_card_made_done_does_not_fire_until_it_becomes_done(board: Board) -> None:
    card = board.card("Done", due_date="2026-03-02", recurrence={"every": "day"})
    assert len(board.all()) == 1 and card.recurrence is not None
    board.move(card, "To Do")
    board.move(card, "Done")
    assert len(board.all()) == 2


def test_nothing_comes_after_the_year_9999(board: Board) -> None:
    card = board.card(due_date="9999-12-31", recurrence={"every": "day"})
    board.move(card, "Done")
    assert [(c.id, c.recurrence) for c in board.all()] == [(card.id, None)]


def test_the_new_card_has_a_created_activity_and_a_typed_event(board: Board) -> None:
    seen: list[DomainEvent] = []
    board.world.db.events.subscribe(seen.append)
    card = board.card(due_date="2026-03-02", recurrence={"every": "day"})
    board.move(card, "Done")
    follower = board.all()[-1]
    recurred = [e for e in seen if isinstance(e, CardRecurred)]
    assert [(e.card_id, dict(e.data)) for e in recurred] == [
        (follower.id, {"key": "QL-2", "title": "Card", "fromCardId": card.id, "fromKey": "QL-1", "dueDate": "2026-03-03T00:00:00Z"})
    ]
    created = [e for e in seen if isinstance(e, CardCreated) and e.card_id == follower.id]
    assert len(created) == 1 and created[0].data["recurredFrom"] == "QL-1"
    with board.world.db.session() as s:
        activity = s.scalars(select(Activity).where(Activity.card_id == follower.id)).all()
    assert [(a.type, a.meta["recurredFrom"], a.meta["column"]) for a in activity] == [("card_created", "QL-1", "To Do")]


def test_a_recurrence_is_stored_in_its_wire_shape_and_cleared_by_null(board: Board) -> None:
    card = board.card(recurrence={"every": "week", "weekdays": ["thu", "mon", "thu"]})
    assert card.recurrence == {"every": "week", "interval": 1, "weekdays": ["mon", "thu"], "monthDay": None}
    cleared = board.world.update(board.project_id, card.id, recurrence=None)
    assert cleared.recurrence is None
    board.move(card, "Done")
    assert len(board.all()) == 1


def test_create_in_python_by_field_name() -> None:
    data = CardCreateIn(title="x", recurrence={"every": "month", "month_day": 31})  # type: ignore[arg-type]
    assert data.recurrence is not None and data.recurrence.month_day == 31


def test_a_deleted_recurring_card_comes_back_from_the_trash_still_repeating(board: Board) -> None:
    runner = OperationRunner(board.world.db)
    project = {"workspace_id": board.world.workspace_id, "project": board.project_id}
    card = board.card(due_date="2026-03-02", recurrence={"every": "day", "interval": 2})
    runner.run("trash_card", board.world.actor, {**project, "card": card.key})
    runner.run("restore_card", board.world.actor, {**project, "card": card.key})
    assert board.details(card.id).card.recurrence == {"every": "day", "interval": 2, "weekdays": [], "monthDay": None}
    board.move(card, "Done")
    assert [c.due_date for c in board.all()] == [datetime(2026, 3, 2), datetime(2026, 3, 4)]
