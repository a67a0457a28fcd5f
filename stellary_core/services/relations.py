"""Typed links between two cards of one project.

Storage is normalised so each fact is stored once: ``A blocked_by B`` is
stored as ``B blocks A``; the other types are stored as given, from the card
the relation was created on. A listing shows each relation from the point of
view of the card asked about:

    stored            seen from the source   seen from the target
    A blocks B        blocks                 blocked_by
    A parent_of B     parent_of              child_of
    A duplicates B    duplicates             duplicated_by
    A related_to B    related_to             related_to

Rules (all checked before anything is stored):
- a card cannot relate to itself (400);
- the target must be a card of the same project; a missing or foreign target
  is a 400 naming ``targetCardId`` (it is an id in a body);
- one relation of a kind per pair, in either direction (409): asking for
  ``B blocked_by A`` when ``A blocks B`` exists, or ``B related_to A`` when
  ``A related_to B`` exists, is a duplicate;
- ``blocks`` and ``parent_of`` never form a cycle, however long (409), and a
  card has at most one parent (409).

Every change emits ``card_updated`` with ``fields: ["relations"]`` for both
cards, since both now show a different list (and ``blocksCount`` /
``blockedByCount``).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.event_types import CardUpdated
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Card, CardRelation, Project
from stellary_core.principal import Principal
from stellary_core.schemas.relations import RelationCreateIn
from stellary_core.services import access, cards

# How a stored type reads from the target card's side.
INVERSE = {"blocks": "blocked_by", "parent_of": "child_of", "duplicates": "duplicated_by", "related_to": "related_to"}
ACYCLIC_TYPES = ("blocks", "parent_of")


@dataclass(frozen=True)
class RelationView:
    """A relation as seen from ``card_id``; ``other`` is the card at the other end."""

    relation: CardRelation
    type: str
    card_id: str
    other: Card


# -- pure rules -----------------------------------------------------------------------


def normalise(kind: str, source_id: str, target_id: str) -> tuple[str, str, str]:
    """The (stored type, source, target) of ``source kind target``: blocked_by is stored as the inverse blocks."""
    if kind == "blocked_by":
        return "blocks", target_id, source_id
    return kind, source_id, target_id


def seen_from(stored_type: str, source_id: str, card_id: str) -> str:
    """How a stored relation reads from ``card_id``'s side."""
    if card_id == source_id:
        return stored_type
    if stored_type == "blocked_by":  # never stored by this module; read correctly anyway
        return "blocks"
    return INVERSE[stored_type]


def reaches(edges: Iterable[tuple[str, str]], start: str, goal: str) -> bool:
    """True when ``goal`` can be reached from ``start`` along the directed ``edges``."""
    following: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        following[source].append(target)
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in following[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


# -- queries -----------------------------------------------------------------------------


def relation_of_project(session: Session, project: Project, relation_id: str) -> CardRelation:
    relation = session.get(CardRelation, relation_id) if is_id(relation_id) else None
    if relation is None or relation.project_id != project.id:
        raise NotFound("Relation not found")
    return relation


def _edges(session: Session, project_id: str, kind: str) -> list[tuple[str, str]]:
    """Every ``kind`` edge of the project as (source, target), reading a stored blocked_by backwards."""
    rows = session.execute(
        select(CardRelation.source_card_id, CardRelation.target_card_id, CardRelation.type).where(
            CardRelation.project_id == project_id, CardRelation.type.in_((kind, "blocked_by") if kind == "blocks" else (kind,))
        )
    ).all()
    return [(s, t) if k == kind else (t, s) for s, t, k in rows]


def _view(relation: CardRelation, card_id: str, other: Card) -> RelationView:
    return RelationView(relation, seen_from(relation.type, relation.source_card_id, card_id), card_id, other)


def list_relations(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str
) -> list[RelationView]:
    """A card's relations, oldest first, each from this card's point of view."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    card = cards.card_of_project(session, project, card_id)
    relations = list(
        session.scalars(
            select(CardRelation)
            .where(or_(CardRelation.source_card_id == card.id, CardRelation.target_card_id == card.id))
            .order_by(CardRelation.created_at, CardRelation.id)
        )
    )
    other_ids = {r.target_card_id if r.source_card_id == card.id else r.source_card_id for r in relations}
    others = {c.id: c for c in session.scalars(select(Card).where(Card.id.in_(other_ids)))} if other_ids else {}
    return [
        _view(r, card.id, others[r.target_card_id if r.source_card_id == card.id else r.source_card_id]) for r in relations
    ]


# -- changes ---------------------------------------------------------------------------


def check_new(session: Session, project: Project, kind: str, source: str, target: str) -> None:
    """409 for a duplicate, a cycle, or a second parent."""
    pair = select(CardRelation.id).where(CardRelation.type == kind)
    if session.scalar(pair.where(CardRelation.source_card_id == source, CardRelation.target_card_id == target)):
        raise Conflict("These cards already have this relation")
    # Acyclic types catch the reverse direction as a cycle below; the others count it as a duplicate.
    reverse = pair.where(CardRelation.source_card_id == target, CardRelation.target_card_id == source)
    if kind not in ACYCLIC_TYPES and session.scalar(reverse):
        raise Conflict("These cards already have this relation")
    if kind in ACYCLIC_TYPES and reaches(_edges(session, project.id, kind), target, source):
        what = "blocking" if kind == "blocks" else "parent/child"
        raise Conflict(f"This relation would make a {what} cycle")
    if kind == "parent_of":
        has_parent = session.scalar(
            select(CardRelation.id).where(CardRelation.type == "parent_of", CardRelation.target_card_id == target)
        )
        if has_parent:
            raise Conflict("A card can have only one parent")


def _emit_both(session: Session, actor: Principal, project: Project, relation: CardRelation, source: Card, target: Card) -> None:
    now = utcnow()
    for card, other in ((source, target), (target, source)):
        card.updated_at = now
        view_type = seen_from(relation.type, relation.source_card_id, card.id)
        session.flush()
        emit(
            session,
            cards.card_event(
                CardUpdated,
                actor,
                project,
                card,
                fields=["relations"],
                relationId=relation.id,
                relationType=view_type,
                otherCardId=other.id,
                otherCardKey=other.key,
            ),
        )


def create_relation(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, data: RelationCreateIn
) -> RelationView:
    """Relate ``card_id`` to ``data.target_card_id``; returns the relation as seen from ``card_id``."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    card = cards.card_of_project(session, project, card_id)
    if data.target_card_id == card.id:
        raise Invalid.field("targetCardId", "cannot be the card itself")
    target = session.get(Card, data.target_card_id)
    if target is None or target.project_id != project.id:
        raise Invalid.field("targetCardId", "is not a card of this project")
    kind, source_id, target_id = normalise(data.type, card.id, target.id)
    check_new(session, project, kind, source_id, target_id)
    relation = CardRelation(
        project_id=project.id, source_card_id=source_id, target_card_id=target_id, type=kind, created_by=actor.user_id
    )
    session.add(relation)
    session.flush()
    _emit_both(session, actor, project, relation, card, target)
    session.flush()
    return _view(relation, card.id, target)


def delete_relation(session: Session, *, actor: Principal, workspace_id: str, project_id: str, relation_id: str) -> None:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    relation = relation_of_project(session, project, relation_id)
    source = session.get_one(Card, relation.source_card_id)
    target = session.get_one(Card, relation.target_card_id)
    _emit_both(session, actor, project, relation, source, target)
    session.delete(relation)
    session.flush()


def drop_card_relations(session: Session, *, actor: Principal, project: Project, card: Card) -> int:
    """Remove every relation of ``card`` (it is leaving ``project``; relations link cards of one project).

    Both cards of each hear of it, as when a relation is deleted. Returns how many went.
    """
    found = session.scalars(
        select(CardRelation).where(
            CardRelation.project_id == project.id,
            or_(CardRelation.source_card_id == card.id, CardRelation.target_card_id == card.id),
        )
    ).all()
    for relation in found:
        source = session.get_one(Card, relation.source_card_id)
        target = session.get_one(Card, relation.target_card_id)
        _emit_both(session, actor, project, relation, source, target)
        session.delete(relation)
    session.flush()
    return len(found)
