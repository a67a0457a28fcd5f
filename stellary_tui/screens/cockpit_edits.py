"""What each cockpit form asks and which operation saves it: a new item of a section, or an item edited.

A new item's empty optional line is left out; an edited item's empty line is
sent as null, which clears it (a mission's module, a decision's impact).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from stellary_core.operations import Operation
from stellary_core.operations.catalog import pilotage as ops
from stellary_core.schemas.pilotage import (
    DecisionCreateIn,
    DecisionOut,
    DecisionUpdateIn,
    DocCreateIn,
    DocOut,
    DocUpdateIn,
    MissionCreateIn,
    MissionOut,
    MissionUpdateIn,
    PriorityCreateIn,
    PriorityOut,
    PriorityUpdateIn,
    TodoCreateIn,
    TodoOut,
    TodoUpdateIn,
)
from stellary_tui.screens.cockpit_form import Answers, Line


@dataclass(frozen=True)
class FormPlan:
    title: str
    model: type[BaseModel]
    lines: list[Line]
    # The operation and its input for the checked form's data.
    request: Callable[[Any], tuple[Operation[Any, Any], BaseModel]]
    done: Callable[[Any], str]
    clears: bool  # an empty line is null (an edit), not left out (a new item)

    def data(self, answers: Answers) -> BaseModel:
        given = answers if self.clears else {name: value for name, value in answers.items() if value is not None}
        return self.model.model_validate(given)


def _doc_lines(doc: DocOut | None) -> list[Line]:
    return [
        Line("title", "Title", value=doc.title if doc else "", required=True),
        Line("owner", "Owner", value=(doc.owner or "") if doc else ""),
        Line("sourceType", "Source", "product, tech, sprint or ops", (doc.source_type or "") if doc else ""),
    ]


def new_form(section: str, workspace_id: str) -> FormPlan | None:
    """The form of a new item of ``section`` (None for a section without one)."""
    where = {"workspace_id": workspace_id}
    plans = {
        "missions": FormPlan(
            "New mission", MissionCreateIn, [Line("objective", "Objective", required=True), Line("module", "Module")],
            lambda data: (ops.create_mission, ops.CreateMission(**where, data=data)),
            lambda data: f"Mission “{data.objective}” added.", clears=False,
        ),
        "priorities": FormPlan(
            "New priority", PriorityCreateIn, [Line("label", "Priority", required=True), Line("module", "Module")],
            lambda data: (ops.create_priority, ops.CreatePriority(**where, data=data)),
            lambda data: f"Priority “{data.label}” added.", clears=False,
        ),
        "todos": FormPlan(
            "New todo", TodoCreateIn, [Line("label", "Todo", required=True)],
            lambda data: (ops.create_todo, ops.CreateTodo(**where, data=data)),
            lambda data: f"Todo “{data.label}” added; l links it.", clears=False,
        ),
        "decisions": FormPlan(
            "Record a decision", DecisionCreateIn, [Line("title", "Decision", required=True), Line("impact", "Impact")],
            lambda data: (ops.record_decision, ops.RecordDecision(**where, data=data)),
            lambda data: f"Decision recorded: {data.title}", clears=False,
        ),
        "docs": FormPlan(
            "New active doc", DocCreateIn, _doc_lines(None),
            lambda data: (ops.add_active_doc, ops.AddActiveDoc(**where, data=data)),
            lambda data: f"“{data.title}” is in play.", clears=False,
        ),
    }
    return plans.get(section)


def edit_form(item: object, workspace_id: str) -> FormPlan | None:
    """The form that edits ``item`` (None for what has none)."""
    where = {"workspace_id": workspace_id}
    if isinstance(item, MissionOut):
        lines = [Line("objective", "Objective", value=item.objective, required=True), Line("module", "Module", value=item.module or "")]
        return FormPlan(
            "Edit mission", MissionUpdateIn, lines,
            lambda data: (ops.update_mission, ops.UpdateMission(**where, mission_id=item.id, data=data)),
            lambda _data: "Mission saved.", clears=True,
        )
    if isinstance(item, PriorityOut):
        lines = [Line("label", "Priority", value=item.label, required=True), Line("module", "Module", value=item.module or "")]
        return FormPlan(
            "Edit priority", PriorityUpdateIn, lines,
            lambda data: (ops.update_priority, ops.UpdatePriority(**where, priority_id=item.id, data=data)),
            lambda _data: "Priority saved.", clears=True,
        )
    if isinstance(item, TodoOut):
        return FormPlan(
            "Edit todo", TodoUpdateIn, [Line("label", "Todo", value=item.label, required=True)],
            lambda data: (ops.update_todo, ops.UpdateTodo(**where, todo_id=item.id, data=data)),
            lambda _data: "Todo saved.", clears=True,
        )
    if isinstance(item, DecisionOut):
        lines = [Line("title", "Decision", value=item.title, required=True), Line("impact", "Impact", value=item.impact or "")]
        return FormPlan(
            "Edit decision", DecisionUpdateIn, lines,
            lambda data: (ops.update_decision, ops.UpdateDecision(**where, decision_id=item.id, data=data)),
            lambda _data: "Decision saved.", clears=True,
        )
    if isinstance(item, DocOut):
        return FormPlan(
            "Edit active doc", DocUpdateIn, _doc_lines(item),
            lambda data: (ops.update_active_doc, ops.UpdateActiveDoc(**where, doc_id=item.id, data=data)),
            lambda _data: "Doc saved.", clears=True,
        )
    return None
