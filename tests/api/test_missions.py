"""Missions and proposals over REST with the offline rules provider: each mode's lifecycle and every rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stellary_core.ai.mission_runner import worker_of
from stellary_core.db import Database
from tests.api.missions_api import in_workspace_of, new_agent, new_card, start, wait_for
from tests.conftest import ApiUser


@pytest.fixture(autouse=True)
def missions_finish(db: Database) -> Iterator[None]:
    yield
    assert worker_of(db).wait(10)


def card_of(user: ApiUser, project: dict[str, Any], card_id: str) -> dict[str, Any]:
    body: dict[str, Any] = user.get(f"{project['path']}/cards/{card_id}").json()
    return body


def comments(user: ApiUser, project: dict[str, Any], card_id: str) -> list[str]:
    return [c["content"] for c in user.get(f"{project['path']}/cards/{card_id}/comments").json()]


def kinds(mission: dict[str, Any]) -> list[str]:
    return [s["kind"] if s["kind"] != "status" else f"status:{s['status']}" for s in mission["steps"]]


def test_supervised_move_and_comment_become_two_proposals_and_approving_both_does_them(
    alice: ApiUser, project: dict[str, Any]
) -> None:
    """The issue's "done when": a supervised agent proposes both, the person approves, the board shows them."""
    agent = new_agent(alice)
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, agent["id"], card["id"], "move to Done; comment: shipped")["id"])
    assert mission["status"] == "awaiting_approval"
    assert [(p["tool"], p["status"]) for p in mission["proposals"]] == [("move_card", "pending"), ("add_comment", "pending")]
    assert card_of(alice, project, card["id"])["status"] == "todo" and comments(alice, project, card["id"]) == []
    assert kinds(mission) == [
        "status:queued", "status:running", "plan", "tool_call", "proposal", "result", "tool_call", "proposal",
        "result", "status:awaiting_approval",
    ]
    assert mission["startedAt"] and mission["finishedAt"] is None
    M = f"{alice.ws_path}/missions/{mission['id']}"
    assert alice.get(f"{M}/proposals").json() == mission["proposals"]
    first, second = mission["proposals"]
    approved = alice.post(f"{alice.ws_path}/proposals/{first['id']}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["decidedBy"] == alice.id
    assert approved.json()["result"]["status"] == "done"
    assert alice.get(M).json()["status"] == "awaiting_approval"  # one still pending
    assert alice.post(f"{alice.ws_path}/proposals/{second['id']}/approve").status_code == 200
    done = alice.get(M).json()
    assert done["status"] == "completed" and done["finishedAt"]
    assert card_of(alice, project, card["id"])["status"] == "done"
    assert comments(alice, project, card["id"]) == ["shipped"]
    # Deciding twice is a 409.
    again = alice.post(f"{alice.ws_path}/proposals/{first['id']}/approve")
    assert again.status_code == 409 and again.json()["message"] == "This proposal is already approved"


def test_autonomous_runs_everything_and_completes(alice: ApiUser, project: dict[str, Any]) -> None:
    agent = new_agent(alice, autonomyMode="autonomous")
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, agent["id"], card["id"], "move to Done; comment: shipped")["id"])
    assert mission["status"] == "completed" and mission["proposals"] == []
    assert mission["result"].splitlines()[0].startswith("Moved ")
    assert card_of(alice, project, card["id"])["status"] == "done" and comments(alice, project, card["id"]) == ["shipped"]


def test_approval_mode_collects_one_batch_decided_once_the_agent_has_finished(
    alice: ApiUser, project: dict[str, Any]
) -> None:
    agent = new_agent(alice, autonomyMode="approval")
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, agent["id"], card["id"], "set priority high; assign to Nobody; comment: ok")["id"])
    # Finding the assignee failed (a read): the mission fails and the batch so far is rejected with it.
    assert mission["status"] == "failed" and "No member of this workspace is named 'Nobody'" in mission["error"]
    assert {p["status"] for p in mission["proposals"]} == {"rejected"}
    assert mission["proposals"][0]["reason"] == "The mission failed" and mission["proposals"][0]["decidedBy"] is None
    ok = wait_for(alice, start(alice, agent["id"], card["id"], "set priority high; comment: ok; archive")["id"])
    assert ok["status"] == "awaiting_approval" and len(ok["proposals"]) == 3
    rejected = alice.post(f"{alice.ws_path}/proposals/{ok['proposals'][2]['id']}/reject", json={"reason": "keep it"})
    assert rejected.status_code == 200 and rejected.json()["reason"] == "keep it"
    for proposal in ok["proposals"][:2]:
        assert alice.post(f"{alice.ws_path}/proposals/{proposal['id']}/approve").status_code == 200
    final = alice.get(f"{alice.ws_path}/missions/{ok['id']}").json()
    assert final["status"] == "completed"
    shown = card_of(alice, project, card["id"])
    assert shown["priority"] == "high" and shown["archived"] is False and comments(alice, project, card["id"]) == ["ok"]


def test_an_approval_mode_proposal_cannot_be_decided_while_the_batch_is_collected(
    db: Database, alice: ApiUser, project: dict[str, Any]
) -> None:
    from stellary_core.models import AgentMission, AgentProposal
    from stellary_core.services import agent_proposals

    agent = new_agent(alice, "batcher", autonomyMode="approval", provider="external")
    card = new_card(alice, project)
    mission = start(alice, agent["id"], card["id"], "anything")
    with db.session(write=True) as session:  # an outside agent's mission, running, with one write proposed so far
        found = session.get(AgentMission, mission["id"])
        assert found is not None
        found.status = "running"
        proposal = agent_proposals.propose(session, found, "move_card", {"card": card["id"], "column": "Done"})
        proposal_id = proposal.id
        assert isinstance(proposal, AgentProposal)
    early = alice.post(f"{alice.ws_path}/proposals/{proposal_id}/approve")
    assert early.status_code == 409 and "one batch" in early.json()["message"]


def test_a_tool_outside_the_whitelist_fails_that_step_and_the_mission(alice: ApiUser, project: dict[str, Any]) -> None:
    agent = new_agent(alice, autonomyMode="autonomous", tools=["get_card_details", "add_comment"])
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, agent["id"], card["id"], "comment: first; move to Done")["id"])
    assert mission["status"] == "failed"
    assert mission["error"] == "move to Done: move_card is not one of this agent's tools (get_card_details, add_comment)"
    failed = [s for s in mission["steps"] if s.get("outcome") == "error"]
    assert len(failed) == 1 and failed[0]["tool"] == "move_card"
    assert comments(alice, project, card["id"]) == ["first"] and card_of(alice, project, card["id"])["status"] == "todo"


def test_a_prompt_the_rules_cannot_read_fails_with_what_they_understand(alice: ApiUser, project: dict[str, Any]) -> None:
    agent = new_agent(alice)
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, agent["id"], card["id"], "make it better")["id"])
    assert mission["status"] == "failed" and "move to <column>" in mission["error"]


def test_missions_beyond_the_agents_rate_are_a_429_and_tool_calls_beyond_it_fail_their_step(
    alice: ApiUser, project: dict[str, Any]
) -> None:
    agent = new_agent(alice, autonomyMode="autonomous", rateLimits={"perMinute": 2, "perHour": 100})
    card = new_card(alice, project)
    first = wait_for(alice, start(alice, agent["id"], card["id"], "comment: one")["id"])
    assert first["status"] == "completed"
    # Two tool calls a minute: the second mission's second call is the third of the minute.
    second = wait_for(alice, start(alice, agent["id"], card["id"], "comment: two; comment: three")["id"])
    assert second["status"] == "failed" and "Rate limit: this agent may make 2 tool calls per minute" in second["error"]
    assert comments(alice, project, card["id"]) == ["one", "two"]
    refused = alice.post(f"{alice.ws_path}/agents/{agent['id']}/missions", json={"cardId": card["id"], "prompt": "archive"})
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert refused.json()["message"] == "Agent 'helper' may start 2 missions per minute; try again later"


def test_mission_bodies_and_ids_are_checked(alice: ApiUser, project: dict[str, Any]) -> None:
    agent = new_agent(alice)
    card = new_card(alice, project)
    A = f"{alice.ws_path}/agents/{agent['id']}/missions"
    assert alice.post(A, json={"cardId": "nope", "prompt": "archive"}).json()["details"][0]["field"] == "cardId"
    assert alice.post(A, json={"cardId": card["id"], "prompt": ""}).status_code == 400
    assert alice.post(A, json={"cardId": card["id"], "prompt": "x", "status": "running"}).status_code == 400
    gone = alice.post(A, json={"cardId": "665f1a2b3c4d5e6f7a8b9c0d", "prompt": "archive"})
    assert gone.status_code == 404 and gone.json()["message"] == "Card not found"
    assert alice.post(f"{alice.ws_path}/agents/665f1a2b3c4d5e6f7a8b9c0d/missions", json={"cardId": card["id"], "prompt": "x"}).status_code == 404
    assert alice.get(f"{alice.ws_path}/missions/not-an-id").status_code == 404
    assert alice.post(f"{alice.ws_path}/proposals/665f1a2b3c4d5e6f7a8b9c0d/approve").status_code == 404
    assert alice.get(f"{A}?limit=0").status_code == 400 and alice.get(f"{A}?limit=501").status_code == 400
    disabled = alice.patch(f"{alice.ws_path}/agents/{agent['id']}", json={"enabled": False})
    assert disabled.status_code == 200
    refused = alice.post(A, json={"cardId": card["id"], "prompt": "archive"})
    assert refused.status_code == 409 and "disabled" in refused.json()["message"]


def test_missions_are_listed_newest_first_with_a_limit(alice: ApiUser, project: dict[str, Any]) -> None:
    agent = new_agent(alice, autonomyMode="autonomous")
    card = new_card(alice, project)
    made = [wait_for(alice, start(alice, agent["id"], card["id"], f"comment: {n}")["id"])["id"] for n in range(3)]
    A = f"{alice.ws_path}/agents/{agent['slug']}/missions"
    assert [m["id"] for m in alice.get(A).json()] == made[::-1]
    assert [m["id"] for m in alice.get(f"{A}?limit=2").json()] == made[:0:-1]
    assert "steps" not in alice.get(A).json()[0]


def test_cancel_rejects_pending_proposals_and_an_ended_mission_cannot_be_cancelled(
    alice: ApiUser, project: dict[str, Any]
) -> None:
    agent = new_agent(alice)
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, agent["id"], card["id"], "archive")["id"])
    M = f"{alice.ws_path}/missions/{mission['id']}"
    cancelled = alice.post(f"{M}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    body = cancelled.json()
    assert body["status"] == "cancelled" and body["finishedAt"]
    assert [(p["status"], p["reason"], p["decidedBy"]) for p in body["proposals"]] == [
        ("rejected", "The mission was cancelled", alice.id)
    ]
    again = alice.post(f"{M}/cancel")
    assert again.status_code == 409 and again.json()["message"].endswith("this one is cancelled")
    late = alice.post(f"{alice.ws_path}/proposals/{body['proposals'][0]['id']}/approve")
    assert late.status_code == 409
    assert card_of(alice, project, card["id"])["archived"] is False


def test_a_running_mission_cancelled_makes_no_more_tool_calls(db: Database, alice: ApiUser, project: dict[str, Any]) -> None:
    from stellary_core.ai.mission_runner import MissionRun
    from stellary_core.services import agent_missions

    agent = new_agent(alice, "slowpoke", autonomyMode="autonomous", provider="external")
    card = new_card(alice, project)
    mission = start(alice, agent["id"], card["id"], "comment: never")
    run = MissionRun(db, mission["id"], "test")
    run.per_minute = run.per_hour = 100
    run.agent_id = agent["id"]
    with db.session(write=True) as session:
        found = agent_missions.mission_of_workspace(session, agent["workspaceId"], mission["id"])
        assert agent_missions.claim(session, found, "test")
    assert run.refusal() is None
    assert alice.post(f"{alice.ws_path}/missions/{mission['id']}/cancel").status_code == 200
    assert run.refusal() == "The mission is cancelled: no more tool calls"


def test_who_decides_proposals_and_who_cancels(client: Any, alice: ApiUser, bob: ApiUser, project: dict[str, Any]) -> None:
    from tests.conftest import register

    agent = new_agent(alice)
    card = new_card(alice, project)
    viewer = in_workspace_of(alice, bob)
    carol = in_workspace_of(alice, register(client, "carol@example.com", "Carol"), pilotage_role="reviewer")
    # Any member starts a mission on a card they can see.
    theirs = wait_for(viewer, start(viewer, agent["id"], card["id"], "archive; comment: bye")["id"])
    alices = wait_for(alice, start(alice, agent["id"], card["id"], "comment: mine")["id"])
    # A pilotage viewer may decide the proposals of their own mission, not of another's.
    refused = viewer.post(f"{viewer.ws_path}/proposals/{alices['proposals'][0]['id']}/approve")
    assert refused.status_code == 403 and "requester" in refused.json()["message"]
    assert viewer.post(f"{viewer.ws_path}/proposals/{alices['proposals'][0]['id']}/reject", json={}).status_code == 403
    assert viewer.post(f"{viewer.ws_path}/missions/{alices['id']}/cancel").status_code == 403
    assert viewer.post(f"{viewer.ws_path}/proposals/{theirs['proposals'][1]['id']}/approve").status_code == 200
    # A pilotage reviewer decides anyone's.
    assert carol.post(f"{carol.ws_path}/proposals/{theirs['proposals'][0]['id']}/reject", json={"reason": "no"}).status_code == 200
    assert viewer.get(f"{viewer.ws_path}/missions/{theirs['id']}").json()["status"] == "completed"
    assert comments(alice, project, card["id"]) == ["bye"]
    # The workspace admin may cancel another's mission.
    assert alice.post(f"{alice.ws_path}/missions/{alices['id']}/cancel").status_code == 200


def test_an_approved_action_that_fails_changes_nothing_and_stays_pending(alice: ApiUser, project: dict[str, Any]) -> None:
    agent = new_agent(alice)
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, agent["id"], card["id"], "move to Done")["id"])
    proposal = mission["proposals"][0]
    renamed = alice.patch(f"{project['path']}/columns/{project['columns'][-1]['id']}", json={"name": "Shipped"})
    assert renamed.status_code == 200, renamed.text
    failed = alice.post(f"{alice.ws_path}/proposals/{proposal['id']}/approve")
    assert failed.status_code == 409 and "the proposal stays pending" in failed.json()["message"]
    after = alice.get(f"{alice.ws_path}/missions/{mission['id']}").json()
    assert after["proposals"][0]["status"] == "pending" and "Column not found" in after["proposals"][0]["error"]
    assert after["steps"][-1]["kind"] == "log" and card_of(alice, project, card["id"])["status"] == "todo"


def test_the_requester_is_notified_when_the_mission_awaits_approval_and_when_it_ends(
    alice: ApiUser, bob: ApiUser, project: dict[str, Any]
) -> None:
    agent = new_agent(alice)
    card = new_card(alice, project)
    member = in_workspace_of(alice, bob)
    mission = wait_for(member, start(member, agent["id"], card["id"], "comment: hello")["id"])
    types = [n["activity"]["type"] for n in bob.get("/notifications").json()]
    assert "mission_awaiting_approval" in types
    # alice approves: bob hears that it ended; alice, who acted, is not told of her own approval.
    assert alice.post(f"{alice.ws_path}/proposals/{mission['proposals'][0]['id']}/approve").status_code == 200
    notes = bob.get("/notifications").json()
    ended = [n for n in notes if n["activity"]["type"] == "mission_ended"]
    assert len(ended) == 1 and ended[0]["activity"]["meta"]["status"] == "completed"
    assert not [n for n in alice.get("/notifications").json() if n["activity"]["type"].startswith("mission_")]
