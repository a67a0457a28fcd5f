"""The read model behind the TUI's views: a scope's columns and light card rows.

Views draw thousands of cards, so this loads plain tuples in three queries
instead of ORM objects with their relations. Rules still live in the other
services; this module only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.models import BoardColumn, Card, CardLabel, Label, Project, Scope, User, WorkspaceMember
from stellary_core.principal import Principal
from stellary_core.services import access, blocking
from stellary_core.services.projects import resolve_scope
from stellary_core.view_rows import CardRow, ColumnRow, LabelRow


@dataclass
class Board:
    project: Project
    scope: Scope
    columns: list[ColumnRow]
    cards: dict[str, list[CardRow]] = field(default_factory=dict)  # column id -> cards in order
    people: dict[str, str] = field(default_factory=dict)  # user id -> display name
    labels: dict[str, LabelRow] = field(default_factory=dict)
    people_details: dict[str, tuple[str, str]] = field(default_factory=dict)  # user id -> (name, email)

    @property
    def card_count(self) -> int:
        return sum(len(c) for c in self.cards.values())

    def all_cards(self) -> list[CardRow]:
        return [card for column in self.columns for card in self.cards.get(column.id, [])]


_CARD_COLUMNS = (
    Card.id,
    Card.key,
    Card.number,
    Card.title,
    Card.column_id,
    Card.order,
    Card.priority,
    Card.status,
    Card.start_date,
    Card.due_date,
    Card.assignee_id,
    Card.archived,
    Card.checklist_total,
    Card.checklist_done,
    Card.comment_count,
    Card.attachment_count,
    Card.created_at,
    Card.updated_at,
    Card.completed_at,
    Card.description,
    # A flag, not the JSON: a board of thousands of cards decodes none of it.
    Card.recurrence.is_not(None).label("recurring"),
)


def load_board(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    scope_id: str | None = None,
    include_archived: bool = False,
) -> Board:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    scope = resolve_scope(session, project, scope_id)
    columns = [
        ColumnRow(c.id, c.name, c.order, c.category, c.wip_limit)
        for c in session.scalars(select(BoardColumn).where(BoardColumn.scope_id == scope.id).order_by(BoardColumn.order))
    ]
    where = Card.scope_id == scope.id
    if not include_archived:
        where = where & Card.archived.is_(False)
    labels_of: dict[str, list[str]] = defaultdict(list)
    for card_id, label_id in session.execute(
        select(CardLabel.card_id, CardLabel.label_id).join(Card, Card.id == CardLabel.card_id).where(where)
    ):
        labels_of[card_id].append(label_id)
    blocked = blocking.counts(session, where)
    grouped: dict[str, list[CardRow]] = {c.id: [] for c in columns}
    # Plain rows on the connection (the queries above have autoflushed): the ORM's row loading and
    # a Row._asdict() per card, which rebuilds the key view each time, were a third of the time a
    # 10,000-card board took to load.
    rows = session.connection().execute(
        select(*_CARD_COLUMNS).where(where).order_by(Card.archived, Card.order, Card.number)
    )
    names = tuple(rows.keys())
    for values in rows.fetchall():
        card_id = values[0]
        card = CardRow(
            **dict(zip(names, values)),
            label_ids=tuple(labels_of.get(card_id, ())),
            blocked_by_count=blocked.blocked_by[card_id],
            blocks_count=blocked.blocks[card_id],
        )
        grouped.setdefault(card.column_id, []).append(card)
    people_details = {
        user_id: (name, email)
        for user_id, name, email in session.execute(
            select(User.id, User.name, User.email)
            .join(WorkspaceMember, WorkspaceMember.user_id == User.id)
            .where(WorkspaceMember.workspace_id == workspace_id)
        )
    }
    people = {user_id: name or email for user_id, (name, email) in people_details.items()}
    labels = {
        l.id: LabelRow(l.id, l.name, l.color)
        for l in session.scalars(select(Label).where(Label.project_id == project.id).order_by(Label.name))
    }
    return Board(
        project=project, scope=scope, columns=columns, cards=grouped, people=people, labels=labels,
        people_details=people_details,
    )
