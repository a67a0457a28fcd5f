"""Comments on a card: ``P/cards/:cardId/comments``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from stellary_core.schemas.comments import CommentCreateIn, CommentOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import comments

router = APIRouter(tags=["Comments"])
C = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/cards/{cardId}/comments"
CardId = Annotated[str, Path(alias="cardId")]
CommentId = Annotated[str, Path(alias="commentId")]


@router.get(C, response_model=list[CommentOut])
def list_comments(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    card_id: CardId,
    session: DbSession,
    actor: ProjectsActor,
    limit: Annotated[int, Query(description="newest comments to return, 1-500 (oldest first)")] = 50,
) -> list[CommentOut]:
    found = comments.list_comments(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, limit=limit
    )
    return [CommentOut.of(v) for v in found]


@router.post(C, status_code=201, response_model=CommentOut)
def add_comment(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, body: CommentCreateIn, session: DbSession, actor: ProjectsActor
) -> CommentOut:
    view = comments.add_comment(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, data=body
    )
    return CommentOut.of(view)


@router.delete(C + "/{commentId}", response_model=OkResponse)
def delete_comment(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, comment_id: CommentId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    comments.delete_comment(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, comment_id=comment_id
    )
    return OkResponse()
