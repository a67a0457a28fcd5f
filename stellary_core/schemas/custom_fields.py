"""Custom field shapes: project-level definitions (values live on cards)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from stellary_core.schemas.common import ApiModel, InputModel, Name, ObjectId, OneLine, UtcDateTime

FieldType = Literal["text", "number", "select", "multi-select", "date", "boolean"]
OPTION_MAX = 100  # characters of one select option
Option = Annotated[str, Field(min_length=1, max_length=OPTION_MAX), OneLine]
Options = Annotated[list[Option], Field(max_length=100)]


class CustomFieldCreateIn(InputModel):
    name: Name
    type: FieldType
    # Required (non-empty, unique) for select and multi-select, forbidden for the other types.
    options: Options | None = None


class CustomFieldUpdateIn(InputModel):
    name: Name | None = None
    type: FieldType | None = None
    options: Options | None = None


class CustomFieldOut(ApiModel):
    id: ObjectId
    project_id: ObjectId
    name: str
    type: str
    options: list[str]
    order: int
    created_at: UtcDateTime
    updated_at: UtcDateTime
