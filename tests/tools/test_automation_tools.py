"""The automation tools over MCP's path (call_tool): create, list, toggle and read traces, by project name."""

from __future__ import annotations

import pytest

from stellary_core.db import Database
from stellary_core.errors import Invalid, NotFound
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.tools.calls import ToolResult, call_tool
from stellary_core.tools.catalog import tool_named
from tests.tools.world import World


def tool(db: Database, actor: Principal, tool_name: str, **arguments: object) -> ToolResult:
    found = tool_named(tool_name)
    assert found is not None, tool_name
    return call_tool(OperationRunner(db), actor, found, arguments)


def test_a_rule_made_by_a_tool_runs_and_its_traces_are_read_by_a_tool(db: Database, world: World) -> None:
    made = tool(
        db, world.me, "create_automation", project="Billing", trigger="task_created",
        conditions={"all": [{"field": "title", "op": "contains", "value": "urgent"}]},
        action={"type": "set_priority", "priority": "high"}, name="Urgent is high",
    ).value
    assert made["name"] == "Urgent is high" and made["enabled"] is True
    listed = tool(db, world.me, "list_automations", project="Billing")
    assert [r["id"] for r in listed.structured["automations"]] == [made["id"]]
    card = tool(db, world.me, "create_card", project="Billing", title="Urgent: fix login", priority="low").value
    assert tool(db, world.me, "get_card_details", card=card["key"]).value["priority"] == "high"
    traces = tool(db, world.me, "get_automation_traces", project="Billing", rule=made["id"], limit=5)
    assert [(t["cardId"], t["result"]) for t in traces.structured["traces"]] == [(card["id"], "success")]
    assert tool(db, world.me, "toggle_automation", project="Billing", rule=made["id"]).value["enabled"] is False


def test_a_bad_action_names_the_argument_and_a_stranger_sees_nothing(db: Database, world: World) -> None:
    with pytest.raises(Invalid, match=r"^action\.columnId: "):
        tool(db, world.me, "create_automation", project="Billing", trigger="task_moved", action={"type": "move_card"})
    with pytest.raises(NotFound):
        tool(db, world.eve, "list_automations", project=world.billing)
