"""The interface of an AI provider: run a mission through a ToolBox, and serve the project wizard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from stellary_core.ai.steps import StepSink
from stellary_core.ai.toolbox import ToolBox
from stellary_core.ai.wizard import Wizard


@dataclass(frozen=True)
class MissionContext:
    """What a mission is about: the card as get_card_details returns it, and what the person asked.

    The tools the agent may use are the ToolBox's (``ToolBox.allowed``), so there is one list to trust.
    ``requester`` is the email of the person who started the mission: who "me" is in a prompt.
    """

    card: Mapping[str, Any]
    prompt: str
    requester: str | None = None


@dataclass(frozen=True)
class MissionOutcome:
    """How a mission ended: completed with a result text, or failed with a message for the person."""

    completed: bool
    result: str | None = None
    error: str | None = None

    @classmethod
    def done(cls, result: str) -> MissionOutcome:
        return cls(True, result=result)

    @classmethod
    def failed(cls, error: str) -> MissionOutcome:
        return cls(False, error=error)


class Provider(Wizard, Protocol):
    name: str

    def run_mission(self, mission: MissionContext, tools: ToolBox, sink: StepSink) -> MissionOutcome:
        """Plan and call tools step by step, reporting each step to ``sink``; never raises for a failed step."""
        ...
