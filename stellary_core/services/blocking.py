"""When a card is blocked: one rule for the REST card list, the TUI's board, the filter and stats.

A card is blocked while at least one ``blocks`` relation points at it.
``B blocked_by A`` is stored as ``A blocks B`` (see ``relations``); a stored
``blocked_by`` row is read the other way round all the same. The blocker
may sit in any scope of the project: scopes split a board, not a project's
dependencies, so a card blocked from another scope is blocked on every board.

A done or archived blocker still blocks, until someone removes the relation:

- the contract ties a relation to neither card's status nor archiving (cycles
  of ``blocks`` are refused whatever the cards' state), and a relation to an
  archived card still shows in the card's list;
- ``blockedByCount`` is the number of "blocked by" entries that list shows,
  so the count, the list and ``is:blocked`` never disagree;
- the counts change only when a relation does, which is what the
  ``card_updated`` event sent to both cards announces; finishing the blocker
  sends nothing to the card it blocked.

``counts`` gives the blocks / blocked-by numbers of a set of cards (a card is
blocked when its blocked-by count is not 0), ``blocked`` the same rule as a SQL
condition.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from stellary_core.models import Card, CardRelation

BLOCKING_TYPES = ("blocks", "blocked_by")


def blocker_and_blocked(kind: str, source_id: str, target_id: str) -> tuple[str, str]:
    """(blocker, blocked) of a stored blocking relation."""
    return (source_id, target_id) if kind == "blocks" else (target_id, source_id)


@dataclass(frozen=True)
class BlockingCounts:
    blocked_by: Counter[str] = field(default_factory=Counter)  # card id -> cards blocking it
    blocks: Counter[str] = field(default_factory=Counter)  # card id -> cards it blocks


def counts(session: Session, cards: ColumnElement[bool]) -> BlockingCounts:
    """Blocks / blocked-by counts of the cards ``cards`` selects (a condition over ``Card``).

    A card is counted from either end of a relation, whatever scope the other
    end is in. Two indexed joins (one per end) rather than one ``OR``, and a
    relation between two selected cards is counted once.
    """
    rows: dict[str, tuple[str, str, str]] = {}
    for end in (CardRelation.source_card_id, CardRelation.target_card_id):
        query = (
            select(CardRelation.id, CardRelation.type, CardRelation.source_card_id, CardRelation.target_card_id)
            .join(Card, Card.id == end)
            .where(cards, CardRelation.type.in_(BLOCKING_TYPES))
        )
        for relation_id, kind, source, target in session.execute(query):
            rows[relation_id] = (kind, source, target)
    found = BlockingCounts()
    for kind, source, target in rows.values():
        blocker, blocked_card = blocker_and_blocked(kind, source, target)
        found.blocks[blocker] += 1
        found.blocked_by[blocked_card] += 1
    return found


def counts_of_card(session: Session, card_id: str) -> BlockingCounts:
    """``counts`` for one card: one query on both ends' indexes, for a card just read or written."""
    found = BlockingCounts()
    query = select(CardRelation.type, CardRelation.source_card_id, CardRelation.target_card_id).where(
        or_(CardRelation.source_card_id == card_id, CardRelation.target_card_id == card_id),
        CardRelation.type.in_(BLOCKING_TYPES),
    )
    for kind, source, target in session.execute(query):
        blocker, blocked_card = blocker_and_blocked(kind, source, target)
        found.blocks[blocker] += 1
        found.blocked_by[blocked_card] += 1
    return found


def blocks_another(relation: type[CardRelation]) -> ColumnElement[bool]:
    """SQL over ``relation`` (an alias of ``CardRelation``): it says the enclosing ``Card`` blocks another card."""
    return or_(
        and_(relation.source_card_id == Card.id, relation.type == "blocks"),
        and_(relation.target_card_id == Card.id, relation.type == "blocked_by"),
    )


def blocked_by_another(relation: type[CardRelation]) -> ColumnElement[bool]:
    """SQL over ``relation`` (an alias of ``CardRelation``): it says another card blocks the enclosing ``Card``."""
    return or_(
        and_(relation.target_card_id == Card.id, relation.type == "blocks"),
        and_(relation.source_card_id == Card.id, relation.type == "blocked_by"),
    )


def blocked() -> ColumnElement[bool]:
    """SQL: the ``Card`` row is blocked (the rule above).

    The subquery uses an alias: callers may join ``CardRelation`` themselves,
    and SQL would otherwise correlate that away.
    """
    relation = aliased(CardRelation)
    return select(relation.id).where(blocked_by_another(relation)).exists()
