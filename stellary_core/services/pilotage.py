"""Pilotage items: missions, todos, decisions and active docs of a workspace (priorities: ``pilotage_priorities``).

Rules:
- every workspace member reads; only a pilotage owner creates, changes or deletes;
- a blocked mission has a ``blockedReason`` (required when it is or becomes
  blocked); any other status clears it, and a reason for an unblocked mission is a 400;
- a todo links to a mission and/or a priority of the same workspace (anything
  else is a 400 naming the field); deleting either unlinks its todos;
- a decision's ``decidedBy`` is the caller, its cycle the workspace's when recorded;
- a mission's or todo's ``cycle`` is the workspace's cycle when its status last
  changed, so the state can tell what was done in the current cycle.
Every change emits its typed event (the TUI refreshes on them).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.errors import Invalid, NotFound
from stellary_core.event_types import (
    Actor,
    PilotageCycleChanged,
    PilotageDecisionDeleted,
    PilotageDecisionRecorded,
    PilotageDecisionUpdated,
    PilotageDocAdded,
    PilotageDocDeleted,
    PilotageDocUpdated,
    PilotageMissionCreated,
    PilotageMissionDeleted,
    PilotageMissionUpdated,
    PilotageTodoCreated,
    PilotageTodoDeleted,
    PilotageTodoUpdated,
    WorkspaceEvent,
)
from stellary_core.events import emit
from stellary_core.models import PilotageDecision, PilotageDoc, PilotageMission, PilotagePriority, PilotageTodo, User
from stellary_core.principal import Principal
from stellary_core.schemas.pilotage import (
    DecisionCreateIn,
    DecisionUpdateIn,
    DocCreateIn,
    DocUpdateIn,
    MissionCreateIn,
    MissionUpdateIn,
    TodoCreateIn,
    TodoUpdateIn,
)
from stellary_core.services import access
from stellary_core.services.access import WorkspaceAccess
from stellary_core.services.limits import list_limit
from stellary_core.services.pilotage_access import item_of, require_owner

# Blocked first: what a weekly review looks at before anything else.
MISSION_ORDER = {"blocked": 0, "in_progress": 1, "to_launch": 2, "done": 3}
TODO_ORDER = {"blocked": 0, "in_progress": 1, "todo": 2, "done": 3}


def workspace(session: Session, actor: Principal, workspace_id: str) -> WorkspaceAccess:
    return access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)


def _owner(session: Session, actor: Principal, workspace_id: str, action: str) -> WorkspaceAccess:
    ws = workspace(session, actor, workspace_id)
    require_owner(ws, action)
    return ws


def emit_change(session: Session, kind: type[WorkspaceEvent], actor: Principal, workspace_id: str, **data: object) -> None:
    session.flush()
    emit(session, kind(actor=Actor.of(actor), workspace_id=workspace_id, data=data))


# -- the cycle ---------------------------------------------------------------------------


def set_cycle(session: Session, *, actor: Principal, workspace_id: str, cycle: str) -> str:
    """Name the workspace's current cycle (``v1`` to start): what is done from now on counts in it."""
    ws = _owner(session, actor, workspace_id, "change the cycle")
    if ws.workspace.cycle != cycle:
        previous = ws.workspace.cycle
        ws.workspace.cycle = cycle
        emit_change(session, PilotageCycleChanged, actor, workspace_id, cycle=cycle, previous=previous)
    return ws.workspace.cycle


# -- missions ----------------------------------------------------------------------------


def mission_of(session: Session, workspace_id: str, mission_id: str) -> PilotageMission:
    return item_of(session, PilotageMission, workspace_id, mission_id, "Mission")


def list_missions(
    session: Session, *, actor: Principal, workspace_id: str, status: str | None = None
) -> list[PilotageMission]:
    """The workspace's missions, blocked first, then in progress, to launch and done; oldest first within each."""
    workspace(session, actor, workspace_id)
    query = select(PilotageMission).where(PilotageMission.workspace_id == workspace_id)
    if status is not None:
        query = query.where(PilotageMission.status == status)
    found = session.scalars(query.order_by(PilotageMission.created_at, PilotageMission.id))
    return sorted(found, key=lambda m: MISSION_ORDER.get(m.status, 9))


def _blocked_reason(status: str, reason: str | None, reason_given: bool, current: str | None) -> str | None:
    if status == "blocked":
        kept = reason if reason_given else current
        if not kept:
            raise Invalid.field("blockedReason", "is required when the mission is blocked")
        return kept
    if reason_given and reason is not None:
        raise Invalid.field("blockedReason", "is only for a blocked mission (leave it out or send null)")
    return None


def create_mission(session: Session, *, actor: Principal, workspace_id: str, data: MissionCreateIn) -> PilotageMission:
    ws = _owner(session, actor, workspace_id, "manage missions")
    reason = _blocked_reason(data.status, data.blocked_reason, "blocked_reason" in data.given(), None)
    mission = PilotageMission(
        workspace_id=workspace_id, objective=data.objective, module=data.module or None, status=data.status,
        blocked_reason=reason, cycle=ws.workspace.cycle, created_by=actor.user_id,
    )
    session.add(mission)
    session.flush()
    emit_change(session, PilotageMissionCreated, actor, workspace_id, missionId=mission.id, objective=mission.objective)
    return mission


def update_mission(
    session: Session, *, actor: Principal, workspace_id: str, mission_id: str, data: MissionUpdateIn
) -> PilotageMission:
    ws = _owner(session, actor, workspace_id, "manage missions")
    mission = mission_of(session, workspace_id, mission_id)
    given = data.given()
    data.refuse_nulls("objective", "status")
    status = data.status if data.status is not None else mission.status
    reason = _blocked_reason(status, data.blocked_reason, "blocked_reason" in given, mission.blocked_reason)
    changed: list[str] = []
    if data.objective is not None and data.objective != mission.objective:
        mission.objective = data.objective
        changed.append("objective")
    if "module" in given and (data.module or None) != mission.module:
        mission.module = data.module or None
        changed.append("module")
    if status != mission.status:
        mission.status, mission.cycle = status, ws.workspace.cycle
        changed.append("status")
    if reason != mission.blocked_reason:
        mission.blocked_reason = reason
        changed.append("blockedReason")
    if changed:
        emit_change(session, PilotageMissionUpdated, actor, workspace_id, missionId=mission.id, fields=changed)
    return mission


def delete_mission(session: Session, *, actor: Principal, workspace_id: str, mission_id: str) -> None:
    """Delete a mission; its todos stay, unlinked."""
    _owner(session, actor, workspace_id, "manage missions")
    mission = mission_of(session, workspace_id, mission_id)
    for todo in session.scalars(select(PilotageTodo).where(PilotageTodo.mission_id == mission.id)):
        todo.mission_id = None
    session.delete(mission)
    emit_change(session, PilotageMissionDeleted, actor, workspace_id, missionId=mission.id, objective=mission.objective)


# -- todos -------------------------------------------------------------------------------


def todo_of(session: Session, workspace_id: str, todo_id: str) -> PilotageTodo:
    return item_of(session, PilotageTodo, workspace_id, todo_id, "Todo")


def _check_links(session: Session, workspace_id: str, *, mission_id: str | None = None, priority_id: str | None = None) -> None:
    """A todo's mission and priority must be of its workspace: anything else is a 400 naming the field."""
    try:
        if mission_id is not None:
            item_of(session, PilotageMission, workspace_id, mission_id, "Mission")
    except NotFound:
        raise Invalid.field("missionId", "is not a mission of this workspace") from None
    try:
        if priority_id is not None:
            item_of(session, PilotagePriority, workspace_id, priority_id, "Priority")
    except NotFound:
        raise Invalid.field("priorityId", "is not a priority of this workspace") from None


def list_todos(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    status: str | None = None,
    mission_id: str | None = None,
    priority_id: str | None = None,
) -> list[PilotageTodo]:
    """The workspace's todos (of one status, mission or priority), blocked and in progress first, oldest first within each."""
    workspace(session, actor, workspace_id)
    query = select(PilotageTodo).where(PilotageTodo.workspace_id == workspace_id)
    if status is not None:
        query = query.where(PilotageTodo.status == status)
    if mission_id is not None:
        query = query.where(PilotageTodo.mission_id == mission_id)
    if priority_id is not None:
        query = query.where(PilotageTodo.priority_id == priority_id)
    found = session.scalars(query.order_by(PilotageTodo.created_at, PilotageTodo.id))
    return sorted(found, key=lambda t: TODO_ORDER.get(t.status, 9))


def create_todo(session: Session, *, actor: Principal, workspace_id: str, data: TodoCreateIn) -> PilotageTodo:
    ws = _owner(session, actor, workspace_id, "manage todos")
    _check_links(session, workspace_id, mission_id=data.mission_id, priority_id=data.priority_id)
    todo = PilotageTodo(
        workspace_id=workspace_id, label=data.label, mission_id=data.mission_id, priority_id=data.priority_id,
        status=data.status, cycle=ws.workspace.cycle, created_by=actor.user_id,
    )
    session.add(todo)
    session.flush()
    emit_change(session, PilotageTodoCreated, actor, workspace_id, todoId=todo.id, label=todo.label)
    return todo


def update_todo(
    session: Session, *, actor: Principal, workspace_id: str, todo_id: str, data: TodoUpdateIn
) -> PilotageTodo:
    ws = _owner(session, actor, workspace_id, "manage todos")
    todo = todo_of(session, workspace_id, todo_id)
    given = data.given()
    data.refuse_nulls("label", "status")
    changed: list[str] = []
    if data.label is not None and data.label != todo.label:
        todo.label = data.label
        changed.append("label")
    if "mission_id" in given and data.mission_id != todo.mission_id:
        _check_links(session, workspace_id, mission_id=data.mission_id)
        todo.mission_id = data.mission_id
        changed.append("missionId")
    if "priority_id" in given and data.priority_id != todo.priority_id:
        _check_links(session, workspace_id, priority_id=data.priority_id)
        todo.priority_id = data.priority_id
        changed.append("priorityId")
    if data.status is not None and data.status != todo.status:
        todo.status, todo.cycle = data.status, ws.workspace.cycle
        changed.append("status")
    if changed:
        emit_change(session, PilotageTodoUpdated, actor, workspace_id, todoId=todo.id, fields=changed)
    return todo


def delete_todo(session: Session, *, actor: Principal, workspace_id: str, todo_id: str) -> None:
    _owner(session, actor, workspace_id, "manage todos")
    todo = todo_of(session, workspace_id, todo_id)
    session.delete(todo)
    emit_change(session, PilotageTodoDeleted, actor, workspace_id, todoId=todo.id, label=todo.label)


# -- decisions ---------------------------------------------------------------------------


def decision_of(session: Session, workspace_id: str, decision_id: str) -> PilotageDecision:
    return item_of(session, PilotageDecision, workspace_id, decision_id, "Decision")


def decided_by_names(session: Session, decisions: list[PilotageDecision]) -> dict[str, str]:
    """The names of the people who recorded ``decisions``, by user id."""
    return names_by_id(session, {d.decided_by for d in decisions if d.decided_by})


def names_by_id(session: Session, user_ids: set[str]) -> dict[str, str]:
    """The names of these users, by id (a deleted user is left out)."""
    if not user_ids:
        return {}
    return {user_id: name for user_id, name in session.execute(select(User.id, User.name).where(User.id.in_(user_ids)))}


def list_decisions(
    session: Session, *, actor: Principal, workspace_id: str, limit: int | None = None
) -> list[PilotageDecision]:
    """The workspace's newest decisions first (``limit`` 50 by default, at most 500)."""
    count = list_limit(limit)
    workspace(session, actor, workspace_id)
    query = (
        select(PilotageDecision)
        .where(PilotageDecision.workspace_id == workspace_id)
        .order_by(PilotageDecision.created_at.desc(), PilotageDecision.id.desc())
        .limit(count)
    )
    return list(session.scalars(query))


def record_decision(session: Session, *, actor: Principal, workspace_id: str, data: DecisionCreateIn) -> PilotageDecision:
    ws = _owner(session, actor, workspace_id, "record decisions")
    decision = PilotageDecision(
        workspace_id=workspace_id, title=data.title, impact=data.impact or None, decided_by=actor.user_id,
        cycle=ws.workspace.cycle,
    )
    session.add(decision)
    session.flush()
    emit_change(session, PilotageDecisionRecorded, actor, workspace_id, decisionId=decision.id, title=decision.title)
    return decision


def update_decision(
    session: Session, *, actor: Principal, workspace_id: str, decision_id: str, data: DecisionUpdateIn
) -> PilotageDecision:
    _owner(session, actor, workspace_id, "record decisions")
    decision = decision_of(session, workspace_id, decision_id)
    given = data.given()
    data.refuse_nulls("title")
    changed: list[str] = []
    if data.title is not None and data.title != decision.title:
        decision.title = data.title
        changed.append("title")
    if "impact" in given and (data.impact or None) != decision.impact:
        decision.impact = data.impact or None
        changed.append("impact")
    if changed:
        emit_change(session, PilotageDecisionUpdated, actor, workspace_id, decisionId=decision.id, fields=changed)
    return decision


def delete_decision(session: Session, *, actor: Principal, workspace_id: str, decision_id: str) -> None:
    _owner(session, actor, workspace_id, "record decisions")
    decision = decision_of(session, workspace_id, decision_id)
    session.delete(decision)
    emit_change(session, PilotageDecisionDeleted, actor, workspace_id, decisionId=decision.id, title=decision.title)


# -- active docs -------------------------------------------------------------------------


def doc_of(session: Session, workspace_id: str, doc_id: str) -> PilotageDoc:
    return item_of(session, PilotageDoc, workspace_id, doc_id, "Document")


def list_docs(session: Session, *, actor: Principal, workspace_id: str) -> list[PilotageDoc]:
    """The workspace's active docs, oldest first."""
    workspace(session, actor, workspace_id)
    query = select(PilotageDoc).where(PilotageDoc.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(PilotageDoc.created_at, PilotageDoc.id)))


def add_doc(session: Session, *, actor: Principal, workspace_id: str, data: DocCreateIn) -> PilotageDoc:
    _owner(session, actor, workspace_id, "manage active docs")
    doc = PilotageDoc(
        workspace_id=workspace_id, title=data.title, owner=data.owner, source_type=data.source_type,
        created_by=actor.user_id,
    )
    session.add(doc)
    session.flush()
    emit_change(session, PilotageDocAdded, actor, workspace_id, docId=doc.id, title=doc.title)
    return doc


def update_doc(
    session: Session, *, actor: Principal, workspace_id: str, doc_id: str, data: DocUpdateIn
) -> PilotageDoc:
    _owner(session, actor, workspace_id, "manage active docs")
    doc = doc_of(session, workspace_id, doc_id)
    given = data.given()
    data.refuse_nulls("title")
    changed: list[str] = []
    if data.title is not None and data.title != doc.title:
        doc.title = data.title
        changed.append("title")
    if "owner" in given and data.owner != doc.owner:
        doc.owner = data.owner
        changed.append("owner")
    if "source_type" in given and data.source_type != doc.source_type:
        doc.source_type = data.source_type
        changed.append("sourceType")
    if changed:
        emit_change(session, PilotageDocUpdated, actor, workspace_id, docId=doc.id, fields=changed)
    return doc


def delete_doc(session: Session, *, actor: Principal, workspace_id: str, doc_id: str) -> None:
    _owner(session, actor, workspace_id, "manage active docs")
    doc = doc_of(session, workspace_id, doc_id)
    session.delete(doc)
    emit_change(session, PilotageDocDeleted, actor, workspace_id, docId=doc.id, title=doc.title)
