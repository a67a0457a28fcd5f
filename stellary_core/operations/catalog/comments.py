"""Comments on a card (MCP's get_card_comments and add_comment)."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.comments import CommentCreateIn, CommentOut
from stellary_core.schemas.common import OkResponse
from stellary_core.services import comments

READ = "projects:read"
WRITE = "projects:write"


class GetCardComments(OnCard):
    # The newest ``limit`` comments (1-500, 50 when absent), oldest first; the service checks the range.
    limit: int | None = None


@operation("get_card_comments", input=GetCardComments, output=list[CommentOut], scope=READ, writes=False)
def get_card_comments(ctx: OperationContext, given: GetCardComments) -> list[CommentOut]:
    """A card's newest comments (limit 1-500, default 50), oldest first."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    found = comments.list_comments(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        limit=given.limit,
    )
    return [CommentOut.of(v) for v in found]


class AddComment(OnCard):
    data: CommentCreateIn


@operation("add_comment", input=AddComment, output=CommentOut, scope=WRITE, writes=True)
def add_comment(ctx: OperationContext, given: AddComment) -> CommentOut:
    """Comment on a card (at most 2,000 characters)."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    view = comments.add_comment(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id, data=given.data
    )
    return CommentOut.of(view)


class DeleteComment(OnCard):
    comment: str


@operation("delete_comment", input=DeleteComment, output=OkResponse, scope=WRITE, writes=True)
def delete_comment(ctx: OperationContext, given: DeleteComment) -> OkResponse:
    """Delete a comment: its author may, and a workspace admin may."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    comments.delete_comment(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        comment_id=given.comment,
    )
    return OkResponse()
