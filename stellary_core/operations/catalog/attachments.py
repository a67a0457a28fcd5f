"""Files attached to cards.

An upload's bytes arrive outside any transaction (the REST route streams them
into a ``StagedFile``): ``check_attachment_upload`` refuses what cannot
succeed before the body is read, and ``add_attachment`` keeps the staged file
in one unit of work, checking everything again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict, WithJsonSchema

from stellary_core.operations import refs
from stellary_core.operations.refs import OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.attachments import AttachmentOut
from stellary_core.schemas.common import ApiModel, OkResponse
from stellary_core.services import attachments
from stellary_core.services.attachments import StagedFile

READ = "projects:read"
WRITE = "projects:write"


@operation("list_attachments", input=OnCard, output=list[AttachmentOut], scope=READ, writes=False)
def list_attachments(ctx: OperationContext, given: OnCard) -> list[AttachmentOut]:
    """A card's attachments, oldest first."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    found = attachments.list_attachments(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id
    )
    return [AttachmentOut.of(v) for v in found]


class CheckAttachmentUpload(OnCard):
    # The size the client declares for the whole upload, when it declares one.
    content_length: int | None = None


# It only reads, but it is the first half of a write: a token that may write but not read can
# upload, and one that may only read is refused before a byte of the body is read. Declared a
# write (as its scope says), it takes the write lock for a moment, never while the body streams.
@operation("check_attachment_upload", input=CheckAttachmentUpload, output=OkResponse, scope=WRITE, writes=True)
def check_attachment_upload(ctx: OperationContext, given: CheckAttachmentUpload) -> OkResponse:
    """Whether a card can take an upload of the declared size (at most 10 MB), before any byte is sent."""
    attachments.check_declared_size(given.content_length)
    _, project = refs.project(ctx, given)
    refs.card(ctx, project, given.card)  # the card exists and the actor sees it
    return OkResponse()


class AddAttachment(OnCard):
    """A received file: the staged bytes (in-process only, never JSON) with the name and type the client gave."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    staged: Annotated[StagedFile, WithJsonSchema({"type": "string", "description": "a staged upload, in-process only"})]
    filename: str | None = None
    content_type: str | None = None


@operation("add_attachment", input=AddAttachment, output=AttachmentOut, scope=WRITE, writes=True)
def add_attachment(ctx: OperationContext, given: AddAttachment) -> AttachmentOut:
    """Keep a received file on a card (at most 10 MB); the staged file is moved into place or deleted."""
    with given.staged:  # owns the staged file: whatever fails, it is deleted
        ws, project = refs.project(ctx, given)
        card = refs.card(ctx, project, given.card)
        view = attachments.add_attachment(
            ctx.session,
            actor=ctx.actor,
            workspace_id=ws.workspace.id,
            project_id=project.id,
            card_id=card.id,
            staged=given.staged,
            filename=given.filename,
            content_type=given.content_type,
        )
        return AttachmentOut.of(view)


class OnAttachment(OnCard):
    attachment: str


class AttachmentFileOut(ApiModel):
    """An attachment and where its bytes are on this machine's disk (for a shell that sends or copies them)."""

    attachment: AttachmentOut
    path: Path


@operation("get_attachment_file", input=OnAttachment, output=AttachmentFileOut, scope=READ, writes=False)
def get_attachment_file(ctx: OperationContext, given: OnAttachment) -> AttachmentFileOut:
    """One attachment's metadata and the path of its stored file (404 when the file is missing)."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    found = attachments.open_attachment(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        attachment_id=given.attachment,
    )
    return AttachmentFileOut(attachment=AttachmentOut.of(found.view), path=found.path)


@operation("delete_attachment", input=OnAttachment, output=OkResponse, scope=WRITE, writes=True)
def delete_attachment(ctx: OperationContext, given: OnAttachment) -> OkResponse:
    """Delete an attachment and its file: the uploader may, and a workspace admin may."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    attachments.delete_attachment(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        attachment_id=given.attachment,
    )
    return OkResponse()
