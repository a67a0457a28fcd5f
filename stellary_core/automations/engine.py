"""The automation engine: card events in, matching rules' actions out, a trace for every run.

It is a *settled* subscriber (``events.EventBus.subscribe_settled``): it sees a
unit of work's events once that has committed and let go of the database, on
the thread that made it, so the request that triggered a rule answers after
the rule ran, and a chain of rules runs one level after another, never nested.

Per event: the triggers it stands for (``triggers_of``), then one query for the
project's enabled rules of those triggers; most events stop there. The card's
facts (priority, labels, fields...) are read once for all those rules. Each
matching rule's action runs through the operations layer (``run_automation``)
in its own transaction, as a principal of kind ``automation`` named by the rule
and acting for the person who triggered it; a failing action rolls back and
``record_automation_failure`` writes why. An event ``MAX_DEPTH`` levels down an
automation chain runs nothing: its matching rules get a failure trace saying so.
A ``due_date_reached`` run also claims its (rule, card, due date) firing in that
same transaction (``due_dates.py`` tells why); a rule whose conditions do not
hold for the card is recorded as fired with nothing to run.
"""

from __future__ import annotations

import logging
import weakref
from datetime import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Exists, exists, select
from sqlalchemy.orm import Session

from stellary_core.automations.conditions import holds
from stellary_core.errors import Busy, StellaryError
from stellary_core.event_types import CardEvent, DomainEvent
from stellary_core.clock import iso_z, to_utc_naive
from stellary_core.models import AutomationRule, Card, CardFieldValue, CardLabel, DueDateFiring
from stellary_core.principal import Principal

if TYPE_CHECKING:
    from stellary_core.db import Database

log = logging.getLogger(__name__)

# Contract section 7: a rule's own action never triggers rules more than 3 levels deep.
MAX_DEPTH = 3


def triggers_of(event: DomainEvent) -> tuple[str, ...]:
    """The rule triggers a card event stands for (none for most events)."""
    kind, data = event.type, event.data
    if kind == "card_created":
        entered = bool(data.get("imported") or data.get("bulk"))
        return ("task_created", "task_added_to_board") if entered else ("task_created",)
    if kind == "card_moved":
        to_project = data.get("toProjectId")
        if to_project is not None and to_project != event.project_id:
            return ()  # the project a card left: nothing happens to a card of it any more
        found = ["task_moved"]
        if data.get("fromStatus") != data.get("toStatus"):
            found.append("task_status_changed")
        if data.get("fromScopeId") is not None and data.get("fromScopeId") != data.get("toScopeId"):
            found.append("task_added_to_board")
        return tuple(found)
    if kind == "card_updated":
        fields = data.get("fields") or ()
        found = []
        if "status" in fields:
            found.append("task_status_changed")
        if data.get("checklistCompleted"):
            found.append("checklist_complete")
        return tuple(found)
    if kind == "card_assigned":
        return ("task_assigned",) if data.get("assigneeId") else ()
    if kind == "due_date_reached":
        return ("due_date_reached",)
    return ()


def event_record(event: DomainEvent) -> dict[str, Any]:
    """The causing event as a trace keeps it: type, id, depth, cause and what it said."""
    return {
        "type": event.type,
        "id": event.id,
        "at": iso_z(event.at),
        "depth": event.depth,
        "cause": event.cause,
        "actor": {"kind": event.actor.kind, "id": event.actor.id, "userId": event.actor.user_id},
        # The data as the activity log keeps it (JSON already); a card edit's old and new values stay there.
        **{key: value for key, value in event.data.items() if key != "changes"},
    }


@dataclass(frozen=True)
class Match:
    rule_id: str
    trigger: str
    on_behalf_of: str | None  # whom the rule acts for: the triggering person (a due date: the rule's author)


def _facts(session: Session, card: Card, event: DomainEvent) -> dict[str, Any]:
    """What conditions compare: the card as it is now, and the columns of the move that caused the event."""
    label_ids = list(session.scalars(select(CardLabel.label_id).where(CardLabel.card_id == card.id)))
    rows = session.execute(select(CardFieldValue.field_id, CardFieldValue.value).where(CardFieldValue.card_id == card.id))
    values = {field_id: value for field_id, value in rows}
    return {
        "priority": card.priority,
        "labelIds": label_ids,
        "assigneeId": card.assignee_id,
        "columnId": card.column_id,
        "fromColumnId": event.data.get("fromColumnId"),
        "toColumnId": event.data.get("toColumnId"),
        "status": card.status,
        "title": card.title,
        "customFields": values,
    }


_RULES = (
    select(
        AutomationRule.id,
        AutomationRule.trigger,
        AutomationRule.conditions,
        AutomationRule.created_by,
    )
    .where(AutomationRule.enabled.is_(True))
    .order_by(AutomationRule.created_at, AutomationRule.id)
)


class AutomationEngine:
    """Runs the rules of one database's projects in answer to its card events."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def handle(self, events: Iterable[DomainEvent]) -> None:
        for event in events:
            if not isinstance(event, CardEvent):
                continue
            triggers = triggers_of(event)
            if not triggers:
                continue
            try:
                self.answer(event, triggers)
            except Exception:  # one event's trouble must not keep the next from its rules
                log.exception("automations failed for %s", event.type)

    def matches(self, event: CardEvent, triggers: tuple[str, ...], due: datetime | None = None) -> list[Match]:
        """The enabled rules of the event's project that it triggers and whose conditions hold (one read)."""
        return self._sort(event, triggers, due)[0]

    def _sort(self, event: CardEvent, triggers: tuple[str, ...], due: datetime | None) -> tuple[list[Match], list[str]]:
        """The rules to run (conditions hold), and for a due date the ids of those whose conditions do not."""
        query = _RULES.where(AutomationRule.project_id == event.project_id, AutomationRule.trigger.in_(triggers))
        if due is not None:
            # A due date that passed before the rule existed is not the rule's to fire, nor one it fired already.
            query = query.where(AutomationRule.created_at <= due, ~_fired(event.card_id, due))
        with self.db.session() as session:
            rules = session.execute(query).all()
            if not rules:
                return [], []
            card = session.get(Card, event.card_id)
            if card is None or card.project_id != event.project_id:
                return [], []
            facts = _facts(session, card, event)
        held: list[Match] = []
        unheld: list[str] = []
        for rule_id, trigger, conditions, created_by in rules:
            if holds(conditions or {}, facts):
                held.append(Match(rule_id, trigger, created_by if due is not None else event.actor.user_id))
            else:
                unheld.append(rule_id)
        return held, unheld

    def answer(self, event: CardEvent, triggers: tuple[str, ...], due: datetime | None = None) -> int:
        """Run the rules ``event`` triggers; returns how many ran (each wrote a trace).

        ``due``: the card's due date a ``due_date_reached`` event fires (read from the
        event when not given). Each rule's run claims its firing in its own transaction;
        the rules whose conditions do not hold are recorded as fired with nothing to run.
        """
        if due is None and event.type == "due_date_reached":
            due = to_utc_naive(datetime.fromisoformat(str(event.data["dueDate"]).replace("Z", "+00:00")))
        found, unheld = self._sort(event, triggers, due)
        if unheld and due is not None:
            self._record_unheld(event.card_id, due, unheld)
        if not found:
            return 0
        from stellary_core.operations.catalog.automations import RuleFailure, RuleRun, record_automation_failure, run_automation
        from stellary_core.operations.runner import OperationRunner

        runner = OperationRunner(self.db)
        record = event_record(event)
        ran = 0
        for match in found:
            actor = Principal(user_id=match.on_behalf_of or "", kind="automation", token_id=match.rule_id)
            run = RuleRun(rule_id=match.rule_id, card_id=event.card_id, trigger=match.trigger, event=record, due_date=due)
            error: str | None = None
            if match.on_behalf_of is None:
                error = "Nobody to act for: the rule's author has left"
            elif event.depth >= MAX_DEPTH:
                error = (
                    f"Stopped: the event was caused by automations {event.depth} levels deep, and rules answer "
                    f"at most {MAX_DEPTH} levels of their own changes"
                )
            else:
                try:
                    if runner.run(run_automation, actor, run, cause=event) is not None:
                        ran += 1
                    continue
                except StellaryError as failure:
                    if due is not None and isinstance(failure, Busy):  # nothing was claimed: the next check fires it
                        log.warning("automation %s waited too long for the database; the next check fires it", match.rule_id)
                        continue
                    error = failure.message
            failed = RuleFailure(**run.model_dump(), error=error)
            try:
                if runner.run(record_automation_failure, actor, failed, cause=event) is not None:
                    ran += 1
            except StellaryError:
                log.exception("could not record the failure of automation %s", match.rule_id)
        return ran

    def _record_unheld(self, card_id: str, due: datetime, rule_ids: list[str]) -> None:
        """Record the due date as fired for rules whose conditions did not hold, so checks stop looking at them."""
        from stellary_core.services.automations import record_due_firings

        try:
            with self.db.session(write=True) as session:
                record_due_firings(session, rule_ids=rule_ids, card_id=card_id, due_date=due)
        except StellaryError:  # busy: the next check looks at them again
            log.warning("could not record the due-date firings of card %s; the next check looks again", card_id)


def _fired(card_id: str, due: datetime) -> Exists:
    """Whether the rule of the enclosing query has fired for ``card_id``'s ``due`` date."""
    return exists().where(
        DueDateFiring.rule_id == AutomationRule.id, DueDateFiring.card_id == card_id, DueDateFiring.due_date == due
    )


_ENGINES: weakref.WeakKeyDictionary[Database, AutomationEngine] = weakref.WeakKeyDictionary()


def subscribe(db: Database) -> None:
    """Run automations for ``db``'s card events (``subscribers.register_all`` does it for every process; once)."""
    engine = _ENGINES.get(db)
    if engine is None:
        engine = _ENGINES[db] = AutomationEngine(db)
    db.events.subscribe_settled(engine.handle)
