"""Columns and cards of a project (its default scope unless ``scopeId`` is given)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from stellary_core.schemas.board import CardCreateIn, CardOut, CardUpdateIn, ColumnCreateIn, ColumnOut, ColumnUpdateIn
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import cards, columns

router = APIRouter(tags=["Board"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
ColumnId = Annotated[str, Path(alias="columnId")]
CardId = Annotated[str, Path(alias="cardId")]
ScopeQuery = Annotated[str | None, Query(alias="scopeId")]


@router.get(P + "/columns", response_model=list[ColumnOut])
def list_columns(
    ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor, scope_id: ScopeQuery = None
) -> list[ColumnOut]:
    found = columns.list_columns(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, scope_id=scope_id)
    return [ColumnOut.model_validate(c) for c in found]


@router.post(P + "/columns", status_code=201, response_model=ColumnOut)
def create_column(
    ws: WorkspaceCtx, project_id: ProjectId, body: ColumnCreateIn, session: DbSession, actor: ProjectsActor
) -> ColumnOut:
    column = columns.create_column(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, data=body)
    return ColumnOut.model_validate(column)


@router.patch(P + "/columns/{columnId}", response_model=ColumnOut)
def update_column(
    ws: WorkspaceCtx, project_id: ProjectId, column_id: ColumnId, body: ColumnUpdateIn, session: DbSession, actor: ProjectsActor
) -> ColumnOut:
    column = columns.update_column(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, column_id=column_id, data=body
    )
    return ColumnOut.model_validate(column)


@router.delete(P + "/columns/{columnId}", response_model=OkResponse)
def delete_column(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    column_id: ColumnId,
    session: DbSession,
    actor: ProjectsActor,
    move_cards_to: Annotated[str | None, Query(alias="moveCardsTo")] = None,
) -> OkResponse:
    columns.delete_column(
        session,
        actor=actor,
        workspace_id=ws.workspace.id,
        project_id=project_id,
        column_id=column_id,
        move_cards_to=move_cards_to,
    )
    return OkResponse()


@router.get(P + "/cards", response_model=list[CardOut])
def list_cards(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    session: DbSession,
    actor: ProjectsActor,
    scope_id: ScopeQuery = None,
    archived: bool = False,
    column_id: Annotated[str | None, Query(alias="columnId")] = None,
    q: Annotated[str | None, Query(description="Filter language, e.g. priority:high label:bug due:overdue")] = None,
) -> list[CardOut]:
    found = cards.list_cards(
        session,
        actor=actor,
        workspace_id=ws.workspace.id,
        project_id=project_id,
        scope_id=scope_id,
        include_archived=archived,
        column_id=column_id,
        query=q,
    )
    return [CardOut.of(d) for d in found]


@router.post(P + "/columns/{columnId}/cards", status_code=201, response_model=CardOut)
def create_card(
    ws: WorkspaceCtx, project_id: ProjectId, column_id: ColumnId, body: CardCreateIn, session: DbSession, actor: ProjectsActor
) -> CardOut:
    details = cards.create_card(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, column_id=column_id, data=body
    )
    return CardOut.of(details)


@router.get(P + "/cards/{cardId}", response_model=CardOut)
def get_card(ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, session: DbSession, actor: ProjectsActor) -> CardOut:
    return CardOut.of(cards.get_card(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id))


@router.patch(P + "/cards/{cardId}", response_model=CardOut)
def update_card(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, body: CardUpdateIn, session: DbSession, actor: ProjectsActor
) -> CardOut:
    details = cards.update_card(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, data=body
    )
    return CardOut.of(details)


@router.delete(P + "/cards/{cardId}", response_model=OkResponse)
def delete_card(ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, session: DbSession, actor: ProjectsActor) -> OkResponse:
    cards.delete_card(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id)
    return OkResponse()
