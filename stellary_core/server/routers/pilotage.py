"""/orgs/:orgSlug/workspaces/:wsSlug/pilotage/...: the state, missions, priorities, todos, decisions, docs, actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import pilotage as ops
from stellary_core.operations.catalog import pilotage_actions as actions
from stellary_core.operations.refs import InWorkspace
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.pilotage import (
    CycleIn,
    CycleOut,
    DecisionCreateIn,
    DecisionOut,
    DecisionUpdateIn,
    DetailLevel,
    DocCreateIn,
    DocOut,
    DocUpdateIn,
    Intent,
    MissionCreateIn,
    MissionOut,
    MissionStatus,
    MissionUpdateIn,
    PilotageStateOut,
    PriorityCreateIn,
    PriorityOut,
    PriorityStatus,
    PriorityUpdateIn,
    Profile,
    TodoCreateIn,
    TodoOut,
    TodoStatus,
    TodoUpdateIn,
)
from stellary_core.schemas.proposed_actions import ActionStatus, ProposeActionIn, ProposedActionOut, ReviewActionIn
from stellary_core.server.deps import Actor, OrgSlug, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Pilotage"])
PL = "/orgs/{orgSlug}/workspaces/{wsSlug}/pilotage"
MissionId = Annotated[str, Path(alias="missionId")]
PriorityId = Annotated[str, Path(alias="priorityId")]
TodoId = Annotated[str, Path(alias="todoId")]
DecisionId = Annotated[str, Path(alias="decisionId")]
DocId = Annotated[str, Path(alias="docId")]
ActionId = Annotated[str, Path(alias="actionId")]
Limit = Annotated[int | None, Query(description="items to return, 1-500 (default 50)")]


@router.get(PL + "/state", response_model=PilotageStateOut, openapi_extra=runs(ops.get_pilotage_state))
def get_state(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    actor: Actor,
    profile: Profile = "pilotage",
    intent: Intent | None = None,
    detail_level: Annotated[DetailLevel, Query(alias="detailLevel")] = "standard",
) -> Response:
    given = ops.GetPilotageState(org_slug=org, ws_slug=ws, profile=profile, intent=intent, detail_level=detail_level)
    return respond(request, ops.get_pilotage_state, actor, given)


@router.patch(PL + "/cycle", response_model=CycleOut, openapi_extra=runs(ops.set_pilotage_cycle))
def set_cycle(request: Request, org: OrgSlug, ws: WsSlug, body: CycleIn, actor: Actor) -> Response:
    return respond(request, ops.set_pilotage_cycle, actor, ops.SetCycle(org_slug=org, ws_slug=ws, data=body))


# -- missions ----------------------------------------------------------------------------


@router.get(PL + "/missions", response_model=list[MissionOut], openapi_extra=runs(ops.list_missions))
def list_missions(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor, status: MissionStatus | None = None) -> Response:
    return respond(request, ops.list_missions, actor, ops.ListMissions(org_slug=org, ws_slug=ws, status=status))


@router.post(PL + "/missions", status_code=201, response_model=MissionOut, openapi_extra=runs(ops.create_mission))
def create_mission(request: Request, org: OrgSlug, ws: WsSlug, body: MissionCreateIn, actor: Actor) -> Response:
    given = ops.CreateMission(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.create_mission, actor, given, status=201)


@router.patch(PL + "/missions/{missionId}", response_model=MissionOut, openapi_extra=runs(ops.update_mission))
def update_mission(
    request: Request, org: OrgSlug, ws: WsSlug, mission_id: MissionId, body: MissionUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateMission(org_slug=org, ws_slug=ws, mission_id=mission_id, data=body)
    return respond(request, ops.update_mission, actor, given)


@router.delete(PL + "/missions/{missionId}", response_model=OkResponse, openapi_extra=runs(ops.delete_mission))
def delete_mission(request: Request, org: OrgSlug, ws: WsSlug, mission_id: MissionId, actor: Actor) -> Response:
    return respond(request, ops.delete_mission, actor, ops.OnMission(org_slug=org, ws_slug=ws, mission_id=mission_id))


# -- priorities --------------------------------------------------------------------------


@router.get(PL + "/priorities", response_model=list[PriorityOut], openapi_extra=runs(ops.list_priorities))
def list_priorities(
    request: Request, org: OrgSlug, ws: WsSlug, actor: Actor, status: PriorityStatus | None = None
) -> Response:
    return respond(request, ops.list_priorities, actor, ops.ListPriorities(org_slug=org, ws_slug=ws, status=status))


@router.post(PL + "/priorities", status_code=201, response_model=PriorityOut, openapi_extra=runs(ops.create_priority))
def create_priority(request: Request, org: OrgSlug, ws: WsSlug, body: PriorityCreateIn, actor: Actor) -> Response:
    given = ops.CreatePriority(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.create_priority, actor, given, status=201)


@router.patch(PL + "/priorities/{priorityId}", response_model=PriorityOut, openapi_extra=runs(ops.update_priority))
def update_priority(
    request: Request, org: OrgSlug, ws: WsSlug, priority_id: PriorityId, body: PriorityUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdatePriority(org_slug=org, ws_slug=ws, priority_id=priority_id, data=body)
    return respond(request, ops.update_priority, actor, given)


@router.delete(PL + "/priorities/{priorityId}", response_model=OkResponse, openapi_extra=runs(ops.delete_priority))
def delete_priority(request: Request, org: OrgSlug, ws: WsSlug, priority_id: PriorityId, actor: Actor) -> Response:
    given = ops.OnPriority(org_slug=org, ws_slug=ws, priority_id=priority_id)
    return respond(request, ops.delete_priority, actor, given)


# -- todos -------------------------------------------------------------------------------


@router.get(PL + "/todos", response_model=list[TodoOut], openapi_extra=runs(ops.list_todos))
def list_todos(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    actor: Actor,
    status: TodoStatus | None = None,
    mission_id: Annotated[str | None, Query(alias="missionId")] = None,
    priority_id: Annotated[str | None, Query(alias="priorityId")] = None,
) -> Response:
    given = ops.ListTodos(org_slug=org, ws_slug=ws, status=status, mission_id=mission_id, priority_id=priority_id)
    return respond(request, ops.list_todos, actor, given)


@router.post(PL + "/todos", status_code=201, response_model=TodoOut, openapi_extra=runs(ops.create_todo))
def create_todo(request: Request, org: OrgSlug, ws: WsSlug, body: TodoCreateIn, actor: Actor) -> Response:
    return respond(request, ops.create_todo, actor, ops.CreateTodo(org_slug=org, ws_slug=ws, data=body), status=201)


@router.patch(PL + "/todos/{todoId}", response_model=TodoOut, openapi_extra=runs(ops.update_todo))
def update_todo(request: Request, org: OrgSlug, ws: WsSlug, todo_id: TodoId, body: TodoUpdateIn, actor: Actor) -> Response:
    return respond(request, ops.update_todo, actor, ops.UpdateTodo(org_slug=org, ws_slug=ws, todo_id=todo_id, data=body))


@router.delete(PL + "/todos/{todoId}", response_model=OkResponse, openapi_extra=runs(ops.delete_todo))
def delete_todo(request: Request, org: OrgSlug, ws: WsSlug, todo_id: TodoId, actor: Actor) -> Response:
    return respond(request, ops.delete_todo, actor, ops.OnTodo(org_slug=org, ws_slug=ws, todo_id=todo_id))


# -- decisions ---------------------------------------------------------------------------


@router.get(PL + "/decisions", response_model=list[DecisionOut], openapi_extra=runs(ops.list_decisions))
def list_decisions(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor, limit: Limit = None) -> Response:
    return respond(request, ops.list_decisions, actor, ops.ListDecisions(org_slug=org, ws_slug=ws, limit=limit))


@router.post(PL + "/decisions", status_code=201, response_model=DecisionOut, openapi_extra=runs(ops.record_decision))
def record_decision(request: Request, org: OrgSlug, ws: WsSlug, body: DecisionCreateIn, actor: Actor) -> Response:
    given = ops.RecordDecision(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.record_decision, actor, given, status=201)


@router.patch(PL + "/decisions/{decisionId}", response_model=DecisionOut, openapi_extra=runs(ops.update_decision))
def update_decision(
    request: Request, org: OrgSlug, ws: WsSlug, decision_id: DecisionId, body: DecisionUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateDecision(org_slug=org, ws_slug=ws, decision_id=decision_id, data=body)
    return respond(request, ops.update_decision, actor, given)


@router.delete(PL + "/decisions/{decisionId}", response_model=OkResponse, openapi_extra=runs(ops.delete_decision))
def delete_decision(request: Request, org: OrgSlug, ws: WsSlug, decision_id: DecisionId, actor: Actor) -> Response:
    given = ops.OnDecision(org_slug=org, ws_slug=ws, decision_id=decision_id)
    return respond(request, ops.delete_decision, actor, given)


# -- active docs -------------------------------------------------------------------------


@router.get(PL + "/docs", response_model=list[DocOut], openapi_extra=runs(ops.list_active_docs))
def list_docs(request: Request, org: OrgSlug, ws: WsSlug, actor: Actor) -> Response:
    return respond(request, ops.list_active_docs, actor, InWorkspace(org_slug=org, ws_slug=ws))


@router.post(PL + "/docs", status_code=201, response_model=DocOut, openapi_extra=runs(ops.add_active_doc))
def add_doc(request: Request, org: OrgSlug, ws: WsSlug, body: DocCreateIn, actor: Actor) -> Response:
    given = ops.AddActiveDoc(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.add_active_doc, actor, given, status=201)


@router.patch(PL + "/docs/{docId}", response_model=DocOut, openapi_extra=runs(ops.update_active_doc))
def update_doc(request: Request, org: OrgSlug, ws: WsSlug, doc_id: DocId, body: DocUpdateIn, actor: Actor) -> Response:
    given = ops.UpdateActiveDoc(org_slug=org, ws_slug=ws, doc_id=doc_id, data=body)
    return respond(request, ops.update_active_doc, actor, given)


@router.delete(PL + "/docs/{docId}", response_model=OkResponse, openapi_extra=runs(ops.delete_active_doc))
def delete_doc(request: Request, org: OrgSlug, ws: WsSlug, doc_id: DocId, actor: Actor) -> Response:
    return respond(request, ops.delete_active_doc, actor, ops.OnActiveDoc(org_slug=org, ws_slug=ws, doc_id=doc_id))


# -- proposed actions --------------------------------------------------------------------


@router.post(
    PL + "/actions/propose", status_code=201, response_model=ProposedActionOut,
    openapi_extra=runs(actions.propose_action),
)
def propose_action(request: Request, org: OrgSlug, ws: WsSlug, body: ProposeActionIn, actor: Actor) -> Response:
    given = actions.ProposeAction(org_slug=org, ws_slug=ws, data=body)
    return respond(request, actions.propose_action, actor, given, status=201)


@router.get(PL + "/actions", response_model=list[ProposedActionOut], openapi_extra=runs(actions.list_proposed_actions))
def list_actions(
    request: Request, org: OrgSlug, ws: WsSlug, actor: Actor, status: ActionStatus | None = None, limit: Limit = None
) -> Response:
    given = actions.ListProposedActions(org_slug=org, ws_slug=ws, status=status, limit=limit)
    return respond(request, actions.list_proposed_actions, actor, given)


@router.get(PL + "/actions/{actionId}", response_model=ProposedActionOut, openapi_extra=runs(actions.get_proposed_action))
def get_action(request: Request, org: OrgSlug, ws: WsSlug, action_id: ActionId, actor: Actor) -> Response:
    given = actions.OnAction(org_slug=org, ws_slug=ws, action_id=action_id)
    return respond(request, actions.get_proposed_action, actor, given)


@router.post(
    PL + "/actions/{actionId}/review", response_model=ProposedActionOut, openapi_extra=runs(actions.review_action)
)
def review_action(
    request: Request, org: OrgSlug, ws: WsSlug, action_id: ActionId, body: ReviewActionIn, actor: Actor
) -> Response:
    given = actions.ReviewAction(org_slug=org, ws_slug=ws, action_id=action_id, data=body)
    return respond(request, actions.review_action, actor, given)


@router.post(PL + "/actions/{actionId}/apply", response_model=ProposedActionOut, openapi_extra=runs(actions.apply_action))
def apply_action(request: Request, org: OrgSlug, ws: WsSlug, action_id: ActionId, actor: Actor) -> Response:
    given = actions.OnAction(org_slug=org, ws_slug=ws, action_id=action_id)
    return respond(request, actions.apply_action, actor, given)
