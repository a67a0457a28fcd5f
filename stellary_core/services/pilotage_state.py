"""The pilotage state: what a workspace's cockpit (or an assistant) reads in one call (contract section 6).

What goes in, by ``profile`` and ``intent``:
- always the cycle, the active priorities in order and the active docs;
- missions and todos that are not done; a review (``profile=revue`` or
  ``intent=weekly_review``) adds those done in the current cycle;
- the ``RECENT`` newest decisions; a review gives the ``REVIEW_RECENT`` newest
  and every decision of the current cycle;
- ``context_only`` drops the todos.
In what order: blocked missions and todos first (what a review looks at);
execution (``profile=execution`` or ``intent=daily_execution``) puts work in
progress first; ``sprint_planning`` puts missions to launch first.
``detailLevel`` only shapes the items (``schemas.pilotage``); ``minimal`` also
keeps open items only.

The items are read as plain rows, a dict of their table's columns by the
models' attribute names, not ORM objects: the state is read-only, and
building and tracking about 1,500 objects was half of a weekly review's
read (and a dict is what pydantic validates fastest).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from stellary_core.models import PilotageDecision, PilotageDoc, PilotageMission, PilotagePriority, PilotageTodo
from stellary_core.principal import Principal
from stellary_core.services import access
from stellary_core.services.pilotage import names_by_id
from stellary_core.services.pilotage_access import pilotage_role

RECENT = 5
REVIEW_RECENT = 20

_BLOCKED_FIRST = {"blocked": 0, "in_progress": 1, "to_launch": 2, "todo": 2, "done": 3}
_IN_PROGRESS_FIRST = {"in_progress": 0, "todo": 1, "to_launch": 1, "blocked": 2, "done": 3}
_TO_LAUNCH_FIRST = {"to_launch": 0, "in_progress": 1, "blocked": 2, "done": 3}


@dataclass(frozen=True)
class StateQuery:
    profile: str = "pilotage"
    intent: str | None = None
    detail_level: str = "standard"

    @property
    def review(self) -> bool:
        return self.profile == "revue" or self.intent == "weekly_review"

    @property
    def execution(self) -> bool:
        return self.profile == "execution" or self.intent == "daily_execution"


# A row of an item's table: its columns by the model's attribute names.
Item = dict[str, Any]
Model = type[PilotageMission] | type[PilotageTodo] | type[PilotageDecision] | type[PilotageDoc] | type[PilotagePriority]


@dataclass
class PilotageState:
    cycle: str
    role: str
    query: StateQuery
    missions: list[Item]
    priorities: list[Item]
    todos: list[Item]
    decisions: list[Item]
    docs: list[Item]
    decided_by: dict[str, str] = field(default_factory=dict)
    # For detailLevel=detailed: each mission's todos, and what each todo links to.
    todos_by_mission: dict[str, list[Item]] = field(default_factory=dict)
    linked_missions: dict[str, Item] = field(default_factory=dict)
    linked_priorities: dict[str, Item] = field(default_factory=dict)


def rows_of(model: Model) -> Select[Any]:
    """A select of ``model``'s table, each column labelled with its attribute's name."""
    return select(*(column.label(name) for name, column in model.__table__.columns.items()))


def _rows(session: Session, query: Select[Any]) -> list[Item]:
    result = session.execute(query)
    names = tuple(result.keys())
    # zip over the row: SQLAlchemy's Row._asdict builds its key list again for every row.
    return [dict(zip(names, row)) for row in result]


def _open_items(
    session: Session,
    model: type[PilotageMission] | type[PilotageTodo],
    workspace_id: str,
    cycle: str,
    with_done: bool,
    rank: dict[str, int],
) -> list[Item]:
    """The missions or todos not done (and, ``with_done``, done in ``cycle``), by ``rank`` of status, oldest first within one."""
    shown = model.status != "done"
    if with_done:
        shown = or_(shown, and_(model.status == "done", model.cycle == cycle))
    query = rows_of(model).where(model.workspace_id == workspace_id, shown).order_by(model.created_at, model.id)
    return sorted(_rows(session, query), key=lambda item: rank.get(item["status"], 9))


def _decisions(session: Session, workspace_id: str, cycle: str, review: bool) -> list[Item]:
    base = rows_of(PilotageDecision).where(PilotageDecision.workspace_id == workspace_id)
    newest = PilotageDecision.created_at.desc(), PilotageDecision.id.desc()
    found = _rows(session, base.order_by(*newest).limit(REVIEW_RECENT if review else RECENT))
    if review:
        seen = {d["id"] for d in found}
        this_cycle = _rows(session, base.where(PilotageDecision.cycle == cycle).order_by(*newest))
        found += [d for d in this_cycle if d["id"] not in seen]
        found.sort(key=lambda d: (d["created_at"], d["id"]), reverse=True)
    return found


def load_state(session: Session, *, actor: Principal, workspace_id: str, query: StateQuery) -> PilotageState:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    cycle = ws.workspace.cycle
    with_done = query.review and query.detail_level != "minimal"
    mission_rank = _IN_PROGRESS_FIRST if query.execution else _TO_LAUNCH_FIRST if query.intent == "sprint_planning" else _BLOCKED_FIRST
    todo_rank = _IN_PROGRESS_FIRST if query.execution else _BLOCKED_FIRST

    missions = _open_items(session, PilotageMission, workspace_id, cycle, with_done, mission_rank)
    todos = _open_items(session, PilotageTodo, workspace_id, cycle, with_done, todo_rank)
    decisions = _decisions(session, workspace_id, cycle, query.review)
    docs = _rows(
        session,
        rows_of(PilotageDoc).where(PilotageDoc.workspace_id == workspace_id).order_by(PilotageDoc.created_at, PilotageDoc.id),
    )
    priorities = _rows(
        session,
        rows_of(PilotagePriority)
        .where(PilotagePriority.workspace_id == workspace_id, PilotagePriority.status == "active")
        .order_by(PilotagePriority.order, PilotagePriority.created_at, PilotagePriority.id),
    )
    state = PilotageState(
        cycle=cycle,
        role=pilotage_role(ws),
        query=query,
        missions=missions,
        priorities=priorities,
        todos=[] if query.intent == "context_only" else todos,
        decisions=decisions,
        docs=docs,
        decided_by=names_by_id(session, {d["decided_by"] for d in decisions if d["decided_by"]}),
    )
    if query.detail_level == "detailed":
        _add_links(session, state, todos)
    return state


def _add_links(session: Session, state: PilotageState, todos: list[Item]) -> None:
    by_mission: dict[str, list[Item]] = defaultdict(list)
    for todo in todos:
        if todo["mission_id"]:
            by_mission[todo["mission_id"]].append(todo)
    state.todos_by_mission = dict(by_mission)
    missions = {m["id"]: m for m in state.missions}
    wanted = {t["mission_id"] for t in state.todos if t["mission_id"] and t["mission_id"] not in missions}
    if wanted:
        missions.update({m["id"]: m for m in _rows(session, rows_of(PilotageMission).where(PilotageMission.id.in_(wanted)))})
    state.linked_missions = missions
    priorities = {p["id"]: p for p in state.priorities}
    wanted = {t["priority_id"] for t in state.todos if t["priority_id"] and t["priority_id"] not in priorities}
    if wanted:
        priorities.update({p["id"]: p for p in _rows(session, rows_of(PilotagePriority).where(PilotagePriority.id.in_(wanted)))})
    state.linked_priorities = priorities
