"""Proposed actions: what an assistant (or a person) suggests, a reviewer approves and an owner applies."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StrictBool

from stellary_core.schemas.common import ApiModel, InputModel, LongText, OneLine, UtcTimestamp

ActionStatus = Literal["suggested", "approved", "rejected", "applied"]
# Types apply runs itself; any other type is recorded as applied by hand.
APPLIED_TYPES = ("move_card", "update_card", "create_card", "create_todo", "update_mission")
PAYLOAD_MAX = 20_000  # characters of JSON: context for a reviewer, not a store of documents


def _bounded(value: dict[str, Any]) -> dict[str, Any]:
    if len(json.dumps(value)) > PAYLOAD_MAX:
        raise ValueError(f"must be at most {PAYLOAD_MAX} characters of JSON")
    return value


ActionType = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:-]+$")]
Explanation = Annotated[str, Field(min_length=1, max_length=500), LongText]
Payload = Annotated[dict[str, Any], AfterValidator(_bounded)]


class ProposeActionIn(InputModel):
    action_type: ActionType
    explanation: Explanation
    payload: Payload = Field(default_factory=dict)


class ReviewActionIn(InputModel):
    approved: StrictBool
    reason: Annotated[str, Field(max_length=200), OneLine] | None = None


class ProposedActionOut(ApiModel):
    id: str
    action_type: str
    explanation: str
    status: str
    payload: dict[str, Any]
    proposed_by: str | None
    reviewed_by: str | None
    reviewed_at: UtcTimestamp | None
    review_reason: str | None
    applied_by: str | None
    applied_at: UtcTimestamp | None
    result: dict[str, Any] | None
    # Why the last attempt to apply it failed; nothing of that attempt was kept.
    error: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp
