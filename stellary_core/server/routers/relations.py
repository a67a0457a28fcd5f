"""Typed relations between cards of a project, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import relations as ops
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.relations import RelationCreateIn, RelationOut
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Card Relations"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
CardId = Annotated[str, Path(alias="cardId")]
RelationId = Annotated[str, Path(alias="relationId")]


@router.get(P + "/cards/{cardId}/relations", response_model=list[RelationOut], openapi_extra=runs(ops.list_relations))
def list_relations(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, actor: Actor
) -> Response:
    given = ops.OnCard(org_slug=org, ws_slug=ws, project=project_id, card=card_id)
    return respond(request, ops.list_relations, actor, given)


@router.post(
    P + "/cards/{cardId}/relations", status_code=201, response_model=RelationOut, openapi_extra=runs(ops.create_relation)
)
def create_relation(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, body: RelationCreateIn,
    actor: Actor,
) -> Response:
    given = ops.CreateRelation(org_slug=org, ws_slug=ws, project=project_id, card=card_id, data=body)
    return respond(request, ops.create_relation, actor, given, status=201)


@router.delete(P + "/relations/{relationId}", response_model=OkResponse, openapi_extra=runs(ops.delete_relation))
def delete_relation(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, relation_id: RelationId, actor: Actor
) -> Response:
    given = ops.DeleteRelation(org_slug=org, ws_slug=ws, project=project_id, relation=relation_id)
    return respond(request, ops.delete_relation, actor, given)
