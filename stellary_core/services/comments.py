"""Comments on cards.

Rules:
- content is 1-2000 characters once surrounding whitespace is stripped;
- anyone who can see the card may read and post; deleting someone else's
  comment needs workspace admin (403), one's own is always allowed;
- ``Card.comment_count`` changes in the same transaction as the comment, as a
  SQL increment, so concurrent writers never lose a count;
- lists are oldest first (the reference), and a ``limit`` keeps the *newest*
  comments of a long thread, since those are the ones a reader is after.

Posting emits ``comment_added`` (meta: the card's key and title, ``commentId``
and a one-line ``excerpt``); deleting emits ``card_updated`` with
``fields: ["comments"]``, since it is a change to the card with no type of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.errors import Forbidden, NotFound
from stellary_core.event_types import CardUpdated, CommentAdded
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Card, Comment, Project, User
from stellary_core.principal import Principal
from stellary_core.schemas.comments import CommentCreateIn
from stellary_core.services import access
from stellary_core.services.cards import card_event, card_of_project
from stellary_core.services.limits import list_limit

EXCERPT_MAX = 80
# Shown for a comment or change whose author is no longer (or never was) a user here.
UNKNOWN_PERSON = "Unknown user"


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    author_name: str


def display_name(user: User | None) -> str:
    """What to show for a person: their name, else their email, else that they are unknown."""
    if user is None:
        return UNKNOWN_PERSON
    return user.name or user.email


def excerpt(content: str, size: int = EXCERPT_MAX) -> str:
    """One line of at most ``size`` characters, for activity meta and notifications."""
    line = " ".join(content.split())
    return line if len(line) <= size else line[: size - 1].rstrip() + "…"


def _card(session: Session, actor: Principal, workspace_id: str, project_id: str, card_id: str) -> tuple[Project, Card]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return project, card_of_project(session, project, card_id)


def list_comments(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    limit: int | None = None,
) -> list[CommentView]:
    """The card's newest ``limit`` comments (default 50, max 500), oldest first."""
    count = list_limit(limit)
    _, card = _card(session, actor, workspace_id, project_id, card_id)
    rows = session.execute(
        select(Comment, User)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Comment.card_id == card.id)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(count)
    ).all()
    return [CommentView(comment, display_name(user)) for comment, user in reversed(rows)]


def add_comment(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, data: CommentCreateIn
) -> CommentView:
    project, card = _card(session, actor, workspace_id, project_id, card_id)
    comment = Comment(card_id=card.id, author_id=actor.user_id, content=data.content)
    session.add(comment)
    card.comment_count = Card.comment_count + 1  # type: ignore[assignment]
    session.flush()
    emit(session, card_event(CommentAdded, actor, project, card, commentId=comment.id, excerpt=excerpt(comment.content)))
    session.flush()
    return CommentView(comment, display_name(session.get(User, actor.user_id)))


def delete_comment(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, comment_id: str
) -> None:
    """Delete a comment: its author may, a workspace admin may; anyone else gets a 403."""
    project, card = _card(session, actor, workspace_id, project_id, card_id)
    comment = session.get(Comment, comment_id) if is_id(comment_id) else None
    if comment is None or comment.card_id != card.id:
        raise NotFound("Comment not found")
    if comment.author_id != actor.user_id:
        found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
        if not found.is_admin:
            raise Forbidden("Only the comment's author or a workspace admin can delete it")
    session.delete(comment)
    card.comment_count = Card.comment_count - 1  # type: ignore[assignment]
    session.flush()
    emit(session, card_event(CardUpdated, actor, project, card, fields=["comments"], commentId=comment_id))
    session.flush()
