"""Pilotage: the state, the cycle, missions, priorities, todos, decisions and active docs of a workspace."""

from __future__ import annotations

from typing import Any, TypeVar

from stellary_core.models import PilotageDecision
from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import ApiModel, OkResponse
from stellary_core.schemas.pilotage import (
    CycleIn,
    CycleOut,
    DecisionBrief,
    DecisionCreateIn,
    DecisionOut,
    DecisionUpdateIn,
    DetailLevel,
    DocBrief,
    DocCreateIn,
    DocOut,
    DocUpdateIn,
    Intent,
    MissionBrief,
    MissionCreateIn,
    MissionDetailed,
    MissionOut,
    MissionStatus,
    MissionUpdateIn,
    PilotageStateOut,
    PriorityBrief,
    PriorityCreateIn,
    PriorityOut,
    PriorityStatus,
    PriorityUpdateIn,
    Profile,
    TodoBrief,
    TodoCreateIn,
    TodoDetailed,
    TodoOut,
    TodoStatus,
    TodoUpdateIn,
    UsageContextOut,
)
from stellary_core.services import pilotage, pilotage_priorities
from stellary_core.services.pilotage_state import Item, PilotageState, StateQuery, load_state

READ = "pilotage:read"
WRITE = "pilotage:write"


# -- the state ---------------------------------------------------------------------------


class GetPilotageState(InWorkspace):
    profile: Profile = "pilotage"
    intent: Intent | None = None
    detail_level: DetailLevel = "standard"


def _decision_out(decision: PilotageDecision, names: dict[str, str]) -> DecisionOut:
    out = DecisionOut.model_validate(decision)
    out.decided_by_name = names.get(decision.decided_by or "")
    return out


ModelT = TypeVar("ModelT", bound=ApiModel)


def _of(model: type[ModelT], row: Item, **more: Any) -> ModelT:
    """``model`` validated from a state's row, with ``more`` fields."""
    return model.model_validate({**row, **more} if more else row)


def _todo_detailed(state: PilotageState, todo: Item) -> TodoDetailed:
    mission = state.linked_missions.get(todo["mission_id"] or "")
    priority = state.linked_priorities.get(todo["priority_id"] or "")
    return _of(
        TodoDetailed,
        todo,
        mission=_of(MissionBrief, mission) if mission else None,
        priority=_of(PriorityBrief, priority) if priority else None,
    )


def _mission_detailed(state: PilotageState, mission: Item) -> MissionDetailed:
    return _of(MissionDetailed, mission, todos=[_of(TodoOut, t) for t in state.todos_by_mission.get(mission["id"], [])])


def _assembled(**sections: Any) -> PilotageStateOut:
    """The state from items already validated one by one.

    Validating the whole again would try every member of each section's union
    (a MissionOut against MissionDetailed, MissionOut and MissionBrief, read
    by attribute) for every item: with 1,000 todos, about half of the time the
    state took. The items are the section's own models, so nothing is left to check.
    """
    return PilotageStateOut.model_construct(**sections)


def state_out(state: PilotageState) -> PilotageStateOut:
    """The state shaped by its detail level: ids, titles and statuses; the full items; or those with their links."""
    level = state.query.detail_level
    context = UsageContextOut(
        profile=state.query.profile,  # type: ignore[arg-type]
        role=state.role,
        intent=state.query.intent,  # type: ignore[arg-type]
        detail_level=level,  # type: ignore[arg-type]
    )
    if level == "minimal":
        return _assembled(
            cycle=state.cycle,
            missions=[_of(MissionBrief, m) for m in state.missions],
            active_priorities=[_of(PriorityBrief, p) for p in state.priorities],
            todos=[_of(TodoBrief, t) for t in state.todos],
            decisions=[_of(DecisionBrief, d) for d in state.decisions],
            active_docs=[_of(DocBrief, d) for d in state.docs],
            usage_context=context,
        )
    detailed = level == "detailed"
    names = state.decided_by
    return _assembled(
        cycle=state.cycle,
        missions=[_mission_detailed(state, m) if detailed else _of(MissionOut, m) for m in state.missions],
        active_priorities=[_of(PriorityOut, p) for p in state.priorities],
        todos=[_todo_detailed(state, t) if detailed else _of(TodoOut, t) for t in state.todos],
        decisions=[_of(DecisionOut, d, decided_by_name=names.get(d["decided_by"] or "")) for d in state.decisions],
        active_docs=[_of(DocOut, d) for d in state.docs],
        usage_context=context,
    )


@operation("get_pilotage_state", input=GetPilotageState, output=PilotageStateOut, scope=READ, writes=False)
def get_pilotage_state(ctx: OperationContext, given: GetPilotageState) -> PilotageStateOut:
    """A workspace's pilotage state: cycle, missions, active priorities, todos, decisions and docs, shaped for a use."""
    ws = refs.workspace(ctx, given)
    query = StateQuery(profile=given.profile, intent=given.intent, detail_level=given.detail_level)
    return state_out(load_state(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, query=query))


class SetCycle(InWorkspace):
    data: CycleIn


@operation("set_pilotage_cycle", input=SetCycle, output=CycleOut, scope=WRITE, writes=True)
def set_pilotage_cycle(ctx: OperationContext, given: SetCycle) -> CycleOut:
    """Name the workspace's current cycle (pilotage owners): what is done from now on counts in it."""
    ws = refs.workspace(ctx, given)
    return CycleOut(cycle=pilotage.set_cycle(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, cycle=given.data.cycle))


# -- missions ----------------------------------------------------------------------------


class ListMissions(InWorkspace):
    status: MissionStatus | None = None


@operation("list_pilotage_missions", input=ListMissions, output=list[MissionOut], scope=READ, writes=False)
def list_missions(ctx: OperationContext, given: ListMissions) -> list[MissionOut]:
    """A workspace's pilotage missions (of one status), blocked first."""
    ws = refs.workspace(ctx, given)
    found = pilotage.list_missions(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, status=given.status)
    return [MissionOut.model_validate(m) for m in found]


class CreateMission(InWorkspace):
    data: MissionCreateIn


@operation("create_pilotage_mission", input=CreateMission, output=MissionOut, scope=WRITE, writes=True)
def create_mission(ctx: OperationContext, given: CreateMission) -> MissionOut:
    """Create a pilotage mission (pilotage owners)."""
    ws = refs.workspace(ctx, given)
    return MissionOut.model_validate(
        pilotage.create_mission(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data)
    )


class OnMission(InWorkspace):
    mission_id: str


class UpdateMission(OnMission):
    data: MissionUpdateIn


@operation("update_pilotage_mission", input=UpdateMission, output=MissionOut, scope=WRITE, writes=True)
def update_mission(ctx: OperationContext, given: UpdateMission) -> MissionOut:
    """Change a mission's objective, module or status (a blocked one needs its blockedReason)."""
    ws = refs.workspace(ctx, given)
    mission = pilotage.update_mission(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, mission_id=given.mission_id, data=given.data
    )
    return MissionOut.model_validate(mission)


@operation("delete_pilotage_mission", input=OnMission, output=OkResponse, scope=WRITE, writes=True)
def delete_mission(ctx: OperationContext, given: OnMission) -> OkResponse:
    """Delete a mission; its todos stay, unlinked."""
    ws = refs.workspace(ctx, given)
    pilotage.delete_mission(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, mission_id=given.mission_id)
    return OkResponse()


# -- priorities --------------------------------------------------------------------------


class ListPriorities(InWorkspace):
    status: PriorityStatus | None = None


@operation("list_priorities", input=ListPriorities, output=list[PriorityOut], scope=READ, writes=False)
def list_priorities(ctx: OperationContext, given: ListPriorities) -> list[PriorityOut]:
    """A workspace's priorities: the active ones in order, then the archived ones."""
    ws = refs.workspace(ctx, given)
    found = pilotage_priorities.list_priorities(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, status=given.status
    )
    return [PriorityOut.model_validate(p) for p in found]


class CreatePriority(InWorkspace):
    data: PriorityCreateIn


@operation("create_priority", input=CreatePriority, output=PriorityOut, scope=WRITE, writes=True)
def create_priority(ctx: OperationContext, given: CreatePriority) -> PriorityOut:
    """Add an active priority (at most 4 are active)."""
    ws = refs.workspace(ctx, given)
    return PriorityOut.model_validate(
        pilotage_priorities.create_priority(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data)
    )


class OnPriority(InWorkspace):
    priority_id: str


class UpdatePriority(OnPriority):
    data: PriorityUpdateIn


@operation("update_priority", input=UpdatePriority, output=PriorityOut, scope=WRITE, writes=True)
def update_priority(ctx: OperationContext, given: UpdatePriority) -> PriorityOut:
    """Rename, reorder (order), archive or re-activate a priority."""
    ws = refs.workspace(ctx, given)
    priority = pilotage_priorities.update_priority(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, priority_id=given.priority_id, data=given.data
    )
    return PriorityOut.model_validate(priority)


@operation("delete_priority", input=OnPriority, output=OkResponse, scope=WRITE, writes=True)
def delete_priority(ctx: OperationContext, given: OnPriority) -> OkResponse:
    """Delete a priority; its todos stay, unlinked."""
    ws = refs.workspace(ctx, given)
    pilotage_priorities.delete_priority(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, priority_id=given.priority_id
    )
    return OkResponse()


# -- todos -------------------------------------------------------------------------------


class ListTodos(InWorkspace):
    status: TodoStatus | None = None
    mission_id: str | None = None
    priority_id: str | None = None


@operation("list_todos", input=ListTodos, output=list[TodoOut], scope=READ, writes=False)
def list_todos(ctx: OperationContext, given: ListTodos) -> list[TodoOut]:
    """A workspace's todos, of one status, mission or priority if asked."""
    ws = refs.workspace(ctx, given)
    found = pilotage.list_todos(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, status=given.status,
        mission_id=given.mission_id, priority_id=given.priority_id,
    )
    return [TodoOut.model_validate(t) for t in found]


class CreateTodo(InWorkspace):
    data: TodoCreateIn


@operation("create_todo", input=CreateTodo, output=TodoOut, scope=WRITE, writes=True)
def create_todo(ctx: OperationContext, given: CreateTodo) -> TodoOut:
    """Add a todo, linked to a mission and/or a priority of the workspace."""
    ws = refs.workspace(ctx, given)
    return TodoOut.model_validate(
        pilotage.create_todo(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data)
    )


class OnTodo(InWorkspace):
    todo_id: str


class UpdateTodo(OnTodo):
    data: TodoUpdateIn


@operation("update_todo", input=UpdateTodo, output=TodoOut, scope=WRITE, writes=True)
def update_todo(ctx: OperationContext, given: UpdateTodo) -> TodoOut:
    """Change a todo's label, status or links (null unlinks)."""
    ws = refs.workspace(ctx, given)
    todo = pilotage.update_todo(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, todo_id=given.todo_id, data=given.data
    )
    return TodoOut.model_validate(todo)


@operation("delete_todo", input=OnTodo, output=OkResponse, scope=WRITE, writes=True)
def delete_todo(ctx: OperationContext, given: OnTodo) -> OkResponse:
    """Delete a todo."""
    ws = refs.workspace(ctx, given)
    pilotage.delete_todo(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, todo_id=given.todo_id)
    return OkResponse()


# -- decisions ---------------------------------------------------------------------------


class ListDecisions(InWorkspace):
    limit: int | None = None


@operation("list_decisions", input=ListDecisions, output=list[DecisionOut], scope=READ, writes=False)
def list_decisions(ctx: OperationContext, given: ListDecisions) -> list[DecisionOut]:
    """A workspace's decisions, newest first."""
    ws = refs.workspace(ctx, given)
    found = pilotage.list_decisions(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, limit=given.limit)
    names = pilotage.decided_by_names(ctx.session, found)
    return [_decision_out(d, names) for d in found]


class RecordDecision(InWorkspace):
    data: DecisionCreateIn


@operation("record_decision", input=RecordDecision, output=DecisionOut, scope=WRITE, writes=True)
def record_decision(ctx: OperationContext, given: RecordDecision) -> DecisionOut:
    """Record a strategic decision, decided by the caller."""
    ws = refs.workspace(ctx, given)
    decision = pilotage.record_decision(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data)
    return _decision_out(decision, pilotage.decided_by_names(ctx.session, [decision]))


class OnDecision(InWorkspace):
    decision_id: str


class UpdateDecision(OnDecision):
    data: DecisionUpdateIn


@operation("update_decision", input=UpdateDecision, output=DecisionOut, scope=WRITE, writes=True)
def update_decision(ctx: OperationContext, given: UpdateDecision) -> DecisionOut:
    """Correct a decision's title or impact."""
    ws = refs.workspace(ctx, given)
    decision = pilotage.update_decision(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, decision_id=given.decision_id, data=given.data
    )
    return _decision_out(decision, pilotage.decided_by_names(ctx.session, [decision]))


@operation("delete_decision", input=OnDecision, output=OkResponse, scope=WRITE, writes=True)
def delete_decision(ctx: OperationContext, given: OnDecision) -> OkResponse:
    """Delete a decision."""
    ws = refs.workspace(ctx, given)
    pilotage.delete_decision(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, decision_id=given.decision_id)
    return OkResponse()


# -- active docs -------------------------------------------------------------------------


@operation("list_active_docs", input=InWorkspace, output=list[DocOut], scope=READ, writes=False)
def list_active_docs(ctx: OperationContext, given: InWorkspace) -> list[DocOut]:
    """The documents in play in a workspace's pilotage."""
    ws = refs.workspace(ctx, given)
    return [DocOut.model_validate(d) for d in pilotage.list_docs(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)]


class AddActiveDoc(InWorkspace):
    data: DocCreateIn


@operation("add_active_doc", input=AddActiveDoc, output=DocOut, scope=WRITE, writes=True)
def add_active_doc(ctx: OperationContext, given: AddActiveDoc) -> DocOut:
    """Register a document in play (title, owner, sourceType)."""
    ws = refs.workspace(ctx, given)
    return DocOut.model_validate(pilotage.add_doc(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data))


class OnActiveDoc(InWorkspace):
    doc_id: str


class UpdateActiveDoc(OnActiveDoc):
    data: DocUpdateIn


@operation("update_active_doc", input=UpdateActiveDoc, output=DocOut, scope=WRITE, writes=True)
def update_active_doc(ctx: OperationContext, given: UpdateActiveDoc) -> DocOut:
    """Change an active doc's title, owner or source type."""
    ws = refs.workspace(ctx, given)
    doc = pilotage.update_doc(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, doc_id=given.doc_id, data=given.data)
    return DocOut.model_validate(doc)


@operation("delete_active_doc", input=OnActiveDoc, output=OkResponse, scope=WRITE, writes=True)
def delete_active_doc(ctx: OperationContext, given: OnActiveDoc) -> OkResponse:
    """Take a document out of play."""
    ws = refs.workspace(ctx, given)
    pilotage.delete_doc(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, doc_id=given.doc_id)
    return OkResponse()
