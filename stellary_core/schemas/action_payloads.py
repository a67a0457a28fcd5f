"""The payloads of the action types apply runs, checked when proposed and again when applied.

Each is the body of the REST call it stands for, plus what that call takes in
its path: ``cardId`` (an id or a key such as ``GS-12``), ``projectId``,
``missionId``. Columns are named by name or id, as MCP's tools name them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, ValidationError

from stellary_core.errors import FieldError, Invalid
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn
from stellary_core.schemas.common import InputModel, ObjectId, OneLine, invalid_from
from stellary_core.schemas.pilotage import MissionUpdateIn, TodoCreateIn

Ref = Annotated[str, Field(min_length=1, max_length=200), OneLine]


class MoveCardPayload(InputModel):
    card_id: Ref
    target_column: Ref
    # Only needed to tell apart two cards with the same key in different projects.
    project_id: Ref | None = None


class UpdateCardPayload(CardUpdateIn):
    card_id: Ref


class CreateCardPayload(CardCreateIn):
    project_id: Ref
    # The first column of the scope when left out.
    column: Ref | None = None


class CreateTodoPayload(TodoCreateIn):
    pass


class UpdateMissionPayload(MissionUpdateIn):
    mission_id: ObjectId


PAYLOADS: dict[str, type[InputModel]] = {
    "move_card": MoveCardPayload,
    "update_card": UpdateCardPayload,
    "create_card": CreateCardPayload,
    "create_todo": CreateTodoPayload,
    "update_mission": UpdateMissionPayload,
}


def parse_payload(action_type: str, payload: dict[str, Any]) -> InputModel | None:
    """The payload of an applied type as its model (a 400 naming ``payload.<field>``); None for another type."""
    model = PAYLOADS.get(action_type)
    if model is None:
        return None
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        found = invalid_from(error)
        details = [FieldError(f"payload.{d.field}", d.message) for d in found.details]
        raise Invalid(f"{details[0].field}: {details[0].message}", details=details) from None
