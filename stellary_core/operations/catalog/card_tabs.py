"""What the card editor's tabs need beyond the REST shapes: uploader names, and files by a path on this machine.

Attaching a file by its path and saving a copy to a path read and write the
disk of the process that runs them, so only the local profile (the person at
that terminal) may run them; a client of a team server would send and receive
the bytes itself (upload and download) instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stellary_core.operations import refs
from stellary_core.operations.catalog.attachments import OnAttachment
from stellary_core.operations.refs import OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.principal import PrincipalKind
from stellary_core.schemas.attachments import AttachmentOut
from stellary_core.schemas.common import ApiModel
from stellary_core.services import attachments
from stellary_core.services.custom_fields import validate_value

# The editor checks a typed value as the core will before saving it: the same rule, not a copy.
__all__ = ["validate_value"]

READ = "projects:read"
WRITE = "projects:write"
ON_THIS_MACHINE: frozenset[PrincipalKind] = frozenset({"local"})
NOT_ON_THIS_MACHINE = "{kind} cannot reach files by a path on this machine: upload or download them instead"


class NamedAttachmentOut(AttachmentOut):
    """An attachment with its uploader's display name, as the Attachments tab lists it."""

    uploader_name: str

    @classmethod
    def named(cls, view: Any) -> NamedAttachmentOut:
        """From a service's AttachmentView."""
        return cls.model_validate({**AttachmentOut.of(view).model_dump(), "uploader_name": view.uploader_name})


@operation(
    "list_named_attachments", input=OnCard, output=list[NamedAttachmentOut], scope=READ, writes=False
)
def list_named_attachments(ctx: OperationContext, given: OnCard) -> list[NamedAttachmentOut]:
    """A card's attachments, oldest first, each with the name of who uploaded it."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    found = attachments.list_attachments(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id
    )
    return [NamedAttachmentOut.named(v) for v in found]


class AttachLocalFile(OnCard):
    path: Path


@operation(
    "attach_local_file", input=AttachLocalFile, output=NamedAttachmentOut, scope=WRITE, writes=True,
    kinds=ON_THIS_MACHINE, refusal=NOT_ON_THIS_MACHINE,
)
def attach_local_file(ctx: OperationContext, given: AttachLocalFile) -> NamedAttachmentOut:
    """Attach a file of this machine by its path (at most 10 MB), with the same checks as an upload."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    view = attachments.attach_file(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        path=given.path,
    )
    return NamedAttachmentOut.named(view)


class SaveAttachmentCopy(OnAttachment):
    # A file path, or a directory to save the file in under its own name.
    destination: Path
    overwrite: bool = False


class SavedCopyOut(ApiModel):
    path: Path


@operation(
    "save_attachment_copy", input=SaveAttachmentCopy, output=SavedCopyOut, scope=READ, writes=False,
    kinds=ON_THIS_MACHINE, refusal=NOT_ON_THIS_MACHINE,
)
def save_attachment_copy(ctx: OperationContext, given: SaveAttachmentCopy) -> SavedCopyOut:
    """Copy an attachment's file to a path of this machine; an existing file is a 409 unless ``overwrite``."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    written = attachments.save_attachment_to(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id,
        attachment_id=given.attachment, destination=given.destination, overwrite=given.overwrite,
    )
    return SavedCopyOut(path=written)
