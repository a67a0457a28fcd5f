"""The pilotage and document tools, in process: the dashboard, the pending proposals, and a workspace by default.

Me owns the pilotage of the personal workspace; in Bob's "Eng" Me is a plain
member, a pilotage viewer; Eve sees neither.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import pytest

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.errors import Forbidden, Invalid, NotFound
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.tools.calls import ToolResult, call_tool
from stellary_core.tools.catalog import tool_named
from tests.tools.world import World, build_world


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def run(db: Database, actor: Principal, name: str, **payload: object) -> Any:
    return OperationRunner(db).run(name, actor, payload)


def tool(db: Database, actor: Principal, name: str, **arguments: object) -> ToolResult:
    found = tool_named(name)
    assert found is not None, name
    return call_tool(OperationRunner(db), actor, found, arguments)


def propose(db: Database, world: World, explanation: str, **payload: object) -> str:
    made = run(db, world.me, "propose_action", data={"actionType": "note", "explanation": explanation, "payload": payload})
    return str(made.id)


def review(db: Database, world: World, action_id: str, approved: bool) -> None:
    run(db, world.me, "review_action", actionId=action_id, data={"approved": approved})


def test_the_dashboard_counts_by_status_and_lists_what_needs_a_look(db: Database, world: World) -> None:
    clock.freeze(datetime(2026, 3, 10, 9, 0))
    me = world.me
    run(db, me, "create_pilotage_mission", data={"objective": "Billing", "status": "in_progress"})
    run(db, me, "create_pilotage_mission", data={"objective": "Search", "status": "blocked", "blockedReason": "Waiting on API"})
    run(db, me, "create_pilotage_mission", data={"objective": "Launch"})
    second = run(db, me, "create_priority", data={"label": "Second"})
    run(db, me, "create_priority", data={"label": "First", "order": 0})
    run(db, me, "create_todo", data={"label": "One", "priorityId": second.id})
    run(db, me, "create_todo", data={"label": "Two", "status": "done"})
    oldest = propose(db, world, "Oldest suggestion")
    approved = propose(db, world, "Approved, to apply")
    review(db, world, approved, True)
    rejected = propose(db, world, "Rejected")
    review(db, world, rejected, False)
    newest = propose(db, world, "Newest suggestion")
    # Overdue: due before today, not done, not archived (stellary_core.overdue).
    run(db, me, "update_card", card="GS-1", data={"dueDate": "2026-03-01"})
    run(db, me, "update_card", card="GS-2", data={"dueDate": "2026-03-09"})
    run(db, me, "update_card", card="GS-3", data={"dueDate": "2026-03-10"})  # due today: not late yet
    run(db, me, "update_card", card="GS-4", data={"dueDate": "2026-03-01", "archived": True})
    run(db, me, "update_card", card="GS-5", data={"dueDate": "2026-03-01", "status": "done"})
    run(db, me, "update_card", card="BILL-1", data={"dueDate": "2026-03-01"})  # another workspace's card

    board = tool(db, me, "get_cockpit_dashboard").value

    assert board["workspaceId"] == world.personal_id and board["role"] == "owner" and board["cycle"] == "v1"
    assert board["missions"] == {"toLaunch": 1, "inProgress": 1, "blocked": 1, "done": 0}
    assert board["todos"] == {"todo": 1, "inProgress": 0, "blocked": 0, "done": 1}
    assert board["proposals"] == {"suggested": 2, "approved": 1, "rejected": 1, "applied": 0}
    assert [p["label"] for p in board["activePriorities"]] == ["First", "Second"]
    assert [(m["objective"], m["blockedReason"]) for m in board["blockedMissions"]] == [("Search", "Waiting on API")]
    # Suggested ones first (to review), oldest first, then the approved one (to apply).
    assert [p["id"] for p in board["pendingProposals"]] == [oldest, newest, approved]
    assert board["overdueCards"] == [{"projectId": world.getting_started, "projectName": "Getting Started", "overdue": 2}]


def test_the_dashboard_leaves_cards_out_for_a_token_that_cannot_read_them(db: Database, world: World) -> None:
    run(db, world.me, "update_card", card="GS-1", data={"dueDate": "2020-01-01"})
    pilot_only = dataclasses.replace(world.me, kind="pat", scopes=frozenset({"pilotage:read"}))
    board = tool(db, pilot_only, "get_cockpit_dashboard").value
    assert board["overdueCards"] is None and board["missions"]["toLaunch"] == 0
    reader = dataclasses.replace(world.me, kind="pat", scopes=frozenset({"pilotage:read", "projects:read"}))
    assert tool(db, reader, "get_cockpit_dashboard").value["overdueCards"][0]["overdue"] == 1
    cards_only = dataclasses.replace(world.me, kind="pat", scopes=frozenset({"projects:read"}))
    with pytest.raises(Forbidden, match="pilotage:read"):
        tool(db, cards_only, "get_cockpit_dashboard")


def test_a_named_workspace_is_read_with_my_role_there_and_a_strangers_is_not_found(db: Database, world: World) -> None:
    run(db, world.bob, "create_pilotage_mission", workspaceId=world.team_id, data={"objective": "Team mission"})
    by_id = tool(db, world.me, "get_cockpit_dashboard", workspaceId=world.team_id).value
    by_slugs = tool(db, world.me, "get_cockpit_dashboard", orgSlug="acme", wsSlug="eng").value
    assert by_id == by_slugs and by_id["role"] == "viewer" and by_id["missions"]["toLaunch"] == 1
    state = tool(db, world.me, "get_pilotage_state", workspaceId=world.team_id, detailLevel="minimal").value
    assert [m["objective"] for m in state["missions"]] == ["Team mission"]
    assert state["usageContext"]["role"] == "viewer"
    for name in ("get_cockpit_dashboard", "get_pilotage_state", "list_pending_proposals", "list_documents"):
        with pytest.raises(NotFound, match="Workspace not found"):
            tool(db, world.eve, name, workspaceId=world.team_id)
    with pytest.raises(Invalid, match="workspace: give workspaceId, or orgSlug and wsSlug"):
        tool(db, world.me, "get_cockpit_dashboard", orgSlug="acme")


def test_a_pilotage_viewer_reads_but_cannot_add_a_todo_or_propose(db: Database, world: World) -> None:
    with pytest.raises(Forbidden, match="Only pilotage owners"):
        tool(db, world.me, "create_todo", workspaceId=world.team_id, label="Not mine to add")
    with pytest.raises(Forbidden, match="Only pilotage reviewers and owners"):
        tool(db, world.me, "propose_action", workspaceId=world.team_id, actionType="note", explanation="x")
    assert tool(db, world.me, "list_pending_proposals", workspaceId=world.team_id).value == []


def test_pending_proposals_are_the_suggested_then_the_approved_and_never_the_settled(db: Database, world: World) -> None:
    first = propose(db, world, "First")
    applied = propose(db, world, "Applied by hand")
    review(db, world, applied, True)
    run(db, world.me, "apply_action", actionId=applied)
    approved = propose(db, world, "Approved")
    review(db, world, approved, True)
    rejected = propose(db, world, "Rejected")
    review(db, world, rejected, False)
    second = propose(db, world, "Second")
    listed = tool(db, world.me, "list_pending_proposals")
    assert [p["id"] for p in listed.structured["proposals"]] == [first, second, approved]
    assert [p["status"] for p in listed.value] == ["suggested", "suggested", "approved"]
    assert [p["id"] for p in tool(db, world.me, "list_pending_proposals", limit=1).value] == [first]
    with pytest.raises(Invalid, match="limit: must be between 1 and 500"):
        tool(db, world.me, "list_pending_proposals", limit=0)


def test_todos_decisions_and_proposals_go_to_my_personal_workspace_by_default(db: Database, world: World) -> None:
    mission = run(db, world.me, "create_pilotage_mission", data={"objective": "Billing"})
    todo = tool(db, world.me, "create_todo", label="Write the tests", missionId=mission.id).value
    assert todo["status"] == "todo" and todo["missionId"] == mission.id
    changed = tool(db, world.me, "update_todo", todoId=todo["id"], status="done", missionId=None).value
    assert changed["status"] == "done" and changed["missionId"] is None and changed["label"] == "Write the tests"
    decision = tool(db, world.me, "record_decision", title="Use Stripe", impact="Three weeks saved").value
    assert decision["decidedBy"] == world.me.user_id and decision["decidedByName"] == "Me"
    proposal = tool(
        db, world.me, "propose_action", actionType="move_card", explanation="All done",
        payload={"cardId": "GS-1", "targetColumn": "Done"},
    ).value  # fmt: skip
    assert proposal["status"] == "suggested" and proposal["payload"]["targetColumn"] == "Done"
    state = run(db, world.me, "get_pilotage_state")
    assert [t.label for t in state.todos] == [] and [d.title for d in state.decisions] == ["Use Stripe"]
    # Another workspace's todo is not found from here, and a link to another workspace's mission is refused.
    team_mission = run(db, world.bob, "create_pilotage_mission", workspaceId=world.team_id, data={"objective": "Theirs"})
    with pytest.raises(Invalid, match="^missionId:"):
        tool(db, world.me, "create_todo", label="Cross-linked", missionId=team_mission.id)
    bobs = run(db, world.bob, "create_todo", workspaceId=world.team_id, data={"label": "Bob's"})
    with pytest.raises(NotFound):
        tool(db, world.me, "update_todo", todoId=bobs.id, status="done")


def test_a_bad_argument_names_the_tools_argument(db: Database, world: World) -> None:
    with pytest.raises(Invalid, match="detailLevel: Input should be 'minimal', 'standard' or 'detailed'"):
        tool(db, world.me, "get_pilotage_state", detailLevel="everything")
    with pytest.raises(Invalid, match="label: is required"):
        tool(db, world.me, "create_todo")
    with pytest.raises(Invalid, match="payload"):
        tool(db, world.me, "propose_action", actionType="move_card", explanation="x", payload={"targetColumn": "Done"})


def test_documents_are_written_read_listed_and_found_by_words(db: Database, world: World) -> None:
    spec = tool(db, world.me, "create_document", title="Billing spec", docType="spec", content="# Billing\n\nStripe first.")
    made = spec.value
    assert made["status"] == "draft" and made["contentFormat"] == "markdown" and made["workspaceId"] == world.personal_id
    child = tool(db, world.me, "create_document", title="Webhooks", parentId=made["id"], contentMarkdown="Retries").value
    tiptap = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Hello"}]}]}
    rich = tool(db, world.me, "create_document", title="Rich", content=tiptap).value
    assert rich["contentFormat"] == "tiptap_json" and rich["contentMarkdown"].strip() == "Hello"

    shown = tool(db, world.me, "get_document", document=made["id"]).value
    assert shown["contentMarkdown"].startswith("# Billing") and shown["history"] == []
    updated = tool(db, world.me, "update_document", document=made["id"], title="Billing spec v2").value
    assert updated["title"] == "Billing spec v2" and updated["content"] == "# Billing\n\nStripe first."

    listed = tool(db, world.me, "list_documents")
    assert [d["title"] for d in listed.structured["documents"]] == ["Billing spec v2", "Rich", "Webhooks"]
    assert "content" not in listed.value[0]
    assert [d["id"] for d in tool(db, world.me, "list_documents", text="stripe").value] == [made["id"]]
    assert [d["id"] for d in tool(db, world.me, "list_documents", parentId=made["id"]).value] == [child["id"]]
    assert [d["title"] for d in tool(db, world.me, "list_documents", docType="spec").value] == ["Billing spec v2"]
    # The team workspace has none, and Eve cannot read mine.
    assert tool(db, world.me, "list_documents", workspaceId=world.team_id).value == []
    with pytest.raises(NotFound):
        tool(db, world.eve, "get_document", workspaceId=world.personal_id, document=made["id"])
    with pytest.raises(NotFound):
        tool(db, world.me, "get_document", workspaceId=world.team_id, document=made["id"])
