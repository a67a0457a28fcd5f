"""Running a mission on the tools world as Me, the way a mission runner will: a ToolBox, a sink, the card's JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stellary_core.ai.provider import MissionContext, MissionOutcome, Provider
from stellary_core.ai.steps import Step
from stellary_core.ai.toolbox import OperationToolBox, ProposeWrite
from stellary_core.db import Database
from stellary_core.operations import OperationRunner
from stellary_core.tools.calls import call_tool
from stellary_core.tools.catalog import TOOLS, tool_named
from tests.tools.world import World

EVERY_TOOL = tuple(tool.name for tool in TOOLS)


def tool(db: Database, world: World, name: str, **arguments: Any) -> Any:
    """A tool's JSON result as Me: how the tests read the board back."""
    found = tool_named(name)
    assert found is not None
    return call_tool(OperationRunner(db), world.me, found, arguments).value


@dataclass
class Ran:
    outcome: MissionOutcome
    steps: list[Step] = field(default_factory=list)

    def calls(self) -> list[str]:
        return [step.tool or "" for step in self.steps if step.kind == "tool_call"]

    def errors(self) -> list[str]:
        return [step.message for step in self.steps if step.outcome is not None and step.outcome.failed]


def run_mission(
    db: Database,
    world: World,
    provider: Provider,
    prompt: str,
    *,
    card: str = "BILL-1",
    tools: Sequence[str] = EVERY_TOOL,
    propose: ProposeWrite | None = None,
    requester: str | None = "me@example.com",
) -> Ran:
    box = OperationToolBox(OperationRunner(db), world.me, tools, propose=propose)
    ran = Ran(MissionOutcome.failed("not run"))
    mission = MissionContext(tool(db, world, "get_card_details", card=card), prompt, requester)
    ran.outcome = provider.run_mission(mission, box, ran.steps.append)
    return ran
