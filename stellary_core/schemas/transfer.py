"""The project snapshot: what export writes and import reads (``"format": "stellary.project/1"``).

One shape serves both directions, so an export always imports. It is also a
superset of the reference's import example: ``format`` and ``scopes`` may be
left out, columns given at the top level (the default scope's) and cards placed
by ``columnIndex``::

    {"project": {"name": "Imported"},
     "columns": [{"name": "To Do"}, {"name": "In Progress"}, {"name": "Done"}],
     "cards": [{"title": "First task", "columnIndex": 0, "priority": "medium"}]}

Ids inside a document (``id``, ``columnId``, ``labelIds``, the keys of
``customFields``, relation ends) are only references between its parts: any
string, remapped to fresh ids on import. Timestamps (``createdAt``,
``updatedAt``, ``completedAt``, ``exportedAt``) are written for readers and
ignored on import. People are referred to by email. A list's order is the
order of its items (columns, checklist items, comments), except cards, which
carry ``order`` within their column (cards without one go after, in list order).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, Strict, StrictBool

from stellary_core.schemas.board import Category, Priority, Status, Title
from stellary_core.schemas.comments import CommentContent
from stellary_core.schemas.common import Description, InputModel, Name, OneLine, UtcDateTime
from stellary_core.schemas.custom_fields import FieldType, Options
from stellary_core.schemas.labels import Color, LabelName
from stellary_core.schemas.recurrence import RecurrenceIn
from stellary_core.schemas.scopes import FilterName, FilterQuery, ViewType

FORMAT = "stellary.project/1"
MAX_COLUMNS = 50
MAX_CARDS = 500
MAX_SCOPES = 100
MAX_LABELS = 200
MAX_CUSTOM_FIELDS = 50
MAX_CHECKLIST_ITEMS = 100
MAX_COMMENTS_PER_CARD = 1000
MAX_RELATIONS = 5000
MAX_SAVED_FILTERS = 100
MAX_ATTACHMENTS_PER_CARD = 200
# Attachment bytes in one document, all cards together (an export with files; see AttachmentPart).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILE_BYTES_TEXT = "5 MB"

# A reference between parts of one document (exported ids are 24-hex; hand-written ones may be anything).
Ref = Annotated[str, Field(min_length=1, max_length=64)]
# Written for readers, ignored on import.
Timestamp = Annotated[str, Field(max_length=64)]
EmailRef = Annotated[str, Field(max_length=254)]
KeyPrefix = Annotated[str, Field(pattern=r"^[A-Z]{2,5}$")]
Position = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]


class ProjectPart(InputModel):
    name: Name
    description: Description | None = None
    key_prefix: KeyPrefix | None = None


class ColumnPart(InputModel):
    id: Ref | None = None
    name: Name
    category: Category | None = None
    wip_limit: Annotated[int, Strict(), Field(ge=1, le=10_000)] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SavedFilterPart(InputModel):
    id: Ref | None = None
    name: FilterName
    query: FilterQuery
    created_at: Timestamp | None = None


class ScopePart(InputModel):
    id: Ref | None = None
    name: Name
    description: Description | None = None
    is_default: StrictBool = False
    active_view: ViewType = "kanban"
    settings: dict[str, Any] = Field(default_factory=dict)
    columns: Annotated[list[ColumnPart], Field(max_length=MAX_COLUMNS)] = Field(default_factory=list)
    saved_filters: Annotated[list[SavedFilterPart], Field(max_length=MAX_SAVED_FILTERS)] = Field(default_factory=list)
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class LabelPart(InputModel):
    id: Ref | None = None
    name: LabelName
    color: Color
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class CustomFieldPart(InputModel):
    id: Ref | None = None
    name: Name
    type: FieldType
    options: Options = Field(default_factory=list)
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class ChecklistPart(InputModel):
    id: Ref | None = Field(default=None, alias="_id")
    title: Title
    done: StrictBool = False


class CommentPart(InputModel):
    id: Ref | None = None
    author_email: EmailRef | None = None
    # Shown to readers of the file; the author is found by email.
    author_name: Annotated[str, Field(max_length=200), OneLine] | None = None
    content: CommentContent
    created_at: Timestamp | None = None


class AttachmentPart(InputModel):
    """A file of a card, only in an export made with files: its bytes as base64 in ``content``.

    Kept inside the JSON so one file carries the whole project, over REST as
    well as on disk; hence the cap on all the files of a document together.
    ``size`` and ``sha256``, when given, must match the decoded bytes.
    """

    id: Ref | None = None
    name: Annotated[str, Field(min_length=1, max_length=255), OneLine]
    mime_type: Annotated[str, Field(max_length=255)] | None = None
    size: Annotated[int, Strict(), Field(ge=0)] | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    uploader_email: EmailRef | None = None
    content: Annotated[str, Field(max_length=-(-MAX_FILE_BYTES // 3) * 4)]
    created_at: Timestamp | None = None


class CardPart(InputModel):
    id: Ref | None = None
    # Kept when given (and unique), so card keys survive a round trip; numbered after the others otherwise.
    number: Annotated[int, Strict(), Field(ge=1, le=1_000_000_000)] | None = None
    key: Annotated[str, Field(max_length=20), OneLine] | None = None
    title: Title
    description: Description | None = None
    column_id: Ref | None = None
    column_index: Annotated[int, Strict(), Field(ge=0)] | None = None
    order: Position | None = None
    priority: Priority | None = "medium"
    status: Status | None = None
    start_date: UtcDateTime | None = None
    due_date: UtcDateTime | None = None
    archived: StrictBool = False
    assignee_email: EmailRef | None = None
    created_by_email: EmailRef | None = None
    checklist: Annotated[list[ChecklistPart], Field(max_length=MAX_CHECKLIST_ITEMS)] = Field(default_factory=list)
    label_ids: Annotated[list[Ref], Field(max_length=MAX_LABELS)] = Field(default_factory=list)
    custom_fields: dict[Ref, Any] = Field(default_factory=dict, max_length=MAX_CUSTOM_FIELDS)
    comments: Annotated[list[CommentPart], Field(max_length=MAX_COMMENTS_PER_CARD)] = Field(default_factory=list)
    attachments: Annotated[list[AttachmentPart], Field(max_length=MAX_ATTACHMENTS_PER_CARD)] = Field(default_factory=list)
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    completed_at: Timestamp | None = None
    recurrence: RecurrenceIn | None = None


RelationType = Literal["blocks", "blocked_by", "related_to", "duplicates", "parent_of"]


class RelationPart(InputModel):
    id: Ref | None = None
    source_card_id: Ref
    target_card_id: Ref
    type: RelationType
    created_at: Timestamp | None = None


class ProjectSnapshot(InputModel):
    """A whole project. ``scopes`` (each with its columns) or top-level ``columns``, not both."""

    format: Literal["stellary.project/1"] | None = None
    exported_at: Timestamp | None = None
    project: ProjectPart
    scopes: Annotated[list[ScopePart], Field(min_length=1, max_length=MAX_SCOPES)] | None = None
    columns: Annotated[list[ColumnPart], Field(max_length=MAX_COLUMNS)] | None = None
    labels: Annotated[list[LabelPart], Field(max_length=MAX_LABELS)] = Field(default_factory=list)
    custom_fields: Annotated[list[CustomFieldPart], Field(max_length=MAX_CUSTOM_FIELDS)] = Field(default_factory=list)
    cards: Annotated[list[CardPart], Field(max_length=MAX_CARDS)] = Field(default_factory=list)
    relations: Annotated[list[RelationPart], Field(max_length=MAX_RELATIONS)] = Field(default_factory=list)
