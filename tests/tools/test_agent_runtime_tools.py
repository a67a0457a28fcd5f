"""The agent runtime tools, in process: who may run an outside agent, the long poll, completing and failing.

The world's "outsider" is an outside agent of Me's personal workspace with two queued missions on GS-1.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.errors import Conflict, Forbidden, Invalid, NotFound
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.schemas.agents import AgentCreateIn
from stellary_core.services import agents
from stellary_core.tools.calls import call_tool
from stellary_core.tools.catalog import tool_named
from tests.tools.world import World


def tool(db: Database, actor: Principal, name: str, **arguments: object) -> Any:
    found = tool_named(name)
    assert found is not None, name
    return call_tool(OperationRunner(db), actor, found, arguments).value


def rules_agent(db: Database, world: World, slug: str = "ruler", **fields: Any) -> str:
    with db.session(write=True) as session:
        made = agents.create_agent(
            session, actor=world.me, workspace_id=world.personal_id, data=AgentCreateIn(name="R", slug=slug, **fields)
        )
        return made.id


def test_the_loop_takes_the_oldest_mission_first_and_one_mission_once(db: Database, world: World) -> None:
    first = tool(db, world.me, "get_next_mission", agent="outsider")["mission"]
    second = tool(db, world.me, "get_next_mission", agent="outsider")["mission"]
    assert [first["prompt"], second["prompt"]] == ["Say hello on the card", "Triage it"]
    assert first["autonomyMode"] == "supervised" and "add_comment" in first["tools"]
    started = time.monotonic()
    assert tool(db, world.me, "wait_for_mission", agent="outsider", timeoutSeconds=0.5)["mission"] is None
    assert time.monotonic() - started >= 0.5


def test_a_mission_queued_while_waiting_is_taken_by_the_wait(db: Database, world: World) -> None:
    import threading

    for _ in range(2):
        tool(db, world.me, "get_next_mission", agent="outsider")
    got: list[Any] = []
    waiter = threading.Thread(target=lambda: got.append(tool(db, world.me, "wait_for_mission", agent="outsider", timeoutSeconds=5)))
    waiter.start()
    time.sleep(0.3)
    card = tool(db, world.me, "get_card_details", card="GS-2")
    OperationRunner(db).run(
        "start_mission", world.me, {"agent": "outsider", "data": {"cardId": card["id"], "prompt": "Late one"}}
    )
    waiter.join(5)
    assert got and got[0]["mission"]["prompt"] == "Late one" and got[0]["mission"]["card"]["key"] == "GS-2"


def test_only_workspace_admins_run_an_outside_agent_and_only_an_outside_one(db: Database, world: World) -> None:
    with pytest.raises(NotFound):
        tool(db, world.bob, "get_next_mission", agent="outsider", workspaceId=world.personal_id)
    with pytest.raises(Forbidden, match="Only workspace admins can run an agent's missions"):
        # Me is a plain member of Bob's Eng.
        tool(db, world.me, "stellary_init", workspaceId=world.team_id)
    rules_agent(db, world)
    with pytest.raises(Conflict, match="run by Stellary's rules provider"):
        tool(db, world.me, "get_next_mission", agent="ruler")
    assert [a["slug"] for a in tool(db, world.me, "stellary_init")["agents"]] == ["outsider"]


def test_complete_checks_the_proposed_writes_and_only_a_running_mission_ends(db: Database, world: World) -> None:
    mission = tool(db, world.me, "get_next_mission", agent="outsider")["mission"]["id"]
    for proposals, message in (
        ([{"tool": "delete_card", "arguments": {"card": "GS-1"}}], "proposals.0.tool: 'delete_card' is not one of this agent's tools"),
        ([{"tool": "get_card_details", "arguments": {"card": "GS-1"}}], "proposals.0.tool: get_card_details only reads"),
        ([{"tool": "move_card", "arguments": {"card": "GS-1"}}], "proposals.0.arguments: column: is required"),
    ):
        with pytest.raises(Invalid, match=message):
            tool(db, world.me, "complete_mission", mission=mission, result="x", proposals=proposals)
    assert tool(db, world.me, "complete_mission", mission=mission, result="Nothing to do")["status"] == "completed"
    with pytest.raises(Conflict, match="this one is completed"):
        tool(db, world.me, "fail_mission", mission=mission, error="late")
    queued = tool(db, world.me, "get_agent_status", agent="outsider")["recent"][0]
    with pytest.raises(Conflict, match="this one is queued"):
        tool(db, world.me, "complete_mission", mission=queued["id"], result="not taken")


def test_an_autonomous_outside_agent_makes_its_writes_itself(db: Database, world: World) -> None:
    OperationRunner(db).run("update_agent", world.me, {"agent": "outsider", "data": {"autonomyMode": "autonomous"}})
    mission = tool(db, world.me, "get_next_mission", agent="outsider")["mission"]["id"]
    write = {"tool": "add_comment", "arguments": {"card": "GS-1", "content": "x"}}
    with pytest.raises(Invalid, match="proposals: an autonomous agent makes its writes itself"):
        tool(db, world.me, "complete_mission", mission=mission, result="x", proposals=[write])


def test_pending_proposals_of_pilotage_and_of_agents_are_two_lists(db: Database, world: World) -> None:
    """list_pending_proposals keeps the contract's meaning (pilotage's actions); an agent's are list_agent_proposals'."""
    mission = tool(db, world.me, "get_next_mission", agent="outsider")["mission"]["id"]
    write = {"tool": "add_comment", "arguments": {"card": "GS-1", "content": "hello"}}
    tool(db, world.me, "complete_mission", mission=mission, result="Proposed", proposals=[write])
    action = tool(db, world.me, "propose_action", actionType="note", explanation="Why")
    assert [p["id"] for p in tool(db, world.me, "list_pending_proposals")] == [action["id"]]
    assert [p["tool"] for p in tool(db, world.me, "list_agent_proposals", agent="outsider")] == ["add_comment"]
    assert tool(db, world.me, "list_agent_proposals", agent="outsider", status="approved") == []
    assert "list_agent_proposals" in (tool_named("list_pending_proposals").description)  # type: ignore[union-attr]
    assert "list_pending_proposals" in (tool_named("list_agent_proposals").description)  # type: ignore[union-attr]
