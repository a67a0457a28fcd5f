"""Personal access token shapes: the secret appears only in the creation answer."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from stellary_core.principal import ALL_SCOPES
from stellary_core.schemas.common import ApiModel, InputModel, ObjectId, OneLine, UtcDateTime

TokenName = Annotated[str, Field(min_length=1, max_length=100), OneLine]


class ApiTokenCreateIn(InputModel):
    name: TokenName
    # Checked against the seven scopes by the service, so the CLI gets the same message.
    scopes: Annotated[list[Annotated[str, Field(max_length=50)]], Field(max_length=len(ALL_SCOPES) * 2)] | None = None
    expires_at: UtcDateTime | None = None


class ApiTokenOut(ApiModel):
    id: ObjectId
    name: str
    prefix: str
    scopes: list[str]
    expires_at: UtcDateTime | None
    last_used_at: UtcDateTime | None
    created_at: UtcDateTime


class ApiTokenCreatedOut(ApiModel):
    """The reference's creation answer: the only time ``token`` is ever sent."""

    id: ObjectId
    token: str
    name: str
    prefix: str
    scopes: list[str]
    expires_at: UtcDateTime | None
    created_at: UtcDateTime
