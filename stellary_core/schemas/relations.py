"""Card relation shapes. A relation is listed from the point of view of the card asked about."""

from __future__ import annotations

from typing import Any, Literal

from stellary_core.schemas.common import ApiModel, InputModel, ObjectId, UtcDateTime

RelationType = Literal["blocks", "blocked_by", "related_to", "duplicates", "parent_of"]
# What a listing can show: the five types plus the inverses seen from the other card.
RelationViewType = Literal["blocks", "blocked_by", "related_to", "duplicates", "duplicated_by", "parent_of", "child_of"]


class RelationCreateIn(InputModel):
    target_card_id: ObjectId
    type: RelationType


class RelatedCardOut(ApiModel):
    id: ObjectId
    key: str
    title: str
    status: str
    archived: bool


class RelationOut(ApiModel):
    id: ObjectId
    # Seen from ``cardId``: "A blocks B" lists as ``blocks`` on A and ``blocked_by`` on B.
    type: RelationViewType
    card_id: ObjectId
    target_card_id: ObjectId
    target_card: RelatedCardOut
    created_by: ObjectId | None
    created_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> RelationOut:
        """From a service's RelationView."""
        other, relation = view.other, view.relation
        return cls(
            id=relation.id,
            type=view.type,
            card_id=view.card_id,
            target_card_id=other.id,
            target_card=RelatedCardOut.model_validate(other),
            created_by=relation.created_by,
            created_at=relation.created_at,
        )
