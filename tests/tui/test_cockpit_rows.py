"""What the cockpit says of its items, and which changes it reloads for."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from stellary_core.event_types import (
    ActionApplied,
    ActionApplyFailed,
    Actor,
    CardMoved,
    MemberRoleChanged,
    PilotageMissionUpdated,
    ProfileUpdated,
)
from stellary_core.schemas.pilotage import MissionOut, TodoOut
from stellary_core.schemas.proposed_actions import ProposedActionOut
from stellary_tui.screens import cockpit_rows as rows
from stellary_tui.screens.reload_rules import cockpit_changed

ME = Actor.user("me")
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)


def proposal(status: str, kind: str = "move_card", **more: Any) -> ProposedActionOut:
    fields: dict[str, Any] = {
        "id": f"{status}-{kind}", "action_type": kind, "explanation": "because", "status": status,
        "payload": {"cardId": "GS-3", "targetColumn": "Done"}, "proposed_by": "u1", "reviewed_by": None,
        "reviewed_at": None, "review_reason": None, "applied_by": None, "applied_at": None, "result": None,
        "error": None, "created_at": NOW, "updated_at": NOW,
    }
    return ProposedActionOut.model_validate({**fields, **more})


def mission(objective: str, status: str, reason: str | None = None) -> MissionOut:
    return MissionOut.model_validate({
        "id": objective, "objective": objective, "module": None, "status": status, "blocked_reason": reason,
        "cycle": "v1", "created_by": None, "created_at": NOW, "updated_at": NOW,
    })


def test_missions_read_blocked_first_with_their_reason() -> None:
    found = rows.mission_rows([mission("Ship", "done"), mission("Plan", "to_launch"), mission("Pay", "blocked", "no sandbox")])
    assert [cells[:2] for _id, cells in found] == [
        ("Blocked", "Pay — no sandbox"), ("To launch", "Plan"), ("Done", "Ship"),
    ]


def test_open_todos_only_with_what_they_link_to() -> None:
    def todo(label: str, status: str, mission_id: str | None = None) -> TodoOut:
        return TodoOut.model_validate({
            "id": label, "label": label, "mission_id": mission_id, "priority_id": "p1", "status": status, "cycle": "v1",
            "created_by": None, "created_at": NOW, "updated_at": NOW,
        })

    found = rows.todo_rows([todo("Call", "todo", "m1"), todo("Old", "done")], {"m1": "Pay"}, {"p1": "Revenue"})
    assert found == [("Call", ("To do", "Call", "◆ Pay ★ Revenue"))]


def test_a_long_text_is_cut_on_one_line() -> None:
    assert rows.cut("a\nb", 10) == "a b"
    assert rows.cut("x" * 70, rows.WIDE) == "x" * (rows.WIDE - 1) + "…"


def test_a_proposal_says_what_it_does_and_where_it_stands() -> None:
    assert rows.gist(proposal("suggested")) == "Move GS-3 to Done"
    assert rows.result_text(proposal("suggested")) == "waits for a reviewer"
    assert rows.result_text(proposal("rejected", review_reason="not yet")) == "rejected: not yet"
    moved = proposal("applied", result={"key": "GS-3", "title": "Ship search"})
    assert rows.result_text(moved) == "GS-3 “Ship search” moved to Done"
    assert rows.result_text(proposal("applied", "send_email", result={"manual": True})) == "recorded as done by hand"
    todo = proposal("applied", "create_todo", payload={"label": "Ask"}, result={"label": "Ask"})
    assert (rows.gist(todo), rows.result_text(todo)) == ("New todo “Ask”", "todo “Ask” added")


def test_proposals_waiting_come_first_and_a_failed_apply_says_why() -> None:
    listed = rows.proposal_rows([proposal("applied"), proposal("approved", error="Column not found"), proposal("suggested")])
    assert [cells[0] for _id, cells in listed] == ["to review", "approved", "applied"]
    assert listed[1][1][2] == "failed: Column not found"
    assert rows.pending_count([proposal("applied"), proposal("approved"), proposal("suggested")]) == 2


def test_the_cockpit_reloads_for_its_workspace_pilotage_only() -> None:
    assert cockpit_changed(None, workspace_id="w1")
    assert cockpit_changed(PilotageMissionUpdated(actor=ME, workspace_id="w1"), workspace_id="w1")
    assert cockpit_changed(ActionApplied(actor=ME, workspace_id="w1"), workspace_id="w1")
    assert cockpit_changed(ActionApplyFailed(actor=ME, workspace_id="w1"), workspace_id="w1")
    assert cockpit_changed(MemberRoleChanged(actor=ME, workspace_id="w1"), workspace_id="w1")  # a role: what one may do
    assert cockpit_changed(ProfileUpdated(actor=ME), workspace_id="w1")  # a decision's author's name
    assert not cockpit_changed(PilotageMissionUpdated(actor=ME, workspace_id="w2"), workspace_id="w1")
    assert not cockpit_changed(CardMoved(actor=ME, workspace_id="w1", project_id="p1", card_id="c1"), workspace_id="w1")
