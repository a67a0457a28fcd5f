"""Automation shapes: a project's rules and the traces of their runs.

``conditions`` and ``action`` are JSON objects whose parts are checked by
``services.automation_rules`` against the project (its columns, labels, fields
and members), so a bad part is a 400 naming it (``conditions.all[1].op``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from stellary_core.schemas.common import ApiModel, InputModel, Name, ObjectId, UtcDateTime

# A condition's operators; the unary ones take no value. The service validates with these and the TUI's pickers offer them.
OPERATORS = ("eq", "neq", "in", "not_in", "contains", "is_empty", "is_not_empty")
UNARY = ("is_empty", "is_not_empty")

Trigger = Literal[
    "task_created",
    "task_moved",
    "task_status_changed",
    "task_assigned",
    "checklist_complete",
    "due_date_reached",
    "task_added_to_board",
]
TraceResult = Literal["success", "failure"]
# Checked by the service, like the rest of a rule, so an unknown trigger is named with the seven there are.
TriggerName = Annotated[str, Field(min_length=1, max_length=30, description="One of: " + ", ".join(Trigger.__args__))]
# A JSON object; its parts are the service's to check.
JsonObject = Annotated[dict[str, Any], Field(json_schema_extra={"additionalProperties": True})]


class AutomationCreateIn(InputModel):
    # The reference's body is trigger, conditions and action: a rule without a name is named after them.
    name: Name | None = None
    trigger: TriggerName
    conditions: JsonObject | None = None
    action: JsonObject
    enabled: bool = True


class AutomationUpdateIn(InputModel):
    name: Name | None = None
    trigger: TriggerName | None = None
    conditions: JsonObject | None = None
    action: JsonObject | None = None
    enabled: bool | None = None


class AutomationOut(ApiModel):
    id: ObjectId
    project_id: ObjectId
    name: str
    trigger: str
    conditions: dict[str, Any]
    action: dict[str, Any]
    enabled: bool
    created_by: ObjectId | None
    created_at: UtcDateTime
    updated_at: UtcDateTime
    last_run_at: UtcDateTime | None
    run_count: int


class AutomationTraceOut(ApiModel):
    id: ObjectId
    rule_id: ObjectId
    trigger: str
    actor_id: ObjectId | None
    card_id: ObjectId | None
    at: UtcDateTime
    result: TraceResult
    error: str | None
    # The event that caused the run: its ``type`` and what it said (``depth``, columns...).
    event: dict[str, Any]
