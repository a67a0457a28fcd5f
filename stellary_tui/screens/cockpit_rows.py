"""What the cockpit shows of each item, in words: rows of its tables, a proposal's gist, an applied action's result.

Pure functions of the operations' outputs, so the wording is tested without a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stellary_core.schemas.pilotage import DecisionOut, DocOut, MissionOut, PriorityOut, TodoOut
from stellary_core.schemas.proposed_actions import ProposedActionOut

MISSION_STATUSES = (
    ("blocked", "Blocked"),
    ("in_progress", "In progress"),
    ("to_launch", "To launch"),
    ("done", "Done"),
)
TODO_STATUSES = (("todo", "To do"), ("in_progress", "In progress"), ("blocked", "Blocked"), ("done", "Done"))
SOURCE_TYPES = (("product", "product"), ("tech", "tech"), ("sprint", "sprint"), ("ops", "ops"))
_STATUS_WORDS = dict(MISSION_STATUSES) | dict(TODO_STATUSES)
_MISSION_RANK = {status: rank for rank, (status, _word) in enumerate(MISSION_STATUSES)}
# Waiting for a review, then for someone to apply it, then done with.
_PROPOSAL_RANK = {"suggested": 0, "approved": 1, "applied": 2, "rejected": 3}
_PROPOSAL_WORDS = {"suggested": "to review", "approved": "approved", "applied": "applied", "rejected": "rejected"}

Row = tuple[str, Sequence[Any]]
WIDE = 44  # characters of an objective or a title shown in a table; enter shows it whole
NARROW = 28  # of what sits beside it: a module, an impact, an explanation


def cut(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters, ending with … when cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def status_word(status: str) -> str:
    return _STATUS_WORDS.get(status, status)


def mission_rows(missions: Sequence[MissionOut]) -> list[Row]:
    """Missions grouped by status, blocked first; a blocked one says why."""
    ordered = sorted(missions, key=lambda m: _MISSION_RANK.get(m.status, 9))
    rows: list[Row] = []
    for mission in ordered:
        what = mission.objective
        if mission.status == "blocked" and mission.blocked_reason:
            what = f"{what} — {mission.blocked_reason}"
        rows.append((mission.id, (status_word(mission.status), cut(what, WIDE), cut(mission.module or "", NARROW))))
    return rows


def priority_rows(priorities: Sequence[PriorityOut]) -> list[Row]:
    ordered = sorted(priorities, key=lambda p: p.order)
    return [(p.id, (f"{n}.", cut(p.label, WIDE), cut(p.module or "", NARROW))) for n, p in enumerate(ordered, start=1)]


def todo_rows(todos: Sequence[TodoOut], missions: dict[str, str], priorities: dict[str, str]) -> list[Row]:
    """Open todos only (done ones are the past), each with what it is linked to."""
    rows: list[Row] = []
    for todo in todos:
        if todo.status == "done":
            continue
        links = [f"◆ {cut(missions[todo.mission_id], NARROW)}" if todo.mission_id in missions else ""]
        links.append(f"★ {cut(priorities[todo.priority_id], NARROW)}" if todo.priority_id in priorities else "")
        rows.append((todo.id, (status_word(todo.status), cut(todo.label, WIDE), " ".join(link for link in links if link))))
    return rows


def decision_rows(decisions: Sequence[DecisionOut]) -> list[Row]:
    return [
        (d.id, (d.created_at.strftime("%Y-%m-%d"), cut(d.title, WIDE), cut(d.impact or "", NARROW), d.decided_by_name or ""))
        for d in decisions
    ]


def doc_rows(docs: Sequence[DocOut]) -> list[Row]:
    return [(d.id, (cut(d.title, WIDE), cut(d.owner or "", NARROW), d.source_type or "")) for d in docs]


def proposal_rows(proposals: Sequence[ProposedActionOut]) -> list[Row]:
    """Proposals waiting for a review first, then approved ones waiting to be applied, then what was applied."""
    ordered = sorted(proposals, key=lambda a: _PROPOSAL_RANK.get(a.status, 9))
    rows: list[Row] = []
    for action in ordered:
        outcome = f"failed: {action.error}" if action.error and action.status == "approved" else result_text(action)
        cells = (_PROPOSAL_WORDS.get(action.status, action.status), cut(gist(action), NARROW), cut(outcome, WIDE))
        rows.append((action.id, (*cells, cut(action.explanation, NARROW))))
    return rows


def pending_count(proposals: Sequence[ProposedActionOut]) -> int:
    return sum(1 for a in proposals if a.status in ("suggested", "approved"))


def gist(action: ProposedActionOut) -> str:
    """What the action would do, in a few words: "Move GS-3 to Done"."""
    p = action.payload
    kind = action.action_type
    if kind == "move_card":
        return f"Move {p.get('cardId', '?')} to {p.get('targetColumn', '?')}"
    if kind == "update_card":
        fields = ", ".join(sorted(k for k in p if k != "cardId")) or "nothing"
        return f"Change {p.get('cardId', '?')}: {fields}"
    if kind == "create_card":
        return f"New card “{p.get('title', '?')}”"
    if kind == "create_todo":
        return f"New todo “{p.get('label', '?')}”"
    if kind == "update_mission":
        status = p.get("status")
        return f"Mission → {status_word(status)}" if isinstance(status, str) else "Change a mission"
    return kind.replace("_", " ").capitalize()


def result_text(action: ProposedActionOut) -> str:
    """What applying it did, or what it is waiting for."""
    if action.status == "suggested":
        return "waits for a reviewer"
    if action.status == "rejected":
        return f"rejected: {action.review_reason}" if action.review_reason else "rejected"
    if action.status == "approved":
        return "waits for an owner to apply it"
    result = action.result or {}
    if result.get("manual"):
        return "recorded as done by hand"
    return _made(action.action_type, action.payload, result)


def _made(kind: str, payload: dict[str, Any], result: dict[str, Any]) -> str:
    card = f"{result.get('key', '')} “{result.get('title', '')}”".strip()
    if kind == "move_card":
        return f"{card} moved to {payload.get('targetColumn', '?')}"
    if kind == "update_card":
        return f"{card} changed"
    if kind == "create_card":
        return f"{card} created"
    if kind == "create_todo":
        return f"todo “{result.get('label', '')}” added"
    if kind == "update_mission":
        return f"mission “{result.get('objective', '')}” is {status_word(str(result.get('status', '')))}"
    return "applied"
