"""The filter language (``stellary_core.filters``) applied in SQL, and the context it needs.

Names in a query (labels, columns, people) are resolved to ids in Python with the
same helpers ``filters.matches`` uses, so a query selects the same cards whether
a view filters in memory or the card list filters in the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, not_, or_, select, true
from sqlalchemy.orm import QueryableAttribute, Session, aliased

from stellary_core import filters
from stellary_core.clock import utcnow
from stellary_core.filters import (
    CardQuery,
    Condition,
    DueRange,
    FilterContext,
    Keyword,
    Person,
    Value,
)
from stellary_core.models import (
    BoardColumn,
    Card,
    CardLabel,
    Label,
    Project,
    User,
    WorkspaceMember,
)
from stellary_core.overdue import overdue_condition
from stellary_core.principal import Principal
from stellary_core.services import access, blocking


def as_query(query: str | CardQuery | None, *, field_name: str = "q") -> CardQuery:
    """Accept filter text or an already parsed query (the TUI parses once per keystroke)."""
    if isinstance(query, CardQuery):
        return query
    return filters.parse(query, field_name=field_name)


def _has_name(query: CardQuery, key: str) -> bool:
    return any(c.key == key and any(isinstance(v, str) for v in c.values) for c in query.conditions)


def context_for(session: Session, project: Project, actor: Principal, query: CardQuery | None = None) -> FilterContext:
    """The context of ``project`` for ``actor``; with ``query``, only the names it uses are loaded."""
    def needs(key: str) -> bool:
        return query is None or _has_name(query, key)

    labels: dict[str, str] = {}
    columns: dict[str, str] = {}
    people: list[Person] = []
    if needs("label"):
        labels = dict(session.execute(select(Label.id, Label.name).where(Label.project_id == project.id)).all())
    if needs("column"):
        columns = dict(
            session.execute(select(BoardColumn.id, BoardColumn.name).where(BoardColumn.project_id == project.id)).all()
        )
    if needs("assignee"):
        # Workspace members, and anyone still assigned to a card of the project after leaving it.
        members = select(WorkspaceMember.user_id).where(WorkspaceMember.workspace_id == project.workspace_id)
        assignees = select(Card.assignee_id).where(Card.project_id == project.id, Card.assignee_id.is_not(None))
        people = [
            Person(u.id, u.email, u.name)
            for u in session.scalars(select(User).where(or_(User.id.in_(members), User.id.in_(assignees))))
        ]
    return FilterContext(now=utcnow(), me=actor.user_id, labels=labels, columns=columns, people=people)


def filter_context(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> FilterContext:
    """Everything ``filters.matches`` needs for the cards of a project (labels, columns, people, now)."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return context_for(session, project, actor)


def _ids_in(column: QueryableAttribute[Any], ids: set[str]) -> ColumnElement[bool]:
    return column.in_(sorted(ids)) if ids else false()


def _due_between(span: DueRange) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = [Card.due_date.is_not(None)]
    if span.start is not None:
        parts.append(Card.due_date >= span.start)
    if span.end is not None:
        parts.append(Card.due_date < span.end)
    return and_(*parts)


# Subqueries use aliases: the card list's loaders join CardLabel
# themselves, and SQL would otherwise correlate those away.


def _has_labels(ids: set[str] | None = None) -> ColumnElement[bool]:
    link = aliased(CardLabel)
    found = select(link.card_id).where(link.card_id == Card.id)
    if ids is not None:
        found = found.where(link.label_id.in_(sorted(ids)))
    return found.exists()


def _value_sql(key: str, value: Value, context: FilterContext) -> ColumnElement[bool]:
    if key == filters.TEXT:
        word = str(value)
        return or_(
            Card.title.icontains(word, autoescape=True),
            func.coalesce(Card.description, "").icontains(word, autoescape=True),
            Card.key.icontains(word, autoescape=True),
        )
    if key == "priority":
        return Card.priority.is_(None) if isinstance(value, Keyword) else Card.priority == value
    if key == "status":
        return Card.status == value
    if key == "is":
        return {
            "archived": Card.archived.is_(True),
            "active": Card.archived.is_(False),
            "blocked": blocking.blocked(),
            "open": Card.status != "done",
        }[str(value)]
    if key == "label":
        if isinstance(value, Keyword):
            return _has_labels() if value.name == "any" else not_(_has_labels())
        ids = filters.label_ids_named(context, str(value))
        return _has_labels(ids) if ids else false()
    if key == "assignee":
        if isinstance(value, Keyword):
            if value.name == "me":
                return Card.assignee_id == context.me if context.me else false()
            return Card.assignee_id.is_not(None) if value.name == "any" else Card.assignee_id.is_(None)
        return _ids_in(Card.assignee_id, filters.people_matching(context, str(value)))
    if key == "column":
        return _ids_in(Card.column_id, filters.column_ids_named(context, str(value)))
    if key == "due":
        if isinstance(value, Keyword):
            if value.name in ("none", "any"):
                return Card.due_date.is_(None) if value.name == "none" else Card.due_date.is_not(None)
            if value.name == "today":
                return _due_between(filters.today_range(context.now))
            return overdue_condition(context.now.date())
        assert isinstance(value, DueRange)
        return _due_between(value)
    raise ValueError(f"unknown filter key {key}")


def _condition_sql(condition: Condition, context: FilterContext) -> ColumnElement[bool]:
    any_of = or_(*(_value_sql(condition.key, v, context) for v in condition.values))
    if condition.negated:
        # SQL comparisons with NULL are unknown, and NOT unknown is unknown: make them false first,
        # so "-priority:high" keeps the cards without a priority, as filters.matches does.
        return not_(func.coalesce(any_of, false()))
    return any_of


def query_condition(query: CardQuery, context: FilterContext) -> ColumnElement[bool]:
    """A WHERE clause over ``Card`` selecting the cards that match ``query`` (archiving aside)."""
    if not query:
        return true()
    return and_(*(_condition_sql(c, context) for c in query.conditions))
