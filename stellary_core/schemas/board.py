"""Column, card and checklist shapes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, Strict, StrictBool, TypeAdapter

from stellary_core.schemas.common import (
    ApiModel,
    Description,
    InputModel,
    Name,
    ObjectId,
    OneLine,
    UtcDateTime,
    UtcTimestamp,
)
from stellary_core.schemas.recurrence import RecurrenceIn, RecurrenceOut

Priority = Literal["low", "medium", "high"]
Status = Literal["todo", "in_progress", "done"]
Category = Literal["todo", "in_progress", "done"]
Title = Annotated[str, Field(min_length=1, max_length=500), OneLine]


WIP_MAX = 10_000  # the largest WIP limit a column takes


class ColumnCreateIn(InputModel):
    name: Name
    category: Category | None = None
    wip_limit: Annotated[int, Strict(), Field(ge=1, le=WIP_MAX)] | None = None
    order: Annotated[int, Strict(), Field(ge=0)] | None = None
    scope_id: ObjectId | None = None


class ColumnUpdateIn(InputModel):
    name: Name | None = None
    order: Annotated[int, Strict(), Field(ge=0)] | None = None
    category: Category | None = None
    wip_limit: Annotated[int, Strict(), Field(ge=1, le=WIP_MAX)] | None = None


class ColumnOut(ApiModel):
    id: ObjectId
    name: str
    project_id: ObjectId
    scope_id: ObjectId
    order: int
    category: str | None
    wip_limit: int | None
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ChecklistItemIn(InputModel):
    # ``_id`` keeps an existing item when a card's whole checklist is replaced.
    id: ObjectId | None = Field(default=None, alias="_id")
    title: Title
    done: StrictBool = False
    order: Annotated[int, Strict(), Field(ge=0)] | None = None


# Card responses declare ids as plain strings and timestamps as UtcTimestamp:
# they are read from the database, and re-checking them costs Python calls per
# value (over 50,000 for a list of 5,000 cards) for nothing.
class ChecklistItemOut(ApiModel):
    id: str = Field(alias="_id")
    title: str
    done: bool
    order: int


class CardCreateIn(InputModel):
    title: Title
    description: Description | None = None
    priority: Priority | None = "medium"
    status: Status | None = None
    start_date: UtcDateTime | None = None
    due_date: UtcDateTime | None = None
    assignee_id: ObjectId | None = None
    checklist: Annotated[list[ChecklistItemIn], Field(max_length=100)] | None = None
    order: Annotated[int, Strict(), Field(ge=0)] | None = None
    scope_id: ObjectId | None = None
    recurrence: RecurrenceIn | None = None  # extension: how the card repeats once done


class CardUpdateIn(InputModel):
    title: Title | None = None
    description: Description | None = None
    priority: Priority | None = None
    status: Status | None = None
    start_date: UtcDateTime | None = None
    due_date: UtcDateTime | None = None
    assignee_id: ObjectId | None = None
    checklist: Annotated[list[ChecklistItemIn], Field(max_length=100)] | None = None
    column_id: ObjectId | None = None
    order: Annotated[int, Strict(), Field(ge=0)] | None = None
    archived: StrictBool | None = None
    # Beyond the reference: with columnId, move the card to another scope or project of the workspace.
    scope_id: ObjectId | None = None
    project_id: ObjectId | None = None
    recurrence: RecurrenceIn | None = None  # extension; null stops the repetition


class CardOut(ApiModel):
    id: str
    key: str
    title: str
    description: str | None
    project_id: str
    scope_id: str
    column_id: str
    order: int
    archived: bool
    priority: str | None
    status: str
    start_date: UtcTimestamp | None
    due_date: UtcTimestamp | None
    assignee_id: str | None
    checklist: list[ChecklistItemOut]
    checklist_progress: int
    label_ids: list[str]
    custom_fields: dict[str, Any]
    comment_count: int
    attachment_count: int
    blocked_by_count: int = 0
    blocks_count: int = 0
    recurrence: RecurrenceOut | None = None  # extension: how the card repeats once done
    created_by: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp

    @classmethod
    def of(cls, details: Any) -> "CardOut":
        """From a service's CardDetails (the card plus its checklist, labels and fields)."""
        return cls.model_validate(_fields(details), from_attributes=True)

    @classmethod
    def many(cls, details: Sequence[Any]) -> list["CardOut"]:
        """``of`` for a whole list, validated in one call (per-card calls cost more than the work)."""
        return _CARD_LIST.validate_python([_fields(d) for d in details], from_attributes=True)


def _fields(details: Any) -> dict[str, Any]:
    c = details.card  # an ORM Card, or a plain row with the same names (lists)
    return {
        "id": c.id, "key": c.key, "title": c.title, "description": c.description, "project_id": c.project_id,
        "scope_id": c.scope_id, "column_id": c.column_id, "order": c.order, "archived": c.archived,
        "priority": c.priority, "status": c.status, "start_date": c.start_date, "due_date": c.due_date,
        "assignee_id": c.assignee_id,
        "checklist": details.checklist,  # items are read by attribute: id, title, done, order
        "checklist_progress": details.checklist_progress, "label_ids": details.label_ids,
        "custom_fields": details.custom_fields, "comment_count": c.comment_count, "attachment_count": c.attachment_count,
        "blocked_by_count": details.blocked_by_count, "blocks_count": details.blocks_count,
        "recurrence": c.recurrence,
        "created_by": c.created_by, "created_at": c.created_at, "updated_at": c.updated_at,
    }  # fmt: skip


_CARD_LIST = TypeAdapter(list[CardOut])
