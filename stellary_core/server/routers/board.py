"""Columns and cards of a project (its default scope unless ``scopeId`` is given), bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import board as ops
from stellary_core.schemas.board import CardCreateIn, CardOut, CardUpdateIn, ColumnCreateIn, ColumnOut, ColumnUpdateIn
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Board"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
ColumnId = Annotated[str, Path(alias="columnId")]
CardId = Annotated[str, Path(alias="cardId")]
ScopeQuery = Annotated[str | None, Query(alias="scopeId")]


@router.get(P + "/columns", response_model=list[ColumnOut], openapi_extra=runs(ops.list_columns))
def list_columns(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, actor: Actor, scope_id: ScopeQuery = None
) -> Response:
    given = ops.ListColumns(org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id)
    return respond(request, ops.list_columns, actor, given)


@router.post(P + "/columns", status_code=201, response_model=ColumnOut, openapi_extra=runs(ops.create_column))
def create_column(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, body: ColumnCreateIn, actor: Actor
) -> Response:
    given = ops.CreateColumn(org_slug=org, ws_slug=ws, project=project_id, data=body)
    return respond(request, ops.create_column, actor, given, status=201)


@router.patch(P + "/columns/{columnId}", response_model=ColumnOut, openapi_extra=runs(ops.update_column))
def update_column(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, column_id: ColumnId, body: ColumnUpdateIn,
    actor: Actor,
) -> Response:
    given = ops.UpdateColumn(org_slug=org, ws_slug=ws, project=project_id, column=column_id, data=body)
    return respond(request, ops.update_column, actor, given)


@router.delete(P + "/columns/{columnId}", response_model=OkResponse, openapi_extra=runs(ops.delete_column))
def delete_column(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    column_id: ColumnId,
    actor: Actor,
    move_cards_to: Annotated[str | None, Query(alias="moveCardsTo")] = None,
) -> Response:
    given = ops.DeleteColumn(org_slug=org, ws_slug=ws, project=project_id, column=column_id, move_cards_to=move_cards_to)
    return respond(request, ops.delete_column, actor, given)


@router.get(P + "/cards", response_model=list[CardOut], openapi_extra=runs(ops.list_cards))
def list_cards(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    actor: Actor,
    scope_id: ScopeQuery = None,
    archived: bool = False,
    column_id: Annotated[str | None, Query(alias="columnId")] = None,
    q: Annotated[str | None, Query(description="Filter language, e.g. priority:high label:bug due:overdue")] = None,
) -> Response:
    given = ops.ListCards(
        org_slug=org, ws_slug=ws, project=project_id, scope_id=scope_id, archived=archived, column=column_id, q=q
    )
    return respond(request, ops.list_cards, actor, given)


@router.post(P + "/columns/{columnId}/cards", status_code=201, response_model=CardOut, openapi_extra=runs(ops.create_card))
def create_card(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, column_id: ColumnId, body: CardCreateIn,
    actor: Actor,
) -> Response:
    given = ops.CreateCard(org_slug=org, ws_slug=ws, project=project_id, column=column_id, data=body)
    return respond(request, ops.create_card, actor, given, status=201)


@router.get(P + "/cards/{cardId}", response_model=CardOut, openapi_extra=runs(ops.get_card_details))
def get_card(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, actor: Actor) -> Response:
    given = ops.OnCard(org_slug=org, ws_slug=ws, project=project_id, card=card_id)
    return respond(request, ops.get_card_details, actor, given)


@router.patch(P + "/cards/{cardId}", response_model=CardOut, openapi_extra=runs(ops.update_card))
def update_card(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, body: CardUpdateIn,
    actor: Actor,
) -> Response:
    """Change a card's fields; ``columnId`` and ``order`` move it.

    Extension (not in the Stellary reference): with ``projectId`` and/or
    ``scopeId``, ``columnId`` may be a column of another scope, or of another
    project of the same workspace. In another project the card takes that
    project's next key; its labels and custom-field values go to the target's
    labels and fields of the same names (when the value fits), the rest and its
    relations are dropped; checklist, comments and attachments go with it.
    A project of another workspace (or none) is a 404; a column that is not of
    the target project (or of ``scopeId``) is a 400 naming the field.
    """
    given = ops.UpdateCard(org_slug=org, ws_slug=ws, project=project_id, card=card_id, data=body)
    return respond(request, ops.update_card, actor, given)


@router.delete(P + "/cards/{cardId}", response_model=OkResponse, openapi_extra=runs(ops.delete_card))
def delete_card(request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, actor: Actor) -> Response:
    given = ops.OnCard(org_slug=org, ws_slug=ws, project=project_id, card=card_id)
    return respond(request, ops.delete_card, actor, given)
