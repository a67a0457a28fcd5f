"""How a provider calls tools: only through a ToolBox, which knows the agent's tools and its mode.

A provider never runs an operation itself. The runner hands it a ToolBox; a
call to a tool outside the agent's list, or to no tool at all, is refused
there, and a write may become a proposal instead of running (supervised and
approval modes), which the provider sees as a ``proposed`` outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from stellary_core.ai.steps import ToolCallOutcome
from stellary_core.errors import Invalid, StellaryError
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.tools.calls import call_tool
from stellary_core.tools.catalog import Tool, tool_named

# Given a write tool and its arguments, records a proposal and answers a note for the provider (and the model).
ProposeWrite = Callable[[Tool, Mapping[str, Any]], str]


class ToolBox(Protocol):
    @property
    def allowed(self) -> Sequence[Tool]: ...

    def call(self, name: str, arguments: Mapping[str, Any]) -> ToolCallOutcome: ...


def tools_named(names: Iterable[str]) -> tuple[Tool, ...]:
    """The tools of ``names``, in the order given; an unknown name is a 400 naming it."""
    found: list[Tool] = []
    for name in names:
        tool = tool_named(name)
        if tool is None:
            raise Invalid.field("tools", f"{name!r} is not a tool")
        if tool not in found:
            found.append(tool)
    return tuple(found)


class OperationToolBox:
    """Runs the allowed tools through the operations as ``actor``; writes go to ``propose`` when it is given."""

    def __init__(
        self, runner: OperationRunner, actor: Principal, allowed: Iterable[str], *, propose: ProposeWrite | None = None
    ) -> None:
        self._runner = runner
        self._actor = actor
        self._allowed = tools_named(allowed)
        self._propose = propose

    @property
    def allowed(self) -> Sequence[Tool]:
        return self._allowed

    def _names(self) -> str:
        return ", ".join(tool.name for tool in self._allowed) or "none"

    def call(self, name: str, arguments: Mapping[str, Any]) -> ToolCallOutcome:
        tool = tool_named(name)
        if tool is None:
            return ToolCallOutcome.error(f"There is no tool named {name!r}; this agent's tools are: {self._names()}")
        if tool not in self._allowed:
            return ToolCallOutcome.error(f"{name} is not one of this agent's tools ({self._names()})")
        if tool.writes and self._propose is not None:
            return ToolCallOutcome.proposed(self._propose(tool, arguments))
        try:
            done = call_tool(self._runner, self._actor, tool, arguments)
        except StellaryError as error:
            return ToolCallOutcome.error(f"{name}: {error.message}")
        return ToolCallOutcome.result(done.value, done.text)
