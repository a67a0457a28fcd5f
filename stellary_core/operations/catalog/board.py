"""Columns and cards: the board's operations (MCP's names where Stellary publishes one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from stellary_core.errors import Invalid
from stellary_core.filters import CardQuery, Condition, Keyword
from stellary_core.models import Scope
from stellary_core.operations import refs
from stellary_core.operations.encoded import EncodedList
from stellary_core.operations.refs import InProject, InWorkspace, OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.board import CardCreateIn, CardOut, CardUpdateIn, ColumnCreateIn, ColumnOut, ColumnUpdateIn
from stellary_core.schemas.common import OkResponse
from stellary_core.services import card_filters, card_relocation, cards, columns
from stellary_core.services.card_relocation import ColumnPlace, ProjectPlace, ScopePlace

__all__ = ["ColumnPlace", "ProjectPlace", "ScopePlace"]  # the rows of list_move_destinations, for shells

READ = "projects:read"
WRITE = "projects:write"


# -- columns ---------------------------------------------------------------------------


class ListColumns(InProject):
    scope_id: str | None = None


@operation("list_columns", input=ListColumns, output=list[ColumnOut], scope=READ, writes=False)
def list_columns(ctx: OperationContext, given: ListColumns) -> list[ColumnOut]:
    """The columns of a scope (the project's default scope unless scopeId is given), in order."""
    ws, project = refs.project(ctx, given)
    found = columns.list_columns(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, scope_id=given.scope_id
    )
    return [ColumnOut.model_validate(c) for c in found]


class CreateColumn(InProject):
    data: ColumnCreateIn


@operation("create_column", input=CreateColumn, output=ColumnOut, scope=WRITE, writes=True)
def create_column(ctx: OperationContext, given: CreateColumn) -> ColumnOut:
    """Add a column to a scope."""
    ws, project = refs.project(ctx, given)
    column = columns.create_column(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, data=given.data
    )
    return ColumnOut.model_validate(column)


class UpdateColumn(InProject):
    column: str
    data: ColumnUpdateIn


@operation("update_column", input=UpdateColumn, output=ColumnOut, scope=WRITE, writes=True)
def update_column(ctx: OperationContext, given: UpdateColumn) -> ColumnOut:
    """Rename, recategorize, limit or move a column."""
    ws, project = refs.project(ctx, given)
    column = refs.column(ctx, project, given.column)
    updated = columns.update_column(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, column_id=column.id,
        data=given.data,
    )
    return ColumnOut.model_validate(updated)


class DeleteColumn(InProject):
    column: str
    move_cards_to: str | None = None


@operation("delete_column", input=DeleteColumn, output=OkResponse, scope=WRITE, writes=True)
def delete_column(ctx: OperationContext, given: DeleteColumn) -> OkResponse:
    """Delete a column; one that holds cards needs moveCardsTo."""
    ws, project = refs.project(ctx, given)
    column = refs.column(ctx, project, given.column)
    target = refs.column(ctx, project, given.move_cards_to, field="moveCardsTo").id if given.move_cards_to is not None else None
    columns.delete_column(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, column_id=column.id,
        move_cards_to=target,
    )
    return OkResponse()


# -- cards -----------------------------------------------------------------------------


class ListCards(InWorkspace):
    """A project's cards, or, without a project, the cards of every project the actor can see."""

    project: str | None = None
    scope_id: str | None = None
    archived: bool = False
    column: str | None = None
    q: str | None = None
    # The same as ``assignee:`` and ``priority:`` terms of ``q``, for callers that prefer arguments.
    assignee: str | None = None
    priority: Literal["low", "medium", "high", "none"] | None = None


@operation("list_cards", input=ListCards, output=list[CardOut], scope=READ, writes=False)
def list_cards(ctx: OperationContext, given: ListCards) -> Sequence[CardOut]:
    """The cards of a scope (or of every visible project), optionally of one column and matching a filter (the ?q= language)."""
    if given.project is None:
        return _cards_everywhere(ctx, given)
    ref = InProject(project=given.project, org_slug=given.org_slug, ws_slug=given.ws_slug, workspace_id=given.workspace_id)
    # The project first: a stranger's project is a 404 whatever the query says.
    ws, project = refs.project(ctx, ref)
    column_id = refs.column(ctx, project, given.column, field="columnId").id if given.column is not None else None
    selection = cards.select_cards(
        ctx.session,
        actor=ctx.actor,
        workspace_id=ws.workspace.id,
        project_id=project.id,
        scope_id=given.scope_id,
        include_archived=given.archived,
        column_id=column_id,
        query=_with_arguments(card_filters.as_query(given.q), given),
    )
    return _listed(ctx, [selection])


def _listed(ctx: OperationContext, selections: list[cards.CardSelection]) -> Sequence[CardOut]:
    """The selections' cards one after the other: written as JSON by the database where it can."""
    from stellary_core.services import card_wire  # builds its SQL when loaded: lists only

    if card_wire.available(ctx.session):
        adapter = list_cards.output_adapter
        return EncodedList.joined([EncodedList(card_wire.card_objects(ctx.session, s), adapter) for s in selections], adapter)
    return CardOut.many([d for s in selections for d in cards.selected_details(ctx.session, s)])


def _with_arguments(query: CardQuery, given: ListCards, *extra: Condition) -> CardQuery:
    """``query`` with the assignee and priority arguments added as the terms they stand for."""
    conditions = list(extra)
    if given.assignee is not None:
        who = given.assignee.strip()
        conditions.append(Condition("assignee", (Keyword(who.lower()) if who.lower() in ("me", "none", "any") else who,)))
    if given.priority is not None:
        conditions.append(Condition("priority", (Keyword("none") if given.priority == "none" else given.priority,)))
    return CardQuery(query.conditions + tuple(conditions), query.text) if conditions else query


def _cards_everywhere(ctx: OperationContext, given: ListCards) -> Sequence[CardOut]:
    if given.scope_id is not None:
        raise Invalid.field("scopeId", "needs the project too")
    # Across projects a column is known by its name, as the filter's column: term knows it.
    by_column = (Condition("column", (given.column,)),) if given.column is not None else ()
    query = _with_arguments(card_filters.as_query(given.q), given, *by_column)
    selections = [
        cards.select_cards(
            ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id,
            include_archived=given.archived, query=query,
        )
        for ws, project in refs.projects(ctx, given)
    ]  # fmt: skip
    return _listed(ctx, selections)


@operation("get_card_details", input=OnCard, output=CardOut, scope=READ, writes=False)
def get_card_details(ctx: OperationContext, given: OnCard) -> CardOut:
    """One card with its checklist, labels, custom fields and relation counts."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    return CardOut.of(
        cards.get_card(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id)
    )


class CreateCard(InProject):
    # Without a column, the card goes to the first column of the scope it is made in.
    column: str | None = None
    data: CardCreateIn


@operation("create_card", input=CreateCard, output=CardOut, scope=WRITE, writes=True)
def create_card(ctx: OperationContext, given: CreateCard) -> CardOut:
    """Create a card in a column (by id or name), the first column when none is given."""
    ws, project = refs.project(ctx, given)
    if given.column is not None:
        column = refs.column(ctx, project, given.column)
    else:
        column = refs.first_column(ctx, project, given.data.scope_id)
    details = cards.create_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, column_id=column.id,
        data=given.data,
    )
    return CardOut.of(details)


class UpdateCard(OnCard):
    data: CardUpdateIn


@operation("update_card", input=UpdateCard, output=CardOut, scope=WRITE, writes=True)
def update_card(ctx: OperationContext, given: UpdateCard) -> CardOut:
    """Change a card's fields; columnId and order move it."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    details = cards.update_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        data=given.data,
    )
    return CardOut.of(details)


class MoveCard(OnCard):
    column: str
    order: int | None = None


@operation("move_card", input=MoveCard, output=CardOut, scope=WRITE, writes=True)
def move_card(ctx: OperationContext, given: MoveCard) -> CardOut:
    """Move a card to a column (by id or name), at ``order`` or at the end."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    column = refs.column(ctx, project, given.column, scope=ctx.session.get(Scope, card.scope_id))
    data = CardUpdateIn(column_id=column.id, order=given.order) if given.order is not None else CardUpdateIn(column_id=column.id)
    details = cards.update_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id, data=data
    )
    return CardOut.of(details)


class RelocateCard(OnCard):
    """Where the card goes: a column (by id or name) of ``toScope`` (else the target's default scope) of ``toProject``."""

    to_project: str | None = None  # by id or name, in the card's workspace; the card's own project when omitted
    to_scope: str | None = None
    column: str
    order: int | None = None


@operation("relocate_card", input=RelocateCard, output=CardOut, scope=WRITE, writes=True)
def relocate_card(ctx: OperationContext, given: RelocateCard) -> CardOut:
    """Move a card to a column of another scope or project of its workspace (a new key in another project)."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    target = project
    if given.to_project is not None:
        target = refs.project(ctx, InProject(workspace_id=ws.workspace.id, project=given.to_project))[1]
    scope = refs.scope(ctx, target, given.to_scope) if given.to_scope is not None else None
    column = refs.column(ctx, target, given.column, scope=scope, field="column")
    if scope is not None and column.scope_id != scope.id:
        raise Invalid.field("column", f"is not a column of the scope {scope.name!r}")
    place: dict[str, Any] = {"project_id": target.id, "scope_id": column.scope_id, "column_id": column.id}
    data = CardUpdateIn(**place) if given.order is None else CardUpdateIn(**place, order=given.order)
    details = cards.update_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id, data=data
    )
    return CardOut.of(details)


@operation("list_move_destinations", input=InWorkspace, output=list[ProjectPlace], scope=READ, writes=False)
def list_move_destinations(ctx: OperationContext, given: InWorkspace) -> list[ProjectPlace]:
    """Every project of a workspace with its scopes and their columns: where relocate_card can send a card."""
    ws = refs.workspace(ctx, given)
    return card_relocation.destinations(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)


class AssignCard(OnCard):
    assignee: str | None


@operation("assign_card", input=AssignCard, output=CardOut, scope=WRITE, writes=True)
def assign_card(ctx: OperationContext, given: AssignCard) -> CardOut:
    """Assign a card to a workspace member (by id or email), or unassign it with null."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    assignee = refs.user(ctx, ws, given.assignee).id if given.assignee is not None else None
    details = cards.update_card(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        data=CardUpdateIn(assignee_id=assignee),
    )
    return CardOut.of(details)


@operation("delete_card", input=OnCard, output=OkResponse, scope=WRITE, writes=True)
def delete_card(ctx: OperationContext, given: OnCard) -> OkResponse:
    """Delete a card with its comments, checklist and attachments."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    cards.delete_card(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id)
    return OkResponse()
