"""Comments on a card: ``P/cards/:cardId/comments``, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import comments as ops
from stellary_core.schemas.comments import CommentCreateIn, CommentOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Comments"])
C = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/cards/{cardId}/comments"
CardId = Annotated[str, Path(alias="cardId")]
CommentId = Annotated[str, Path(alias="commentId")]


@router.get(C, response_model=list[CommentOut], openapi_extra=runs(ops.get_card_comments))
def list_comments(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    card_id: CardId,
    actor: Actor,
    limit: Annotated[int, Query(description="newest comments to return, 1-500 (oldest first)")] = 50,
) -> Response:
    given = ops.GetCardComments(org_slug=org, ws_slug=ws, project=project_id, card=card_id, limit=limit)
    return respond(request, ops.get_card_comments, actor, given)


@router.post(C, status_code=201, response_model=CommentOut, openapi_extra=runs(ops.add_comment))
def add_comment(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, body: CommentCreateIn,
    actor: Actor,
) -> Response:
    given = ops.AddComment(org_slug=org, ws_slug=ws, project=project_id, card=card_id, data=body)
    return respond(request, ops.add_comment, actor, given, status=201)


@router.delete(C + "/{commentId}", response_model=OkResponse, openapi_extra=runs(ops.delete_comment))
def delete_comment(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, comment_id: CommentId,
    actor: Actor,
) -> Response:
    given = ops.DeleteComment(org_slug=org, ws_slug=ws, project=project_id, card=card_id, comment=comment_id)
    return respond(request, ops.delete_comment, actor, given)
