"""The ToolBox: the only door from a provider to the operations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from stellary_core.ai.toolbox import OperationToolBox, tools_named
from stellary_core.db import Database
from stellary_core.errors import Invalid
from stellary_core.operations import OperationRunner
from stellary_core.tools.catalog import Tool
from tests.ai.missions import tool
from tests.tools.world import World, build_world


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def test_an_allowed_tool_runs_and_answers_its_json(db: Database, world: World) -> None:
    box = OperationToolBox(OperationRunner(db), world.me, ["get_card_details", "move_card"])
    assert [t.name for t in box.allowed] == ["get_card_details", "move_card"]
    moved = box.call("move_card", {"card": "BILL-1", "column": "done"})
    assert moved.kind == "result" and moved.value["status"] == "done" and "BILL-1" in moved.text
    assert tool(db, world, "get_card_details", card="BILL-1")["status"] == "done"


def test_a_tool_outside_the_list_is_refused_and_changes_nothing(db: Database, world: World) -> None:
    box = OperationToolBox(OperationRunner(db), world.me, ["get_card_details"])
    refused = box.call("move_card", {"card": "BILL-1", "column": "done"})
    assert refused.kind == "error"
    assert refused.text == "move_card is not one of this agent's tools (get_card_details)"
    assert tool(db, world, "get_card_details", card="BILL-1")["status"] == "todo"


def test_a_name_that_is_no_tool_is_refused_with_the_agents_tools(db: Database, world: World) -> None:
    box = OperationToolBox(OperationRunner(db), world.me, ["get_card_details", "add_comment"])
    refused = box.call("delete_everything", {})
    assert refused.failed and "no tool named 'delete_everything'" in refused.text
    assert "get_card_details, add_comment" in refused.text


def test_an_operations_error_is_the_steps_error_with_the_rest_message(db: Database, world: World) -> None:
    box = OperationToolBox(OperationRunner(db), world.me, ["move_card"])
    failed = box.call("move_card", {"card": "BILL-1", "column": "Doing"})
    assert failed.failed and failed.text.startswith("move_card: Column not found")
    assert box.call("move_card", {"card": "SECR-1", "column": "Done"}).text == "move_card: Card not found"


def test_writes_become_proposals_when_the_runner_asks_and_reads_still_run(db: Database, world: World) -> None:
    proposed: list[tuple[str, Mapping[str, Any]]] = []

    def propose(write: Tool, arguments: Mapping[str, Any]) -> str:
        proposed.append((write.name, dict(arguments)))
        return f"proposal {len(proposed)}"

    box = OperationToolBox(OperationRunner(db), world.me, ["move_card", "get_card_details"], propose=propose)
    outcome = box.call("move_card", {"card": "BILL-1", "column": "Done"})
    assert (outcome.kind, outcome.text) == ("proposed", "proposal 1")
    assert proposed == [("move_card", {"card": "BILL-1", "column": "Done"})]
    assert box.call("get_card_details", {"card": "BILL-1"}).value["status"] == "todo"
    # Refused tools are refused before anything is proposed.
    assert box.call("add_comment", {"card": "BILL-1", "content": "x"}).failed and len(proposed) == 1


def test_an_unknown_tool_name_in_an_agents_list_is_a_400() -> None:
    with pytest.raises(Invalid, match="tools: 'rm_rf' is not a tool"):
        tools_named(["move_card", "rm_rf"])
