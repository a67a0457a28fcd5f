"""A supervised agent asked to summarize reads the card and its comments, proposes nothing, and completes."""

from __future__ import annotations

from typing import Any

from tests.api.missions_api import new_agent, new_card, start, wait_for
from tests.conftest import ApiUser


def test_a_supervised_summary_completes_with_the_summary(alice: ApiUser, project: dict[str, Any]) -> None:
    card = new_card(alice, project, title="Ship the release")
    assert alice.post(f"{project['path']}/cards/{card['id']}/comments", json={"content": "Waiting on QA"}).status_code == 201
    agent = new_agent(alice, autonomyMode="supervised", tools=["get_card_details", "get_card_comments"])
    mission = start(alice, agent["id"], card["id"], "summarize")
    done = wait_for(alice, mission["id"])
    assert done["status"] == "completed", done
    assert "Ship the release" in done["result"]
