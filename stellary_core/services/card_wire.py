"""Card lists in their wire shape, written by SQLite itself.

A 5,000-card list read as rows, turned into models and encoded again spends
most of its time in Python; SQLite's JSON functions write the same objects
in C, a few times faster than even reading the rows with the bare ``sqlite3``
module and encoding them with ``json``. Each card's object is one
``json_object`` with its checklist, labels and field values as correlated
subqueries on their indexes.

``CardOut`` stays the one definition of the shape: every one of its fields
must have an expression here (checked when this module loads), and the tests
compare this path with ``CardOut`` built from ``cards.details`` on cards
that use every field. On a database without these functions (``available``
says so) the caller takes the model path.
"""

from __future__ import annotations

import json
from datetime import datetime
from collections.abc import Callable
from dataclasses import dataclass
from inspect import isfunction
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, SQLColumnExpression, String, bindparam, case, func, literal, select, type_coerce
from sqlalchemy.orm import Session, aliased

from stellary_core.models import Card, CardFieldValue, CardLabel, CardRelation, ChecklistItem
from stellary_core.schemas.board import CardOut, ChecklistItemOut
from stellary_core.services import blocking

if TYPE_CHECKING:
    from stellary_core.services.cards import CardSelection


def available(session: Session) -> bool:
    """SQLite has the JSON functions built in since 3.38 (Python 3.11 ships a newer one)."""
    return session.get_bind().dialect.name == "sqlite"


def _true_false(value: SQLColumnExpression[bool]) -> ColumnElement[str]:
    return func.json(case((value, "true"), else_="false"))


def _timestamp(column: SQLColumnExpression[datetime | None]) -> ColumnElement[str]:
    """A stored ``YYYY-MM-DD HH:MM:SS.ffffff`` as ``clock.iso_z`` writes it: milliseconds when there are some, Z.

    NULL stays NULL (``||`` with NULL is NULL).
    """
    stored = type_coerce(column, String)
    fraction = func.substr(stored, 21, 6)
    millis = case((fraction.in_(("", "000000")), ""), else_=literal(".").concat(func.substr(stored, 21, 3)))
    return type_coerce(func.substr(stored, 1, 10), String).concat("T").concat(func.substr(stored, 12, 8)).concat(millis).concat("Z")


def _progress() -> ColumnElement[int]:
    """``cards.checklist_progress`` in integers: done × 100 / total rounded half to even, as Python's ``round``."""
    scaled = Card.checklist_done * 100
    quotient, twice_rest = scaled // Card.checklist_total, (scaled % Card.checklist_total) * 2
    return case(
        (Card.checklist_total == 0, 0),
        (twice_rest > Card.checklist_total, quotient + 1),
        (twice_rest == Card.checklist_total, quotient + quotient % 2),
        else_=quotient,
    )


def _checklist() -> ColumnElement[str]:
    item = {
        "id": ChecklistItem.id,
        "title": ChecklistItem.title,
        "done": _true_false(ChecklistItem.done),
        "order": ChecklistItem.order,
    }
    if set(item) != set(ChecklistItemOut.model_fields):
        raise RuntimeError("card_wire's checklist item does not match ChecklistItemOut")
    pairs = [part for name, value in item.items() for part in (ChecklistItemOut.model_fields[name].alias, value)]
    # The (card_id, order) index hands the items over in order, which the aggregate keeps.
    items = select(func.json_group_array(func.json_object(*pairs))).where(ChecklistItem.card_id == Card.id)
    # The card's item counter spares the subquery for the cards without a checklist, most of a board.
    return case((Card.checklist_total == 0, func.json("[]")), else_=func.json(items.scalar_subquery()))


def _label_ids() -> ColumnElement[str]:
    labels = select(func.json_group_array(CardLabel.label_id)).where(CardLabel.card_id == Card.id)
    return func.json(labels.scalar_subquery())


def _custom_fields() -> ColumnElement[str]:
    # Values are stored as JSON text, except numbers, which SQLite's numeric affinity keeps as numbers.
    # SQLite writes a float with 15 digits, which can lose its last ones; 18 are exact, and
    # ``encode`` turns them back into Python's shortest form.
    kind = func.typeof(CardFieldValue.value)
    value = case(
        (kind == "text", func.json(CardFieldValue.value)),
        (kind == "real", func.json(func.printf("%!.18g", CardFieldValue.value))),
        else_=CardFieldValue.value,
    )
    values = select(func.json_group_object(CardFieldValue.field_id, value)).where(CardFieldValue.card_id == Card.id)
    return func.json(values.scalar_subquery())


def _has_fraction() -> ColumnElement[bool]:
    """The card has a field value SQLite stores as a float (see ``_custom_fields``)."""
    real = func.typeof(CardFieldValue.value) == "real"
    return select(CardFieldValue.card_id).where(CardFieldValue.card_id == Card.id, real).exists()


def _count(condition: Callable[[type[CardRelation]], ColumnElement[bool]]) -> ColumnElement[int]:
    relation = aliased(CardRelation)  # the list's filter may bring its own CardRelation subqueries
    return select(func.count()).where(condition(relation)).scalar_subquery()


_FIELDS: dict[str, object] = {
    "id": Card.id,
    "key": Card.key,
    "title": Card.title,
    "description": Card.description,
    "project_id": Card.project_id,
    "scope_id": Card.scope_id,
    "column_id": Card.column_id,
    "order": Card.order,
    "archived": lambda: _true_false(Card.archived),
    "priority": Card.priority,
    "status": Card.status,
    "start_date": lambda: _timestamp(Card.start_date),
    "due_date": lambda: _timestamp(Card.due_date),
    "assignee_id": Card.assignee_id,
    "checklist": _checklist,
    "checklist_progress": _progress,
    "label_ids": _label_ids,
    "custom_fields": _custom_fields,
    "comment_count": Card.comment_count,
    "attachment_count": Card.attachment_count,
    "blocked_by_count": lambda: _count(blocking.blocked_by_another),
    "blocks_count": lambda: _count(blocking.blocks_another),
    "recurrence": lambda: func.json(Card.recurrence),  # stored in its wire shape
    "created_by": Card.created_by,
    "created_at": lambda: _timestamp(Card.created_at),
    "updated_at": lambda: _timestamp(Card.updated_at),
}
if set(_FIELDS) != set(CardOut.model_fields):
    missing, extra = set(CardOut.model_fields) - set(_FIELDS), set(_FIELDS) - set(CardOut.model_fields)
    raise RuntimeError(f"card_wire does not match CardOut: missing {sorted(missing)}, extra {sorted(extra)}")


def _card_object() -> ColumnElement[str]:
    pairs: list[object] = []
    for name in CardOut.model_fields:  # the model's order, so the bytes match its encoding too
        value = _FIELDS[name]
        pairs += [literal(CardOut.model_fields[name].alias or name), value() if isfunction(value) else value]
    return func.json_object(*pairs)


_CARD_OBJECT = _card_object()
_HAS_FRACTION = _has_fraction()


def _shortest_floats(card: str) -> str:
    # Python parses the 18 digits exactly and writes a float as the model's encoder does: its shortest form.
    return json.dumps(json.loads(card), ensure_ascii=False, separators=(",", ":"))


def card_objects(session: Session, selection: CardSelection) -> list[str]:
    """The selected cards' JSON objects, in the list's order."""
    session.flush()  # as the model path's reads do
    rows = session.connection().execute(selection.ordered(select(_CARD_OBJECT, _HAS_FRACTION))).all()
    return [_shortest_floats(card) if fraction else card for card, fraction in rows]


def encode(session: Session, selection: CardSelection) -> bytes:
    """The selected cards as one JSON array, in the list's order."""
    return ("[" + ",".join(card_objects(session, selection)) + "]").encode()


@dataclass(frozen=True)
class CardExtras:
    label_ids: list[str]
    custom_fields: dict[str, Any]
    blocks_count: int
    blocked_by_count: int


_EXTRAS = select(
    _label_ids(), _custom_fields(), _count(blocking.blocks_another), _count(blocking.blocked_by_another)
).where(Card.id == bindparam("card_id"))


def extras_of_card(session: Session, card_id: str) -> CardExtras:
    """A card's labels, field values and relation counts in one statement, where ``_details`` takes three."""
    session.flush()
    labels, values, blocks, blocked_by = session.connection().execute(_EXTRAS, {"card_id": card_id}).one()
    # json parses the floats' 18 digits exactly (see ``_custom_fields``).
    return CardExtras(json.loads(labels), json.loads(values), blocks, blocked_by)
