"""Activity entries of a card, as the ``P/cards/:cardId/activity`` extension shows them."""

from __future__ import annotations

from typing import Any

from stellary_core.schemas.common import ApiModel, ObjectId, UtcDateTime


class CardActivityOut(ApiModel):
    id: ObjectId
    type: str
    actor_id: ObjectId | None
    actor_name: str
    card_id: ObjectId | None
    meta: dict[str, Any]
    created_at: UtcDateTime
