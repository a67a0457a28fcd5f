"""Comment shapes: the reference's ``id, cardId, authorId, authorName, content, createdAt``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from stellary_core.schemas.common import ApiModel, InputModel, LongText, ObjectId, UtcDateTime

COMMENT_MAX = 2000

# InputModel strips whitespace first, so "   " is empty and refused.
CommentContent = Annotated[str, Field(min_length=1, max_length=COMMENT_MAX), LongText]


class CommentCreateIn(InputModel):
    content: CommentContent


class CommentOut(ApiModel):
    id: ObjectId
    card_id: ObjectId
    # None once the author's account is gone (the comment stays).
    author_id: ObjectId | None
    author_name: str
    content: str
    created_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> CommentOut:
        """From a service's CommentView."""
        c = view.comment
        return cls(
            id=c.id, card_id=c.card_id, author_id=c.author_id, author_name=view.author_name,
            content=c.content, created_at=c.created_at,
        )
