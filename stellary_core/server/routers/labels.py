"""Project labels and putting them on cards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.board import CardOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.labels import LabelCreateIn, LabelOut, LabelUpdateIn
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import labels

router = APIRouter(tags=["Labels"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
LabelId = Annotated[str, Path(alias="labelId")]
CardId = Annotated[str, Path(alias="cardId")]


@router.get(P + "/labels", response_model=list[LabelOut])
def list_labels(ws: WorkspaceCtx, project_id: ProjectId, session: DbSession, actor: ProjectsActor) -> list[LabelOut]:
    found = labels.list_labels(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id)
    return [LabelOut.model_validate(label) for label in found]


@router.post(P + "/labels", status_code=201, response_model=LabelOut)
def create_label(ws: WorkspaceCtx, project_id: ProjectId, body: LabelCreateIn, session: DbSession, actor: ProjectsActor) -> LabelOut:
    label = labels.create_label(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, data=body)
    return LabelOut.model_validate(label)


@router.patch(P + "/labels/{labelId}", response_model=LabelOut)
def update_label(
    ws: WorkspaceCtx, project_id: ProjectId, label_id: LabelId, body: LabelUpdateIn, session: DbSession, actor: ProjectsActor
) -> LabelOut:
    label = labels.update_label(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, label_id=label_id, data=body
    )
    return LabelOut.model_validate(label)


@router.delete(P + "/labels/{labelId}", response_model=OkResponse)
def delete_label(ws: WorkspaceCtx, project_id: ProjectId, label_id: LabelId, session: DbSession, actor: ProjectsActor) -> OkResponse:
    labels.delete_label(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, label_id=label_id)
    return OkResponse()


@router.post(P + "/cards/{cardId}/labels/{labelId}", status_code=201, response_model=CardOut)
def add_label_to_card(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, label_id: LabelId, session: DbSession, actor: ProjectsActor
) -> CardOut:
    details = labels.add_label_to_card(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, label_id=label_id
    )
    return CardOut.of(details)


@router.delete(P + "/cards/{cardId}/labels/{labelId}", response_model=OkResponse)
def remove_label_from_card(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, label_id: LabelId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    labels.remove_label_from_card(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, label_id=label_id
    )
    return OkResponse()  # the contract: every DELETE answers {"ok": true}
