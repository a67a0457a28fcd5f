"""Moving a card to a column of another scope, or of another project of the same workspace.

``cards.update_card`` runs it when a change names ``projectId`` or ``scopeId``
with a ``columnId`` elsewhere (the REST ``PATCH`` extension, and the
``relocate_card`` operation of the TUI and scripts). What a card keeps is
decided here, once:

- To another scope of its project, a card keeps everything: its key, labels,
  custom-field values and relations all belong to the project, and scopes split
  a board, not a project.
- To another project, it takes that project's next number, so a new key
  (``GS-12`` becomes ``WEB-7``; numbers are never reused, so the old key is
  not given to another card). What hangs off the card itself goes with it:
  title, description, dates, priority, assignee (a member of the same
  workspace), checklist, comments and attachments.
- Labels and custom fields are the project's own. A label becomes the target
  project's label of the same name (in any case); a custom-field value goes to
  the target's field of the same name when it fits that field, converted as a
  change of the field's type would convert it; the others are dropped.
- Relations link two cards of one project, so they are removed; both cards
  of each hear of it (``card_updated`` naming relations), as when one is deleted.
- The activity log stays where it was written: the source project keeps the
  card's history until the move. The move itself is recorded in both projects
  (``card_moved``, with the scopes, projects, both keys and what was dropped),
  so each project's history and statistics see the card leave or arrive.
- The status follows the target column's category and both columns' orders
  stay contiguous, as with any move; an archived card changes place without
  taking an order.

The target project must be in the card's workspace, which the actor sees
(anything else is a 404, as is every project the actor cannot see); the
column must be one of the target project (400 naming columnId), and of the
scope ``scopeId`` names when given (400).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Invalid, NotFound
from stellary_core.event_types import CardMoved
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import BoardColumn, Card, CardFieldValue, CardLabel, CustomField, Label, Project, Scope
from stellary_core.principal import Principal
from stellary_core.services import access, cards, custom_fields, relations


@dataclass(frozen=True)
class Destination:
    project: Project
    scope: Scope
    column: BoardColumn

    def elsewhere(self, card: Card) -> bool:
        """Whether the card leaves its scope (or project); a move within its scope is an ordinary move."""
        return self.project.id != card.project_id or self.scope.id != card.scope_id


def destination(
    session: Session, *, source: Project, column_id: str, project_id: str | None, scope_id: str | None
) -> Destination:
    """Where ``columnId`` (of ``projectId``, else the card's project; of ``scopeId`` when given) is; checked before any change."""
    target = source
    if project_id is not None and project_id != source.id:
        found = session.get(Project, project_id) if is_id(project_id) else None
        if found is None or found.workspace_id != source.workspace_id:
            raise NotFound("Target project not found")
        target = found
    column = session.get(BoardColumn, column_id) if is_id(column_id) else None
    if column is None or column.project_id != target.id:
        where = "this project" if target is source else "the target project"
        raise Invalid.field("columnId", f"is not a column of {where}")
    scope = session.get_one(Scope, column.scope_id)
    if scope_id is not None and scope_id != scope.id:
        named = session.get(Scope, scope_id) if is_id(scope_id) else None
        if named is None or named.project_id != target.id:
            raise Invalid.field("scopeId", "is not a scope of the target project")
        raise Invalid.field("columnId", f"is not a column of the scope {named.name!r}")
    return Destination(target, scope, column)


def relocate(
    session: Session, *, actor: Principal, source: Project, card: Card, to: Destination, order: int | None
) -> None:
    """Put ``card`` (of ``source``) in ``to.column``, at ``order`` or the end, by the rules above; emits the moves."""
    from_column = session.get_one(BoardColumn, card.column_id)
    from_scope = session.get_one(Scope, card.scope_id)
    status_before, key_before = card.status, card.key
    crossing = to.project.id != source.id
    across: dict[str, Any] = _change_project(session, actor, source, card, to.project) if crossing else {}
    if card.archived:
        card.column_id, card.scope_id = to.column.id, to.scope.id  # an archived card holds no place in an order
    else:
        cards.move_to_column(session, card, to.column, order)
    card.updated_at = utcnow()
    data: dict[str, Any] = {
        "fromColumn": from_column.name,
        "toColumn": to.column.name,
        "fromColumnId": from_column.id,
        "toColumnId": to.column.id,
        "fromStatus": status_before,
        "toStatus": card.status,
        "fromScope": from_scope.name,
        "toScope": to.scope.name,
        "fromScopeId": from_scope.id,
        "toScopeId": to.scope.id,
        **across,
    }
    session.flush()
    if crossing:
        # The project it left records the departure under the key people there knew it by.
        emit(session, cards.card_event(CardMoved, actor, source, card, **{**data, "key": key_before}))
    emit(session, cards.card_event(CardMoved, actor, to.project, card, **data))
    session.flush()


def _change_project(session: Session, actor: Principal, source: Project, card: Card, target: Project) -> dict[str, Any]:
    """Give the card to ``target``: a new number and key, its labels and values carried over by name, no relations."""
    key_before = card.key
    dropped_relations = relations.drop_card_relations(session, actor=actor, project=source, card=card)
    dropped_labels = _carry_labels(session, card, target)
    dropped_fields = _carry_field_values(session, card, target)
    # The number is taken first: its query flushes, and a card already in ``target`` under its old
    # number could collide with one of target's cards.
    number = cards.next_card_number(session, target)
    card.project_id, card.number, card.key = target.id, number, f"{target.key_prefix}-{number}"
    return {
        "fromProject": source.name,
        "toProject": target.name,
        "fromProjectId": source.id,
        "toProjectId": target.id,
        "fromKey": key_before,
        "toKey": card.key,
        "droppedLabels": dropped_labels,
        "droppedFields": dropped_fields,
        "droppedRelations": dropped_relations,
    }


def _carry_labels(session: Session, card: Card, target: Project) -> list[str]:
    """Swap each label for the target's label of the same name; the names of those it has not."""
    by_name = {
        name.casefold(): label_id
        for label_id, name in session.execute(select(Label.id, Label.name).where(Label.project_id == target.id))
    }
    dropped: list[str] = []
    links = session.execute(
        select(CardLabel, Label.name)
        .join(Label, Label.id == CardLabel.label_id)
        .where(CardLabel.card_id == card.id)
        .order_by(Label.name)
    ).all()
    for link, name in links:
        session.delete(link)
        same = by_name.get(name.casefold())
        if same is None:
            dropped.append(name)
        else:
            session.add(CardLabel(card_id=card.id, label_id=same))
    return dropped


def _carry_field_values(session: Session, card: Card, target: Project) -> list[str]:
    """Move each value to the target's field of the same name if it fits there; the names of those dropped."""
    by_name = {
        field.name.casefold(): field
        for field in session.scalars(select(CustomField).where(CustomField.project_id == target.id))
    }
    dropped: list[str] = []
    values = session.execute(
        select(CardFieldValue, CustomField.name)
        .join(CustomField, CustomField.id == CardFieldValue.field_id)
        .where(CardFieldValue.card_id == card.id)
        .order_by(CustomField.order, CustomField.name)
    ).all()
    for row, name in values:
        session.delete(row)
        field = by_name.get(name.casefold())
        value = custom_fields.convert_value(row.value, field.type, field.options) if field is not None else None
        if field is None or value is None:
            dropped.append(name)
        else:
            session.add(CardFieldValue(card_id=card.id, field_id=field.id, value=value))
    return dropped


# -- where a card can go -------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnPlace:
    id: str
    name: str


@dataclass(frozen=True)
class ScopePlace:
    id: str
    name: str
    columns: list[ColumnPlace]


@dataclass(frozen=True)
class ProjectPlace:
    id: str
    name: str
    key_prefix: str
    scopes: list[ScopePlace]


def destinations(session: Session, *, actor: Principal, workspace_id: str) -> list[ProjectPlace]:
    """Every project of the workspace with its scopes and their columns, in order: where a card can be moved."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    projects = session.execute(
        select(Project.id, Project.name, Project.key_prefix)
        .where(Project.workspace_id == workspace_id)
        .order_by(func.lower(Project.name), Project.id)
    ).all()
    in_workspace = select(Project.id).where(Project.workspace_id == workspace_id)
    columns: dict[str, list[ColumnPlace]] = {}
    for scope_id, column_id, name in session.execute(
        select(BoardColumn.scope_id, BoardColumn.id, BoardColumn.name)
        .where(BoardColumn.project_id.in_(in_workspace))
        .order_by(BoardColumn.order, BoardColumn.id)
    ):
        columns.setdefault(scope_id, []).append(ColumnPlace(column_id, name))
    scopes: dict[str, list[ScopePlace]] = {}
    for project_id, scope_id, name in session.execute(
        select(Scope.project_id, Scope.id, Scope.name)
        .where(Scope.project_id.in_(in_workspace))
        .order_by(Scope.order, Scope.id)
    ):
        scopes.setdefault(project_id, []).append(ScopePlace(scope_id, name, columns.get(scope_id, [])))
    return [ProjectPlace(pid, name, prefix, scopes.get(pid, [])) for pid, name, prefix in projects]
