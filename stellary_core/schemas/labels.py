"""Label shapes: a project-level name and ``#rrggbb`` colour."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from stellary_core.schemas.common import ApiModel, InputModel, ObjectId, OneLine, UtcDateTime

LABEL_NAME_MAX = 50
LabelName = Annotated[str, Field(min_length=1, max_length=LABEL_NAME_MAX), OneLine]
# Colours are compared and shown as typed by nobody: always lowercase on the way in.
Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$"), AfterValidator(str.lower)]


class LabelCreateIn(InputModel):
    name: LabelName
    color: Color


class LabelUpdateIn(InputModel):
    name: LabelName | None = None
    color: Color | None = None


class LabelOut(ApiModel):
    id: ObjectId
    project_id: ObjectId
    name: str
    color: str
    created_at: UtcDateTime
    updated_at: UtcDateTime
