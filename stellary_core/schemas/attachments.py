"""Attachment shapes: the reference's fields plus the file's SHA-256."""

from __future__ import annotations

from typing import Any

from stellary_core.schemas.common import ApiModel, ObjectId, UtcDateTime


class AttachmentOut(ApiModel):
    id: ObjectId
    card_id: ObjectId
    # None once the uploader's account is gone (the file stays).
    uploaded_by: ObjectId | None
    original_name: str
    mime_type: str
    size: int
    sha256: str
    created_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> AttachmentOut:
        """From a service's AttachmentView."""
        a = view.attachment
        return cls(
            id=a.id, card_id=a.card_id, uploaded_by=a.uploaded_by, original_name=a.original_name,
            mime_type=a.mime_type, size=a.size, sha256=a.sha256, created_at=a.created_at,
        )
