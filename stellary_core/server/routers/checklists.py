"""Checklist items of a card, one at a time; every route answers with the card."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.board import CardOut
from stellary_core.schemas.checklists import ChecklistItemCreateIn, ChecklistItemUpdateIn
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import checklists

router = APIRouter(tags=["Checklists"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
CardId = Annotated[str, Path(alias="cardId")]
ItemId = Annotated[str, Path(alias="itemId")]


@router.post(P + "/cards/{cardId}/checklist", status_code=201, response_model=CardOut)
def add_checklist_item(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, body: ChecklistItemCreateIn, session: DbSession, actor: ProjectsActor
) -> CardOut:
    details = checklists.add_checklist_item(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, data=body
    )
    return CardOut.of(details)


@router.patch(P + "/cards/{cardId}/checklist/{itemId}", response_model=CardOut)
def update_checklist_item(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    card_id: CardId,
    item_id: ItemId,
    body: ChecklistItemUpdateIn,
    session: DbSession,
    actor: ProjectsActor,
) -> CardOut:
    details = checklists.update_checklist_item(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, item_id=item_id, data=body
    )
    return CardOut.of(details)


@router.delete(P + "/cards/{cardId}/checklist/{itemId}", response_model=OkResponse)
def delete_checklist_item(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, item_id: ItemId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    checklists.delete_checklist_item(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, item_id=item_id
    )
    return OkResponse()  # the contract: every DELETE answers {"ok": true}
