"""Project export and import (the ``stellary.project/1`` snapshot of ``schemas.transfer``).

Export writes everything a project holds except its members and activity:
scopes with their columns and saved filters, labels, custom fields, cards with
every field (checklist, labels, field values, comments), and relations; the
cards' attachment files only when asked (``with_files``, base64 inside the
document, see ``services.transfer_files``). People appear by email.

Import builds a new project from a snapshot (or from the reference's simpler
body) in one transaction: the whole document is checked first, each problem a
400 naming the field (``cards.3.columnId``), and any failure leaves nothing
behind. Rules:
- at most 50 columns in all and 500 cards;
- references inside the document (column, label, custom field and card ids)
  must point at parts of the document; they are remapped to fresh ids;
- names that must be unique in a project (scopes, labels, custom fields, columns
  and saved filters in a scope) must be unique in the document; values,
  options, filter queries and relations follow the same rules as when made one
  by one;
- assignees are matched by email among the workspace's members (anyone else
  is left unassigned). Comment authors and card creators are matched the same
  way when the importer is a workspace admin; otherwise only the importer's own
  email is matched, so nobody can put words in a colleague's mouth, and other
  comments keep their text with no author;
- card numbers (hence keys) are kept when given; ids and timestamps are not;
- a name or key prefix another project of the workspace has already is not
  repeated: the project becomes "Name (2)" and takes a free prefix
  (``services.project_names``); ``import_notes`` says so in words.

Each imported card records a ``card_created`` activity (meta ``imported: true``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core import filters
from stellary_core.clock import iso_z, utcnow
from stellary_core.column_names import usual_category
from stellary_core.errors import Invalid, NotFound
from stellary_core.event_types import CardCreated
from stellary_core.events import emit
from stellary_core.ids import is_id, new_id
from stellary_core.models import (
    BoardColumn,
    Card,
    CardFieldValue,
    CardLabel,
    CardRelation,
    ChecklistItem,
    Comment,
    CustomField,
    Label,
    Project,
    SavedFilter,
    Scope,
    User,
    WorkspaceMember,
)
from stellary_core.principal import Principal
from stellary_core.schemas.common import invalid_from
from stellary_core.schemas.transfer import (
    FORMAT,
    MAX_COLUMNS,
    CardPart,
    ColumnPart,
    ProjectPart,
    ProjectSnapshot,
    RelationPart,
    ScopePart,
)
from stellary_core.services import access, custom_fields, project_names, relations, transfer_files
from stellary_core.services.cards import card_event
from stellary_core.services.projects import ProjectView, key_prefix_for, new_project
from stellary_core.services.scopes import MAX_SETTINGS_CHARS
from stellary_core.services.templates import DEFAULT_COLUMNS, TemplateColumn

# -- export -----------------------------------------------------------------


def _emails(session: Session, user_ids: set[str | None]) -> dict[str, User]:
    wanted = {u for u in user_ids if u}
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))}


def export_project(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, with_files: bool = False
) -> dict[str, Any]:
    """A complete JSON-ready snapshot of the project (format ``stellary.project/1``).

    ``with_files`` adds each card's ``attachments`` with their bytes (``services.transfer_files``);
    without it the snapshot has no such key, as in the reference.
    """
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    scopes = list(session.scalars(select(Scope).where(Scope.project_id == project.id).order_by(Scope.order, Scope.id)))
    columns_by_scope: dict[str, list[BoardColumn]] = defaultdict(list)
    for column in session.scalars(
        select(BoardColumn).where(BoardColumn.project_id == project.id).order_by(BoardColumn.order, BoardColumn.id)
    ):
        columns_by_scope[column.scope_id].append(column)
    filters_by_scope: dict[str, list[SavedFilter]] = defaultdict(list)
    for saved in session.scalars(
        select(SavedFilter)
        .join(Scope, Scope.id == SavedFilter.scope_id)
        .where(Scope.project_id == project.id)
        .order_by(SavedFilter.created_at, SavedFilter.id)
    ):
        filters_by_scope[saved.scope_id].append(saved)
    labels = list(session.scalars(select(Label).where(Label.project_id == project.id).order_by(Label.name, Label.id)))
    fields = list(
        session.scalars(select(CustomField).where(CustomField.project_id == project.id).order_by(CustomField.order, CustomField.id))
    )
    cards = list(session.scalars(select(Card).where(Card.project_id == project.id).order_by(Card.number)))
    in_project = select(Card.id).where(Card.project_id == project.id).scalar_subquery()
    checklists: dict[str, list[ChecklistItem]] = defaultdict(list)
    for item in session.scalars(
        select(ChecklistItem).where(ChecklistItem.card_id.in_(in_project)).order_by(ChecklistItem.order, ChecklistItem.id)
    ):
        checklists[item.card_id].append(item)
    card_labels: dict[str, list[str]] = defaultdict(list)
    label_order = {label.id: n for n, label in enumerate(labels)}
    for link in session.scalars(select(CardLabel).where(CardLabel.card_id.in_(in_project))):
        card_labels[link.card_id].append(link.label_id)
    values: dict[str, dict[str, Any]] = defaultdict(dict)
    for value in session.scalars(select(CardFieldValue).where(CardFieldValue.card_id.in_(in_project))):
        if value.value is not None:
            values[value.card_id][value.field_id] = value.value
    comments: dict[str, list[Comment]] = defaultdict(list)
    for comment in session.scalars(
        select(Comment).where(Comment.card_id.in_(in_project)).order_by(Comment.created_at, Comment.id)
    ):
        comments[comment.card_id].append(comment)
    relation_rows = list(
        session.scalars(select(CardRelation).where(CardRelation.project_id == project.id).order_by(CardRelation.created_at, CardRelation.id))
    )
    people = _emails(
        session,
        {c.assignee_id for c in cards}
        | {c.created_by for c in cards}
        | {m.author_id for thread in comments.values() for m in thread},
    )

    def email(user_id: str | None) -> str | None:
        return people[user_id].email if user_id in people else None

    attached = transfer_files.exported_attachments(session, cards) if with_files else None
    snapshot: dict[str, Any] = {
        "format": FORMAT,
        "exportedAt": iso_z(utcnow()),
        "project": {"name": project.name, "description": project.description, "keyPrefix": project.key_prefix},
        "scopes": [
            {
                "id": scope.id,
                "name": scope.name,
                "description": scope.description,
                "isDefault": scope.is_default,
                "activeView": scope.active_view,
                "settings": dict(scope.settings or {}),
                "columns": [
                    {"id": c.id, "name": c.name, "category": c.category, "wipLimit": c.wip_limit}
                    for c in columns_by_scope[scope.id]
                ],
                "savedFilters": [{"name": f.name, "query": f.query} for f in filters_by_scope[scope.id]],
            }
            for scope in scopes
        ],
        "labels": [{"id": label.id, "name": label.name, "color": label.color} for label in labels],
        "customFields": [{"id": f.id, "name": f.name, "type": f.type, "options": list(f.options or [])} for f in fields],
        "cards": [
            {
                "id": card.id,
                "number": card.number,
                "key": card.key,
                "title": card.title,
                "description": card.description,
                "columnId": card.column_id,
                "order": card.order,
                "priority": card.priority,
                "status": card.status,
                "startDate": iso_z(card.start_date),
                "dueDate": iso_z(card.due_date),
                "archived": card.archived,
                "assigneeEmail": email(card.assignee_id),
                "createdByEmail": email(card.created_by),
                "checklist": [{"title": i.title, "done": i.done} for i in checklists[card.id]],
                "labelIds": sorted(card_labels[card.id], key=lambda label_id: label_order.get(label_id, 0)),
                "customFields": values[card.id],
                "comments": [
                    {
                        "authorEmail": email(m.author_id),
                        "authorName": people[m.author_id].name if m.author_id in people else None,
                        "content": m.content,
                        "createdAt": iso_z(m.created_at),
                    }
                    for m in comments[card.id]
                ],
                "createdAt": iso_z(card.created_at),
                "updatedAt": iso_z(card.updated_at),
                "completedAt": iso_z(card.completed_at),
                "recurrence": card.recurrence,
            }
            for card in cards
        ],
        "relations": [
            {"sourceCardId": r.source_card_id, "targetCardId": r.target_card_id, "type": r.type} for r in relation_rows
        ],
    }
    if attached is not None:
        for card_part in snapshot["cards"]:
            card_part["attachments"] = attached.get(card_part["id"], [])
    return snapshot


def export_project_by_id(session: Session, *, actor: Principal, project_id: str) -> dict[str, Any]:
    """Export a project known only by id (the CLI's way in); NotFound unless the actor may see it."""
    project = session.get(Project, project_id) if is_id(project_id) else None
    if project is None:
        raise NotFound("Project not found")
    return export_project(session, actor=actor, workspace_id=project.workspace_id, project_id=project.id)


# -- import: reading and checking ---------------------------------------------


def decode_snapshot_file(text: str, source: str) -> Any:
    """The JSON of a snapshot file read by a shell (CLI or TUI); bad JSON is a 400 naming ``source``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise Invalid.field("file", f"{source} is not valid JSON ({error.msg} at {where})") from None


def parse_snapshot(raw: Any) -> ProjectSnapshot:
    """Validate a decoded JSON document; problems are a 400 naming each field, as over REST."""
    try:
        return ProjectSnapshot.model_validate(raw)
    except ValidationError as error:
        raise invalid_from(error) from None


@dataclass
class _Column:
    scope_index: int
    path: str  # where the column is in the document, for messages
    part: ColumnPart


@dataclass
class _Plan:
    """The document, checked and resolved: every reference is an index into these lists."""

    scopes: list[ScopePart]
    default_scope: int
    columns: list[_Column]
    saved_queries: dict[tuple[int, int], str]
    card_columns: list[int] = field(default_factory=list)
    card_numbers: list[int] = field(default_factory=list)
    card_labels: list[list[int]] = field(default_factory=list)
    card_values: list[dict[int, Any]] = field(default_factory=list)
    relations: list[tuple[str, int, int]] = field(default_factory=list)
    card_files: list[list[transfer_files.PlannedFile]] = field(default_factory=list)


def _unique(values: Sequence[str | None], path: Callable[[int], str], what: str, fold: bool = False) -> dict[str, int]:
    """Map each given value to its index; a repeat is a 400 at the repeating item."""
    seen: dict[str, int] = {}
    for index, value in enumerate(values):
        if value is None:
            continue
        key = value.casefold() if fold else value
        if key in seen:
            raise Invalid.field(path(index), f"repeats the {what} of another item")
        seen[key] = index
    return seen


def _with_category(column: ColumnPart) -> ColumnPart:
    """A reference-style column that names no category gets the usual one of its name ("Done" is done)."""
    if "category" in column.model_fields_set:
        return column
    return column.model_copy(update={"category": usual_category(column.name)})


def _scopes(data: ProjectSnapshot) -> tuple[list[ScopePart], int]:
    if data.scopes is not None and data.columns is not None:
        raise Invalid.field("columns", "give either scopes (each with its columns) or columns, not both")
    if data.scopes is None:
        columns = data.columns
        if columns is None:
            columns = [ColumnPart.model_validate({"name": c.name, "category": c.category}) for c in DEFAULT_COLUMNS]
        return [ScopePart(name="Main", is_default=True, columns=[_with_category(c) for c in columns])], 0
    defaults = [i for i, scope in enumerate(data.scopes) if scope.is_default]
    if len(defaults) > 1:
        raise Invalid.field(f"scopes.{defaults[1]}.isDefault", "only one scope can be the default")
    return data.scopes, defaults[0] if defaults else 0


def _plan_board(data: ProjectSnapshot) -> _Plan:
    scopes, default_scope = _scopes(data)
    _unique([s.name for s in scopes], lambda i: f"scopes.{i}.name", "name", fold=True)
    top_level = data.scopes is None
    columns: list[_Column] = []
    saved_queries: dict[tuple[int, int], str] = {}
    for s, scope in enumerate(scopes):
        if len(json.dumps(scope.settings)) > MAX_SETTINGS_CHARS:
            raise Invalid.field(f"scopes.{s}.settings", f"must stay under {MAX_SETTINGS_CHARS} characters of JSON")
        prefix = "columns" if top_level else f"scopes.{s}.columns"
        columns += [_Column(s, f"{prefix}.{c}", part) for c, part in enumerate(scope.columns)]
        _unique([c.name for c in scope.columns], lambda i, prefix=prefix: f"{prefix}.{i}.name", "name", fold=True)  # type: ignore[misc]
        _unique([f.name for f in scope.saved_filters], lambda i, s=s: f"scopes.{s}.savedFilters.{i}.name", "name", fold=True)  # type: ignore[misc]
        for f, saved in enumerate(scope.saved_filters):
            saved_queries[(s, f)] = filters.parse(saved.query, field_name=f"scopes.{s}.savedFilters.{f}.query").text
    if len(columns) > MAX_COLUMNS:
        raise Invalid.field("columns" if top_level else "scopes", f"a project holds at most {MAX_COLUMNS} columns in all")
    return _Plan(scopes, default_scope, columns, saved_queries)


def _card_column(plan: _Plan, card: CardPart, c: int, column_refs: dict[str, int]) -> int:
    if card.column_id is not None and card.column_index is not None:
        raise Invalid.field(f"cards.{c}.columnIndex", "give columnId or columnIndex, not both")
    if card.column_id is not None:
        if card.column_id not in column_refs:
            raise Invalid.field(f"cards.{c}.columnId", "is not the id of a column in this document")
        return column_refs[card.column_id]
    if card.column_index is not None:
        if card.column_index >= len(plan.columns):
            raise Invalid.field(f"cards.{c}.columnIndex", f"must be below the number of columns ({len(plan.columns)})")
        return card.column_index
    defaults = [n for n, column in enumerate(plan.columns) if column.scope_index == plan.default_scope]
    if not defaults:
        raise Invalid.field(f"cards.{c}.columnId", "is required: the default scope has no columns")
    return defaults[0]


def _card_numbers(cards: list[CardPart]) -> list[int]:
    """Given numbers are kept (they must be unique); the others follow the highest, in list order."""
    seen: set[int] = set()
    for c, card in enumerate(cards):
        if card.number is not None:
            if card.number in seen:
                raise Invalid.field(f"cards.{c}.number", "repeats the number of another card")
            seen.add(card.number)
    following = max(seen, default=0)
    numbers = []
    for card in cards:
        if card.number is None:
            following += 1
            numbers.append(following)
        else:
            numbers.append(card.number)
    return numbers


def _plan_cards(plan: _Plan, data: ProjectSnapshot) -> None:
    column_refs = _unique([col.part.id for col in plan.columns], lambda i: f"{plan.columns[i].path}.id", "id")
    label_refs = _unique([label.id for label in data.labels], lambda i: f"labels.{i}.id", "id")
    _unique([label.name for label in data.labels], lambda i: f"labels.{i}.name", "name", fold=True)
    field_refs = _unique([f.id for f in data.custom_fields], lambda i: f"customFields.{i}.id", "id")
    _unique([f.name for f in data.custom_fields], lambda i: f"customFields.{i}.name", "name", fold=True)
    for f, definition in enumerate(data.custom_fields):
        try:
            definition.options = custom_fields.check_options(definition.type, definition.options)
        except Invalid as problem:
            raise Invalid.field(f"customFields.{f}.options", problem.details[0].message if problem.details else problem.message) from None
    _unique([card.id for card in data.cards], lambda i: f"cards.{i}.id", "id")
    plan.card_numbers = _card_numbers(data.cards)
    for c, card in enumerate(data.cards):
        plan.card_columns.append(_card_column(plan, card, c, column_refs))
        if card.start_date is not None and card.due_date is not None and card.due_date < card.start_date:
            raise Invalid.field(f"cards.{c}.dueDate", "must not be before startDate")
        label_indexes: list[int] = []
        for n, ref in enumerate(card.label_ids):
            if ref not in label_refs:
                raise Invalid.field(f"cards.{c}.labelIds.{n}", "is not the id of a label in this document")
            if label_refs[ref] not in label_indexes:
                label_indexes.append(label_refs[ref])
        plan.card_labels.append(label_indexes)
        card_values: dict[int, Any] = {}
        for ref, value in card.custom_fields.items():
            where = f"cards.{c}.customFields.{ref}"
            if ref not in field_refs:
                raise Invalid.field(where, "is not the id of a custom field in this document")
            if value is None:
                continue
            definition = data.custom_fields[field_refs[ref]]
            try:
                card_values[field_refs[ref]] = custom_fields.validate_value(definition.type, definition.options, value)
            except ValueError as problem:
                raise Invalid.field(where, str(problem)) from None
        plan.card_values.append(card_values)
    _plan_relations(plan, data.relations, {card.id: c for c, card in enumerate(data.cards) if card.id is not None})
    plan.card_files = transfer_files.plan_files(data.cards)


def _plan_relations(plan: _Plan, wanted: list[RelationPart], card_refs: dict[str, int]) -> None:
    """The relation rules of ``services.relations``, applied to the document as a whole."""
    stored: set[tuple[str, int, int]] = set()
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    parents: dict[int, int] = {}
    for r, relation in enumerate(wanted):
        for end, ref in (("sourceCardId", relation.source_card_id), ("targetCardId", relation.target_card_id)):
            if ref not in card_refs:
                raise Invalid.field(f"relations.{r}.{end}", "is not the id of a card in this document")
        source, target = card_refs[relation.source_card_id], card_refs[relation.target_card_id]
        if source == target:
            raise Invalid.field(f"relations.{r}.targetCardId", "a card cannot relate to itself")
        kind, src, tgt = relations.normalise(relation.type, str(source), str(target))
        a, b = int(src), int(tgt)
        if (kind, a, b) in stored or (kind not in relations.ACYCLIC_TYPES and (kind, b, a) in stored):
            raise Invalid.field(f"relations.{r}", "repeats another relation between these cards")
        if kind in relations.ACYCLIC_TYPES and relations.reaches(edges[kind], tgt, src):
            raise Invalid.field(f"relations.{r}", f"would make a {'blocking' if kind == 'blocks' else 'parent/child'} cycle")
        if kind == "parent_of":
            if b in parents:
                raise Invalid.field(f"relations.{r}", "gives a card a second parent")
            parents[b] = a
        stored.add((kind, a, b))
        edges[kind].append((src, tgt))
        plan.relations.append((kind, a, b))


# -- import: writing ------------------------------------------------------------


@dataclass(frozen=True)
class _People:
    """Who an email stands for in the target workspace (see the module's rules)."""

    members: dict[str, str]
    actor_id: str
    trusted: bool  # the importer is a workspace admin: authors may be anyone of the workspace

    def assignee(self, email: str | None) -> str | None:
        return self.members.get(email.strip().lower()) if email else None

    def author(self, email: str | None) -> str | None:
        user_id = self.assignee(email)
        return user_id if self.trusted or user_id == self.actor_id else None


def _people(session: Session, actor: Principal, workspace_id: str, trusted: bool) -> _People:
    rows = session.execute(
        select(User.email, User.id).join(WorkspaceMember, WorkspaceMember.user_id == User.id).where(
            WorkspaceMember.workspace_id == workspace_id
        )
    ).all()
    return _People({e.lower(): u for e, u in rows}, actor.user_id, trusted)


def _make_board(session: Session, actor: Principal, workspace_id: str, data: ProjectSnapshot, plan: _Plan) -> tuple[Project, Scope, list[BoardColumn]]:
    """The project, its scopes in document order, and its columns in ``plan.columns`` order."""
    main = plan.scopes[plan.default_scope]
    names, prefixes = project_names.taken_in_workspace(session, workspace_id)
    project, default_scope, default_columns = new_project(
        session,
        actor=actor,
        workspace_id=workspace_id,
        name=project_names.free_name(data.project.name, names),
        description=data.project.description,
        columns=tuple(TemplateColumn(c.name, c.category) for c in main.columns),
    )
    project.key_prefix = project_names.free_key_prefix(wanted_key_prefix(data.project), prefixes)
    made: dict[int, tuple[Scope, list[BoardColumn]]] = {plan.default_scope: (default_scope, default_columns)}
    for s, part in enumerate(plan.scopes):
        if s == plan.default_scope:
            scope = default_scope
            scope.name, scope.description = part.name, part.description
        else:
            scope = Scope(id=new_id(), project_id=project.id, name=part.name, description=part.description, is_default=False)
            session.add(scope)
            session.flush()  # rows without ORM relationships are flushed parent first, by hand
            scope_columns = [
                BoardColumn(id=new_id(), project_id=project.id, scope_id=scope.id, name=c.name, category=c.category, order=n)
                for n, c in enumerate(part.columns)
            ]
            session.add_all(scope_columns)
            made[s] = (scope, scope_columns)
        scope.order, scope.active_view, scope.settings = s, part.active_view, dict(part.settings)
        for f, saved in enumerate(part.saved_filters):
            session.add(
                SavedFilter(scope_id=scope.id, name=saved.name, query=plan.saved_queries[(s, f)], created_by=actor.user_id)
            )
    session.flush()
    columns: list[BoardColumn] = []
    position: dict[int, int] = defaultdict(int)
    for planned in plan.columns:
        column = made[planned.scope_index][1][position[planned.scope_index]]
        position[planned.scope_index] += 1
        column.wip_limit = planned.part.wip_limit
        columns.append(column)
    return project, default_scope, columns


def _card_orders(plan: _Plan, cards: list[CardPart]) -> list[int]:
    """0-based contiguous order of each column's active cards: by given ``order``, then list position."""
    by_column: dict[int, list[int]] = defaultdict(list)
    for c, card in enumerate(cards):
        if not card.archived:
            by_column[plan.card_columns[c]].append(c)
    orders = [card.order or 0 for card in cards]
    for members in by_column.values():
        members.sort(key=lambda c: (cards[c].order is None, cards[c].order or 0, c))
        for position, c in enumerate(members):
            orders[c] = position
    return orders


def _make_cards(
    session: Session, actor: Principal, project: Project, data: ProjectSnapshot, plan: _Plan, columns: list[BoardColumn], people: _People
) -> list[Card]:
    labels = [Label(id=new_id(), project_id=project.id, name=p.name, color=p.color) for p in data.labels]
    definitions = [
        CustomField(id=new_id(), project_id=project.id, name=p.name, type=p.type, options=list(p.options), order=n)
        for n, p in enumerate(data.custom_fields)
    ]
    session.add_all([*labels, *definitions])
    session.flush()
    now = utcnow()
    orders = _card_orders(plan, data.cards)
    made: list[Card] = []
    said = 0  # comments get distinct, increasing times so their order survives
    for c, part in enumerate(data.cards):
        column = columns[plan.card_columns[c]]
        status = part.status or column.category or "todo"
        card = Card(
            id=new_id(),
            project_id=project.id,
            scope_id=column.scope_id,
            column_id=column.id,
            number=plan.card_numbers[c],
            key=f"{project.key_prefix}-{plan.card_numbers[c]}",
            title=part.title,
            description=part.description,
            priority=part.priority,
            status=status,
            start_date=part.start_date,
            due_date=part.due_date,
            assignee_id=people.assignee(part.assignee_email),
            archived=part.archived,
            recurrence=part.recurrence.repetition().to_stored() if part.recurrence is not None else None,
            order=orders[c],
            completed_at=now if status == "done" else None,
            created_by=people.author(part.created_by_email) or actor.user_id,
            checklist_total=len(part.checklist),
            checklist_done=sum(1 for item in part.checklist if item.done),
            comment_count=len(part.comments),
        )
        made.append(card)
    session.add_all(made)
    session.flush()
    for c, (part, card) in enumerate(zip(data.cards, made, strict=True)):
        session.add_all(
            ChecklistItem(card_id=card.id, title=item.title, done=item.done, order=n) for n, item in enumerate(part.checklist)
        )
        session.add_all(CardLabel(card_id=card.id, label_id=labels[n].id) for n in plan.card_labels[c])
        session.add_all(
            CardFieldValue(card_id=card.id, field_id=definitions[n].id, value=value) for n, value in plan.card_values[c].items()
        )
        for comment in part.comments:
            said += 1
            moment = now + timedelta(microseconds=said)
            session.add(
                Comment(card_id=card.id, author_id=people.author(comment.author_email), content=comment.content, created_at=moment, updated_at=moment)
            )
    transfer_files.make_attachments(session, made, plan.card_files, lambda email: people.author(email) or actor.user_id)
    project.next_card_number = max(plan.card_numbers, default=0) + 1
    session.add_all(
        CardRelation(project_id=project.id, source_card_id=made[a].id, target_card_id=made[b].id, type=kind, created_by=actor.user_id)
        for kind, a, b in plan.relations
    )
    session.flush()
    return made


def wanted_key_prefix(part: ProjectPart) -> str:
    return part.key_prefix or key_prefix_for(part.name)


def import_notes(asked: ProjectPart, name: str, key_prefix: str) -> list[str]:
    """What the importer should be told: the name or key prefix the project got instead of the document's."""
    notes = []
    if name != asked.name:
        notes.append(f"A project named '{asked.name}' already exists there, so this one is '{name}'.")
    if key_prefix != wanted_key_prefix(asked):
        notes.append(
            f"The key prefix {wanted_key_prefix(asked)} is taken there, so its cards are {key_prefix}-1, {key_prefix}-2…"
        )
    return notes


def import_project(session: Session, *, actor: Principal, workspace_id: str, data: ProjectSnapshot) -> ProjectView:
    """Create a project from a snapshot, all or nothing."""
    found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    plan = _plan_board(data)
    _plan_cards(plan, data)
    people = _people(session, actor, workspace_id, trusted=found.is_admin)
    try:
        project, default_scope, columns = _make_board(session, actor, workspace_id, data, plan)
        cards = _make_cards(session, actor, project, data, plan, columns, people)
        by_id = {column.id: column for column in columns}
        for card in cards:
            column = by_id[card.column_id]
            emit(
                session,
                card_event(
                    CardCreated,
                    actor,
                    project,
                    card,
                    column=column.name,
                    columnId=column.id,
                    assigneeId=card.assignee_id,
                    imported=True,
                ),
            )
        session.flush()
    except BaseException:
        session.rollback()
        raise
    return ProjectView(project, default_scope.id)
