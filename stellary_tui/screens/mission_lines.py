"""A mission's steps and proposals in words, for the mission panel and the Agents screen.

The stored steps name cards and projects by id (what the tools were given);
a person reads the card's key, so the mission's own card and project are
written by name here, and nothing shows a raw id of the mission's card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from stellary_core.schemas.agents import MissionSummaryOut, ProposalOut, StepOut

STATUS_WORDS = {
    "queued": "queued",
    "running": "running",
    "awaiting_approval": "awaiting approval",
    "completed": "completed",
    "failed": "failed",
    "cancelled": "cancelled",
}
ACTIVE = ("queued", "running", "awaiting_approval")  # what cancel still stops
WORKING = ("queued", "running")  # steps may come at any moment: the panel polls for them
VALUE_MAX = 60  # characters of an argument's value shown in a line


@dataclass(frozen=True)
class CardLabel:
    """The card a mission works on, as a person names it."""

    id: str
    key: str
    title: str
    project_id: str = ""

    @property
    def text(self) -> str:
        return f"{self.key} “{self.title}”" if self.key else "a card"


def status_text(status: str) -> str:
    return STATUS_WORDS.get(status, status.replace("_", " "))


def _value(value: Any, limit: int = VALUE_MAX) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def call_text(tool: str, arguments: Mapping[str, Any] | None, card: CardLabel | None) -> str:
    """``move_card column=Done``: the mission's card and project are understood, the rest is shown."""
    shown = []
    for name, value in (arguments or {}).items():
        if card is not None and name == "project" and value == card.project_id:
            continue
        if card is not None and name in ("card", "cardId") and value == card.id:
            continue
        shown.append(f"{name}={_value(value)}")
    return " ".join([tool, *shown])


def _seconds(at: datetime, start: datetime) -> str:
    return f"{max((at - start).total_seconds(), 0.0):5.1f}s"


def step_text(step: StepOut, card: CardLabel | None) -> str | None:
    """One step as a line of the log; None for what another line already says."""
    if step.kind == "status":
        said = f"status: {status_text(step.status or '')}"
        return f"{said} · {step.message}" if step.message else said
    if step.kind == "plan":
        return "plan: " + " · ".join(line.strip() for line in (step.message or "").splitlines() if line.strip())
    if step.kind == "tool_call":
        return "call " + call_text(step.tool or "?", step.arguments, card)
    if step.kind == "proposal":
        if step.status == "pending":
            return "  ↳ proposed, waits for approval"
        decided = f"{step.status}: " + call_text(step.tool or "?", step.arguments, card)
        # An approval's message repeats what it says; a rejection's is its reason.
        return f"{decided} · {step.message}" if step.status == "rejected" and step.message else decided
    if step.kind == "result":
        if step.outcome == "proposed":
            return None  # the proposal step said it
        if step.outcome == "error":
            return f"  ↳ failed: {step.message or ''}"
        return f"  ↳ done{': ' + _value(step.message) if step.message else ''}"
    return step.message or step.kind


def log_lines(steps: list[StepOut], start: datetime, card: CardLabel | None) -> list[tuple[str, str, str]]:
    """(seconds since the mission was created, kind, text) for each step worth a line."""
    lines: list[tuple[str, str, str]] = []
    for step in steps:
        text = step_text(step, card)
        if text is not None:
            lines.append((_seconds(step.at, start), step.kind, text))
    return lines


def proposal_text(proposal: ProposalOut, card: CardLabel | None) -> str:
    return call_text(proposal.tool, proposal.arguments, card)


def decision_text(proposal: ProposalOut) -> str:
    """What became of it: waiting (with the last failure, if any), or the decision and its reason."""
    if proposal.status == "pending":
        return f"failed, still pending: {proposal.error}" if proposal.error else "waits for you: y approve · x reject"
    if proposal.status == "rejected":
        return f"rejected: {proposal.reason}" if proposal.reason else "rejected"
    return "approved, done"


def pending_count(proposals: list[ProposalOut]) -> int:
    return sum(1 for p in proposals if p.status == "pending")


def mission_gist(mission: MissionSummaryOut, limit: int) -> tuple[str, str]:
    """The prompt and what came of it (result or error), each on one line of at most ``limit`` characters."""
    return _value(mission.prompt, limit), _value(mission.error or mission.result or "", limit)
