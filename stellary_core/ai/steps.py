"""What a provider reports while it works on a mission, and what a tool call came to."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

StepKind = Literal["plan", "log", "tool_call", "result"]
OutcomeKind = Literal["result", "proposed", "error"]


@dataclass(frozen=True)
class ToolCallOutcome:
    """A tool call ran (``value`` is its JSON result), became a proposal, or failed (``text`` says why)."""

    kind: OutcomeKind
    text: str
    value: Any = None

    @classmethod
    def result(cls, value: Any, text: str) -> ToolCallOutcome:
        return cls("result", text, value)

    @classmethod
    def proposed(cls, note: str) -> ToolCallOutcome:
        return cls("proposed", note)

    @classmethod
    def error(cls, message: str) -> ToolCallOutcome:
        return cls("error", message)

    @property
    def failed(self) -> bool:
        return self.kind == "error"


@dataclass(frozen=True)
class Step:
    """One thing a provider did: a plan, a log line, a tool call, or the outcome of that call."""

    kind: StepKind
    message: str
    tool: str | None = None
    arguments: Mapping[str, Any] = field(default_factory=dict)
    outcome: ToolCallOutcome | None = None

    def as_json(self) -> dict[str, Any]:
        """The step as plain JSON data: what a mission stores and streams."""
        data: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.tool is not None:
            data["tool"] = self.tool
        if self.kind == "tool_call":
            data["arguments"] = dict(self.arguments)
        if self.outcome is not None:
            data["outcome"] = self.outcome.kind
            if self.outcome.kind == "result":
                data["value"] = self.outcome.value
        return data


# The runner's: it stores and streams each step as the provider reports it.
StepSink = Callable[[Step], None]
