"""Attachments of a card: ``P/cards/:cardId/attachments`` (multipart upload, raw download), bound to operations.

Upload and download move bytes outside a transaction, so their routes keep a
body of their own; the runner still checks and does everything else: the
upload runs ``check_attachment_upload`` before reading the body and
``add_attachment`` with the staged file, the download ``get_attachment_file``
before streaming the file.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from stellary_core.operations.catalog import attachments as ops
from stellary_core.schemas.attachments import AttachmentOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runner_of, runs
from stellary_core.server.uploads import content_disposition, content_length, receive_file
from stellary_core.services.attachments import MAX_UPLOAD_BODY, StagedFile

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


@router.get(A, response_model=list[AttachmentOut], openapi_extra=runs(ops.list_attachments))
def list_attachments(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, actor: Actor
) -> Response:
    given = ops.OnCard(org_slug=org, ws_slug=ws, project=project_id, card=card_id)
    return respond(request, ops.list_attachments, actor, given)


@router.post(
    A, status_code=201, response_model=AttachmentOut, openapi_extra={**_UPLOAD_BODY, **runs(ops.add_attachment)}
)
async def upload_attachment(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, actor: Actor
) -> Response:
    """Upload a file (multipart field ``file``, at most 10 MB), streamed to disk as it arrives."""
    runner = runner_of(request)
    check = ops.CheckAttachmentUpload(
        org_slug=org, ws_slug=ws, project=project_id, card=card_id, content_length=content_length(request)
    )
    # Scope, card and declared size are checked before a byte of the body is read, in a transaction
    # of their own that is over by then: no lock is held while a slow client sends.
    await run_in_threadpool(runner.run, ops.check_attachment_upload, actor, check)
    settings = runner.db.settings
    received = await receive_file(request, open_sink=lambda: StagedFile(settings), body_limit=MAX_UPLOAD_BODY)
    # add_attachment owns the staged file from here: it moves it into place or deletes it.
    given = ops.AddAttachment(
        org_slug=org, ws_slug=ws, project=project_id, card=card_id,
        staged=received.staged, filename=received.filename, content_type=received.content_type,
    )
    return await run_in_threadpool(respond, request, ops.add_attachment, actor, given, status=201)


@router.get(
    A + "/{attachmentId}",
    response_class=FileResponse,
    responses={200: {"content": {"*/*": {}}, "description": "The file's bytes, with its stored MIME type"}},
    openapi_extra=runs(ops.get_attachment_file),
)
def download_attachment(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, attachment_id: AttachmentId,
    actor: Actor,
) -> FileResponse:
    given = ops.OnAttachment(org_slug=org, ws_slug=ws, project=project_id, card=card_id, attachment=attachment_id)
    found = runner_of(request).run(ops.get_attachment_file, actor, given)
    return FileResponse(
        found.path,
        headers={
            "Content-Type": found.attachment.mime_type,
            "Content-Disposition": content_disposition(found.attachment.original_name),
            "X-Content-Type-Options": "nosniff",
            # Even if a browser were told to render it, the file could run nothing.
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@router.delete(A + "/{attachmentId}", response_model=OkResponse, openapi_extra=runs(ops.delete_attachment))
def delete_attachment(
    request: Request, org: OrgSlug, ws: WsSlug, project_id: ProjectId, card_id: CardId, attachment_id: AttachmentId,
    actor: Actor,
) -> Response:
    given = ops.OnAttachment(org_slug=org, ws_slug=ws, project=project_id, card=card_id, attachment=attachment_id)
    return respond(request, ops.delete_attachment, actor, given)
