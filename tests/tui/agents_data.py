"""Agents at work in a demo workspace, for the snapshots and the README's screenshots."""

from __future__ import annotations

from stellary_core.ai.mission_runner import worker_of
from stellary_core.db import Database
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal

# What the pictures press to give the focused card to the first agent, and the prompt it gets.
MISSION_KEYS = ("ctrl+a", *"move to Done; comment: shipped", "enter")


def seed_agents(db: Database, actor: Principal, workspace_id: str, project_id: str) -> None:
    """A supervised agent with two missions run to their end (one waits for approval), and a disabled autonomous one."""
    runner = OperationRunner(db)
    where = {"workspaceId": workspace_id}
    agent = runner.run("create_agent", actor, {**where, "data": {"name": "Release helper", "slug": "release-helper"}})
    triage = {
        "name": "Triage bot", "slug": "triage-bot", "autonomyMode": "autonomous",
        "tools": ["get_card_details", "update_card"], "enabled": False,
    }  # fmt: skip
    runner.run("create_agent", actor, {**where, "data": triage})
    cards = sorted(runner.run("get_board", actor, {**where, "project": project_id}).all_cards(), key=lambda c: c.key)
    for card, prompt in ((cards[0], "summarize"), (cards[1], "set priority high; comment: looked at it")):
        runner.run("start_mission", actor, {**where, "agent": agent.id, "data": {"cardId": card.id, "prompt": prompt}})
        assert worker_of(db).wait(), "a mission did not end"
