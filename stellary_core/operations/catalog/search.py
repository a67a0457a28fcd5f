"""Finding a card anywhere in a workspace: by its key (``GS-12``) or by words of its title.

The TUI's command palette lists what ``find_cards`` answers as the user
types, and its "jump to a card" prompt resolves a typed key with
``locate_card``; both say where the card lives (project and scope) so the
board can be opened there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field
from sqlalchemy import and_, case, func, or_, select

from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.ids import is_id
from stellary_core.models import Card, Project, Scope
from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, operation

READ = "projects:read"
_KEY = re.compile(r"^\s*([A-Za-z0-9]+)-(\d+)\s*$")


@dataclass(frozen=True)
class FoundCard:
    """A card and where it lives, by id and by the names a person reads."""

    id: str
    key: str
    title: str
    project_id: str
    project_name: str
    scope_id: str
    scope_name: str
    archived: bool


class FindCards(InWorkspace):
    """Words matched against card keys and titles, in any order, ignoring case."""

    text: str
    limit: int = Field(default=20, ge=1, le=100)
    include_archived: bool = False


@operation("find_cards", input=FindCards, output=list[FoundCard], scope=READ, writes=False)
def find_cards(ctx: OperationContext, given: FindCards) -> list[FoundCard]:
    """Cards of the workspace whose key or title holds every word of ``text``: the exact key first, then keys, then titles."""
    ws = refs.workspace(ctx, given)
    words = given.text.lower().split()
    if not words:
        return []
    key, title = func.lower(Card.key), func.lower(Card.title)
    whole = " ".join(words)
    rank = case((key == whole, 0), (key.startswith(whole, autoescape=True), 1), else_=2)
    query = (
        select(Card, Project.name, Scope.name)
        .join(Project, Project.id == Card.project_id)
        .join(Scope, Scope.id == Card.scope_id)
        .where(
            Project.workspace_id == ws.workspace.id,
            and_(*(or_(key.contains(w, autoescape=True), title.contains(w, autoescape=True)) for w in words)),
        )
        .order_by(rank, func.lower(Project.name), Card.number)
        .limit(given.limit)
    )
    if not given.include_archived:
        query = query.where(Card.archived.is_(False))
    return [_found(card, project_name, scope_name) for card, project_name, scope_name in ctx.session.execute(query)]


class LocateCard(InWorkspace):
    """A card of the workspace by its key (``GS-12``, any case) or its id."""

    card: str


@operation("locate_card", input=LocateCard, output=FoundCard, scope=READ, writes=False)
def locate_card(ctx: OperationContext, given: LocateCard) -> FoundCard:
    """Where a card given by key or id lives in the workspace (archived cards too)."""
    ws = refs.workspace(ctx, given)
    wanted = given.card.strip()
    shape = _KEY.match(wanted)
    if shape is None and not is_id(wanted):
        raise Invalid.field("card", "give a card key such as GS-12")
    owners = select(Project).where(Project.workspace_id == ws.workspace.id)
    if shape is not None:
        # Key prefixes are not unique: every project using this one is asked (refs.card does the lookup).
        owners = owners.where(Project.key_prefix == shape.group(1).upper())
    else:
        owners = owners.where(Project.id == select(Card.project_id).where(Card.id == wanted).scalar_subquery())
    found: list[Card] = []
    for project in ctx.session.scalars(owners):
        try:
            found.append(refs.card(ctx, project, wanted))
        except NotFound:
            continue
    if not found:
        raise NotFound(f"No card {wanted.upper()} in this workspace")
    if len(found) > 1:
        raise Conflict(f"Several projects have a card {wanted.upper()}: find it by title in the palette (ctrl+p)")
    card = found[0]
    owner = ctx.session.get(Project, card.project_id)
    scope = ctx.session.get(Scope, card.scope_id)
    assert owner is not None and scope is not None  # foreign keys hold them
    return _found(card, owner.name, scope.name)


def _found(card: Card, project_name: str, scope_name: str) -> FoundCard:
    return FoundCard(
        id=card.id,
        key=card.key,
        title=card.title,
        project_id=card.project_id,
        project_name=project_name,
        scope_id=card.scope_id,
        scope_name=scope_name,
        archived=card.archived,
    )
