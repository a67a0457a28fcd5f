"""Typed relations between cards of a project."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.relations import RelationCreateIn, RelationOut
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import relations

router = APIRouter(tags=["Card Relations"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
CardId = Annotated[str, Path(alias="cardId")]
RelationId = Annotated[str, Path(alias="relationId")]


@router.get(P + "/cards/{cardId}/relations", response_model=list[RelationOut])
def list_relations(ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, session: DbSession, actor: ProjectsActor) -> list[RelationOut]:
    found = relations.list_relations(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id)
    return [RelationOut.of(view) for view in found]


@router.post(P + "/cards/{cardId}/relations", status_code=201, response_model=RelationOut)
def create_relation(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, body: RelationCreateIn, session: DbSession, actor: ProjectsActor
) -> RelationOut:
    view = relations.create_relation(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, data=body
    )
    return RelationOut.of(view)


@router.delete(P + "/relations/{relationId}", response_model=OkResponse)
def delete_relation(
    ws: WorkspaceCtx, project_id: ProjectId, relation_id: RelationId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    relations.delete_relation(session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, relation_id=relation_id)
    return OkResponse()
