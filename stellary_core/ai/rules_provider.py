"""The ``rules`` provider: offline and deterministic, it reads plain imperative prompts into tool calls.

The whole prompt is read before any tool runs, so a prompt it cannot read
changes nothing. Instructions then run in order; the first step that fails
(a refused tool, an operation's error) fails the mission there, since later
instructions may count on it ("move to Done; comment: shipped"). A write the
ToolBox turns into a proposal counts as done for the instructions after it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from stellary_core import clock
from stellary_core.ai import rules_wizard
from stellary_core.ai.card_summary import summarize
from stellary_core.ai.day_phrases import due_day
from stellary_core.ai.provider import MissionContext, MissionOutcome
from stellary_core.ai.rules_prompts import Instruction, read_prompt
from stellary_core.ai.steps import Step, StepSink, ToolCallOutcome
from stellary_core.ai.toolbox import ToolBox
from stellary_core.ai.triage import triage
from stellary_core.ai.wizard import ProjectBrief, Roadmap, WizardProgress, WizardRound
from stellary_core.errors import Invalid

DAYS_UNDERSTOOD = "YYYY-MM-DD, today, tomorrow, next week or in N days"


class StepFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Run:
    """One mission's run: the card it works on, the tool calls reported as steps, what each instruction did."""

    def __init__(self, mission: MissionContext, tools: ToolBox, sink: StepSink) -> None:
        self.mission = mission
        self.tools = tools
        self.sink = sink
        self.card_id = str(mission.card["id"])
        self.key = str(mission.card.get("key") or self.card_id)
        self.project_id = str(mission.card["projectId"])
        self.done: list[str] = []

    def call(self, name: str, **arguments: Any) -> ToolCallOutcome:
        self.sink(Step("tool_call", f"{name}({', '.join(f'{k}={v!r}' for k, v in arguments.items())})", name, arguments))
        outcome = self.tools.call(name, arguments)
        self.sink(Step("result", outcome.text, name, outcome=outcome))
        if outcome.failed:
            raise StepFailed(outcome.text)
        return outcome

    def on_card(self, name: str, **arguments: Any) -> ToolCallOutcome:
        return self.call(name, card=self.card_id, project=self.project_id, **arguments)

    def write(self, said: str, name: str, **arguments: Any) -> ToolCallOutcome:
        """A write on the card; ``said`` is what it does, for the mission's result."""
        outcome = self.on_card(name, **arguments)
        self.done.append(said if outcome.kind == "result" else f"Proposed: {said[0].lower()}{said[1:]}")
        return outcome


def _move(run: _Run, order: Instruction) -> None:
    run.write(f"Moved {run.key} to {order.parts['column']}.", "move_card", column=order.parts["column"])


def _priority(run: _Run, order: Instruction) -> None:
    priority = order.parts["priority"].lower()
    run.write(f"Set the priority of {run.key} to {priority}.", "update_card", priority=priority)


def _member_email(run: _Run, who: str) -> str:
    """The email of the member of the card's workspace whose name is ``who`` (any case)."""
    project = run.call("get_project_details", project=run.project_id).value
    members = run.call("list_workspace_members", workspaceId=project["workspaceId"]).value
    named = [m for m in members if str(m.get("name", "")).lower() == who.lower()]
    if len(named) == 1:
        return str(named[0]["email"])
    if named:
        emails = ", ".join(str(m["email"]) for m in named)
        raise StepFailed(f"Several members are named {who!r}: {emails}; assign by email")
    listed = ", ".join(f"{m.get('name')} ({m.get('email')})" for m in members)
    raise StepFailed(f"No member of this workspace is named {who!r}; the members are {listed}")


def _assign(run: _Run, order: Instruction) -> None:
    who = order.parts["who"]
    if who.lower() == "me":
        if run.mission.requester is None:
            raise StepFailed("'assign to me' needs the person who started the mission, and there is none")
        email = run.mission.requester
    elif "@" in who:
        email = who
    else:
        email = _member_email(run, who)
    run.write(f"Assigned {run.key} to {email}.", "assign_card", assignee=email)


def _due(run: _Run, order: Instruction) -> None:
    day = due_day(order.parts["when"], clock.today())
    assert day is not None  # read when the prompt was (_check)
    run.write(f"Set {run.key} due on {day.isoformat()}.", "update_card", dueDate=day.isoformat())


def _label(run: _Run, order: Instruction) -> None:
    run.write(f"Labelled {run.key} {order.parts['label']}.", "add_label_to_card", label=order.parts["label"])


def _checklist(run: _Run, order: Instruction) -> None:
    for item in order.items():
        run.write(f"Added {item!r} to the checklist of {run.key}.", "add_checklist_item", title=item)


def _comment(run: _Run, order: Instruction) -> None:
    run.write(f"Commented on {run.key}.", "add_comment", content=order.parts["text"])


def _archive(run: _Run, order: Instruction) -> None:
    run.write(f"Archived {run.key}.", "update_card", archived=True)


def _summarize(run: _Run, order: Instruction) -> None:
    card = run.on_card("get_card_details").value
    comments = run.on_card("get_card_comments").value
    run.done.append(summarize(card, comments))


def _split(run: _Run, order: Instruction) -> None:
    column = str(run.on_card("get_card_details").value["columnId"])
    for title in order.items():
        made = run.call("create_card", project=run.project_id, column=column, title=title)
        if made.kind != "result":
            # A proposed card has no id yet: the relation waits for a person to make the card.
            run.done.append(f"Proposed: create {title!r} beside {run.key} (to relate to it once made).")
            run.sink(Step("log", f"{title!r} is proposed, not made: relate it to {run.key} once it exists"))
            continue
        child = made.value
        related = run.on_card("create_relation", targetCardId=child["id"], type="parent_of")
        said = f"Made {child['key']} {title!r}, a part of {run.key}."
        run.done.append(said if related.kind == "result" else f"{said} Proposed: relate it to {run.key}.")


def _triage(run: _Run, order: Instruction) -> None:
    card = run.on_card("get_card_details").value
    names: list[str] = []
    if card.get("labelIds"):
        labels = run.call("list_labels", project=run.project_id).value
        names = [str(label["name"]) for label in labels if label["id"] in card["labelIds"]]
    found = triage(card, names, clock.today())
    changes: dict[str, Any] = {"priority": found.priority}
    said = f"Triaged {run.key}: priority {found.priority}"
    # A due date someone already set is theirs to move: triage only fills one in.
    if not card.get("dueDate"):
        changes["dueDate"] = found.due.isoformat()
        said += f", due {found.due.isoformat()}"
    run.write(f"{said} ({'; '.join(found.reasons)}).", "update_card", **changes)


_HANDLERS: Mapping[str, Callable[[_Run, Instruction], None]] = {
    "move": _move, "priority": _priority, "assign": _assign, "due": _due, "label": _label, "checklist": _checklist,
    "comment": _comment, "archive": _archive, "summarize": _summarize, "split": _split, "triage": _triage,
}  # fmt: skip


def _check(instructions: list[Instruction]) -> None:
    """What reading alone cannot tell: a day that is not one."""
    for order in instructions:
        if order.verb == "due" and due_day(order.parts["when"], clock.today()) is None:
            raise Invalid.field("prompt", f"cannot read the day in {order.text!r}; use {DAYS_UNDERSTOOD}")


class RulesProvider:
    name = "rules"

    def run_mission(self, mission: MissionContext, tools: ToolBox, sink: StepSink) -> MissionOutcome:
        try:
            instructions = read_prompt(mission.prompt)
            _check(instructions)
        except Invalid as unread:
            sink(Step("log", unread.message))
            return MissionOutcome.failed(unread.message)
        sink(Step("plan", "\n".join(f"{i}. {order.text}" for i, order in enumerate(instructions, 1))))
        run = _Run(mission, tools, sink)
        for order in instructions:
            try:
                _HANDLERS[order.verb](run, order)
            except StepFailed as failed:
                return MissionOutcome.failed(f"{order.text}: {failed.message}")
        return MissionOutcome.done("\n".join(run.done))

    def next_round(self, brief: ProjectBrief, progress: WizardProgress) -> WizardRound:
        return rules_wizard.next_round(brief, progress)

    def roadmap(self, brief: ProjectBrief, answers: Mapping[str, str]) -> Roadmap:
        return rules_wizard.roadmap(brief, answers, clock.today())
