"""Say on the board which rule changed a card: "Rule “Done cards go low”: DP-4 changed priority medium → low".

A rule's changes are ordinary card events whose actor is the rule (``actor.kind
== "automation"``, ``actor.id`` its id); the board reloads on them like on any
change. The events do not carry the rule's name, so a burst of them costs one
read of the project's rules (``list_automations``) and one notification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stellary_core.event_types import CardEvent, DomainEvent
from stellary_core.operations.refs import InProject
from stellary_core.schemas.automations import AutomationOut
from stellary_tui.widgets.card_activity import describe

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen

DELAY = 0.2  # a chain of rules commits within milliseconds: one notification for all of it
SHOWN = 4  # lines in one notification; more are counted


@dataclass(frozen=True)
class _Happening:
    type: str
    meta: dict[str, Any] = field(default_factory=dict)


def by_a_rule(event: DomainEvent | None, *, project_id: str | None) -> bool:
    """Whether ``event`` is a rule's change to a card of the project on screen."""
    return (
        isinstance(event, CardEvent)
        and event.actor.kind == "automation"
        and project_id is not None
        and event.project_id == project_id
        and event.type != "automation_notified"  # a message to one person, who finds it in their notifications
    )


def notice_line(event: DomainEvent, rule_name: str | None) -> str:
    key = event.data.get("key") or "a card"
    said = describe(_Happening(event.type, dict(event.data)))
    return f"Rule “{rule_name or 'deleted since'}”: {key} {said}"


class AutomationNotices:
    """Collects a rule's card changes on the board's project and says them in one notification."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.pending: list[CardEvent] = []

    def seen(self, event: DomainEvent | None) -> None:
        project = self.screen.project
        if not by_a_rule(event, project_id=project.id if project else None):
            return
        assert isinstance(event, CardEvent)
        if not self.pending:
            self.screen.set_timer(DELAY, self._say)
        self.pending.append(event)

    def _say(self) -> None:
        events, self.pending = self.pending, []
        if not events:
            return
        first = events[0]
        given = InProject(workspace_id=first.workspace_id, project=first.project_id)

        def named(rules: list[AutomationOut]) -> None:
            names = {rule.id: rule.name for rule in rules}
            lines = [notice_line(event, names.get(event.actor.id)) for event in events]
            more = len(lines) - SHOWN
            text = "\n".join(lines[:SHOWN]) + (f"\n… and {more} more" if more > 0 else "")
            self.screen.notify(text, title="Automation")

        self.screen.app.run_operation("list_automations", given, then=named, group="automation-notices")  # type: ignore[attr-defined]
