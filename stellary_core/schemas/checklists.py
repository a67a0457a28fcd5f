"""Checklist item inputs; items go out as ``ChecklistItemOut`` inside the card."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict, StrictBool

from stellary_core.schemas.board import ChecklistItemOut, Title
from stellary_core.schemas.common import InputModel

__all__ = ["ChecklistItemCreateIn", "ChecklistItemOut", "ChecklistItemUpdateIn"]


class ChecklistItemCreateIn(InputModel):
    title: Title
    done: StrictBool = False
    # 0-based position; the end of the list when absent (or past the end).
    order: Annotated[int, Strict(), Field(ge=0)] | None = None


class ChecklistItemUpdateIn(InputModel):
    title: Title | None = None
    done: StrictBool | None = None
    order: Annotated[int, Strict(), Field(ge=0)] | None = None
