"""Attachments of a card: ``P/cards/:cardId/attachments`` (multipart upload, raw download)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from stellary_core.schemas.attachments import AttachmentOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.server.uploads import content_disposition, content_length, receive_file
from stellary_core.services import attachments

router = APIRouter(tags=["Attachments"])
A = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}/cards/{cardId}/attachments"
CardId = Annotated[str, Path(alias="cardId")]
AttachmentId = Annotated[str, Path(alias="attachmentId")]

_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary", "description": "at most 10 MB"}},
                }
            }
        },
    },
    "responses": {"413": {"description": "The file is larger than 10 MB (nothing is stored)"}},
}


@router.get(A, response_model=list[AttachmentOut])
def list_attachments(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, session: DbSession, actor: ProjectsActor
) -> list[AttachmentOut]:
    found = attachments.list_attachments(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id
    )
    return [AttachmentOut.of(v) for v in found]


@router.post(A, status_code=201, response_model=AttachmentOut, openapi_extra=_UPLOAD_BODY)
async def upload_attachment(
    request: Request, ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, session: DbSession, actor: ProjectsActor
) -> AttachmentOut:
    """Upload a file (multipart field ``file``, at most 10 MB), streamed to disk as it arrives."""
    workspace_id = ws.workspace.id
    length = content_length(request)
    await run_in_threadpool(
        lambda: attachments.prepare_upload(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, content_length=length
        )
    )
    received = await receive_file(request, open_sink=lambda: attachments.stage(session), body_limit=attachments.MAX_UPLOAD_BODY)
    view = await run_in_threadpool(
        lambda: attachments.add_attachment(
            session,
            actor=actor,
            workspace_id=workspace_id,
            project_id=project_id,
            card_id=card_id,
            staged=received.staged,
            filename=received.filename,
            content_type=received.content_type,
        )
    )
    return AttachmentOut.of(view)


@router.get(
    A + "/{attachmentId}",
    response_class=FileResponse,
    responses={200: {"content": {"*/*": {}}, "description": "The file's bytes, with its stored MIME type"}},
)
def download_attachment(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, attachment_id: AttachmentId, session: DbSession, actor: ProjectsActor
) -> FileResponse:
    found = attachments.open_attachment(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, attachment_id=attachment_id
    )
    attachment = found.view.attachment
    return FileResponse(
        found.path,
        stat_result=found.stat,
        headers={
            "Content-Type": attachment.mime_type,
            "Content-Disposition": content_disposition(attachment.original_name),
            "X-Content-Type-Options": "nosniff",
            # Even if a browser were told to render it, the file could run nothing.
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@router.delete(A + "/{attachmentId}", response_model=OkResponse)
def delete_attachment(
    ws: WorkspaceCtx, project_id: ProjectId, card_id: CardId, attachment_id: AttachmentId, session: DbSession, actor: ProjectsActor
) -> OkResponse:
    attachments.delete_attachment(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, attachment_id=attachment_id
    )
    return OkResponse()
