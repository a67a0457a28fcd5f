"""What the next occurrence of a recurring card is, planned when the card is done.

A card is done when its status becomes ``done`` (the one rule: moving it into
a column of the ``done`` category sets that status, and so does setting it by
hand). If it then has a recurrence, ``cards`` creates the next occurrence from
this plan:

- in the same scope's first ``todo`` column (else its first column that is not
  ``done``, else its first column), at the end, as any new card;
- with the same title, description, priority, assignee, labels and
  custom-field values, and the checklist copied with every item unchecked;
- due on the next occurrence after the previous due date, the start date moved
  by as many days (the time of day and the span between them stay); a card
  with only a start date moves that; one with neither is due on the next
  occurrence after the day it was done;
- carrying the recurrence, which the done card loses: it never fires twice,
  however often it leaves ``done`` and comes back.

An archived card does not repeat, and nothing lies past the year 9999.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.models import BoardColumn, Card, CardFieldValue, CardLabel, ChecklistItem
from stellary_core.recurrence import Repetition, carried_forward, next_occurrence
from stellary_core.schemas.board import ChecklistItemIn


@dataclass(frozen=True)
class NextOccurrence:
    column: BoardColumn
    start_date: datetime | None
    due_date: datetime | None
    checklist: list[ChecklistItemIn]
    recurrence: dict[str, Any]


def first_open_column(session: Session, scope_id: str, *, excluding: str | None = None) -> BoardColumn | None:
    """Where the next occurrence goes: the scope's first todo column, else its first not done, else its first."""
    query = select(BoardColumn).where(BoardColumn.scope_id == scope_id).order_by(BoardColumn.order)
    if excluding is not None:
        query = query.where(BoardColumn.id != excluding)
    columns = list(session.scalars(query))
    for fits in (lambda c: c.category == "todo", lambda c: c.category != "done", lambda c: True):
        for column in columns:
            if fits(column):
                return column
    return None


def plan_next(session: Session, card: Card, *, excluding_column: str | None = None) -> NextOccurrence | None:
    """The next occurrence of ``card`` (just done, with a recurrence), or None when there is none to make.

    ``excluding_column`` is a column about to go (its cards are being moved to a done column).
    """
    assert card.recurrence is not None
    rule = Repetition.stored(card.recurrence)
    anchor = card.due_date or card.start_date
    previous: date = anchor.date() if anchor is not None else (card.completed_at or utcnow()).date()
    column = first_open_column(session, card.scope_id, excluding=excluding_column)
    start: datetime | None = None
    due: datetime | None = None
    try:
        shift = next_occurrence(rule, previous) - previous
        if anchor is None:
            due = datetime.combine(previous + shift, time())
        else:
            start = card.start_date + shift if card.start_date is not None else None
            due = card.due_date + shift if card.due_date is not None else None
    except (OverflowError, ValueError):  # past the year 9999
        return None
    if column is None:
        return None
    titles: Iterable[str] = (
        session.scalars(select(ChecklistItem.title).where(ChecklistItem.card_id == card.id).order_by(ChecklistItem.order))
        if card.checklist_total
        else []
    )
    return NextOccurrence(
        column=column,
        start_date=start,
        due_date=due,
        checklist=[ChecklistItemIn(title=title) for title in titles],
        recurrence=carried_forward(rule, previous).to_stored(),
    )


def copy_labels_and_fields(session: Session, source: Card, target: Card) -> None:
    """Give ``target`` the labels and custom-field values of ``source``."""
    label_ids = session.scalars(select(CardLabel.label_id).where(CardLabel.card_id == source.id)).all()
    session.add_all(CardLabel(card_id=target.id, label_id=label_id) for label_id in label_ids)
    values = session.execute(
        select(CardFieldValue.field_id, CardFieldValue.value).where(CardFieldValue.card_id == source.id)
    ).all()
    session.add_all(CardFieldValue(card_id=target.id, field_id=field_id, value=value) for field_id, value in values)
