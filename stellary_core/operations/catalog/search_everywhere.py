"""Finding cards by free words across every project the actor can see (MCP's search_cards).

``find_cards`` (search.py) answers the TUI's palette inside one workspace;
an assistant or a script does not know where a card lives, so this search
spans every workspace the actor is in (or the one it names) and says where
each card is, by id and by name.
"""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import and_, case, func, or_, select

from stellary_core.models import BoardColumn, Card, Project
from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import ApiModel, UtcTimestamp

READ = "projects:read"


class SearchCards(InWorkspace):
    """Words looked for in card keys, titles and descriptions, all of them, in any order, ignoring case."""

    text: str = Field(min_length=1, max_length=500)
    limit: int = Field(default=20, ge=1, le=100)
    include_archived: bool = False


class CardHit(ApiModel):
    """A card found, with where it lives by id and by name."""

    id: str
    key: str
    title: str
    project_id: str
    project_name: str
    workspace_id: str
    column_id: str
    column_name: str
    status: str
    priority: str | None
    assignee_id: str | None
    due_date: UtcTimestamp | None
    archived: bool


@operation("search_cards", input=SearchCards, output=list[CardHit], scope=READ, writes=False)
def search_cards(ctx: OperationContext, given: SearchCards) -> list[CardHit]:
    """Cards of every project the actor can see whose key, title or description holds every word of ``text``."""
    words = given.text.lower().split()
    if not words:
        return []
    workspace_ids = [ws.workspace.id for ws in refs.spaces(ctx, given)]
    key, title, description = func.lower(Card.key), func.lower(Card.title), func.lower(func.coalesce(Card.description, ""))
    whole = " ".join(words)
    # The exact key first, then keys starting so, then titles holding the words as typed, then the rest.
    rank = case(
        (key == whole, 0), (key.startswith(whole, autoescape=True), 1), (title.contains(whole, autoescape=True), 2), else_=3
    )
    each_word = and_(
        *(
            or_(key.contains(w, autoescape=True), title.contains(w, autoescape=True), description.contains(w, autoescape=True))
            for w in words
        )
    )
    query = (
        select(Card, Project.name, Project.workspace_id, BoardColumn.name)
        .join(Project, Project.id == Card.project_id)
        .join(BoardColumn, BoardColumn.id == Card.column_id)
        .where(Project.workspace_id.in_(workspace_ids), each_word)
        .order_by(rank, func.lower(Project.name), Card.number)
        .limit(given.limit)
    )
    if not given.include_archived:
        query = query.where(Card.archived.is_(False))
    return [
        CardHit(
            id=card.id, key=card.key, title=card.title, project_id=card.project_id, project_name=project_name,
            workspace_id=workspace_id, column_id=card.column_id, column_name=column_name, status=card.status,
            priority=card.priority, assignee_id=card.assignee_id, due_date=card.due_date, archived=card.archived,
        )
        for card, project_name, workspace_id, column_name in ctx.session.execute(query)
    ]
