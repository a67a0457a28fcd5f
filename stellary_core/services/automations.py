"""Automation rules of a project, their traces, and the claims of due-date firings.

Rules:
- any workspace member manages a project's rules (contract section 3);
- a rule is checked as a whole when saved (``automation_rules``): an update is
  checked with the parts it keeps, so a kept condition naming a column since
  deleted is reported too;
- a rule of another project is a 404, as any path id;
- every run writes a trace and counts in ``runCount`` / ``lastRunAt``;
- a ``due_date_reached`` rule fires once per card and due date: the run that
  inserts the (rule, card, due date) claim, in its own transaction, fires it;
  the others find it taken.

Changes emit ``automation_created`` / ``automation_updated`` / ``automation_deleted``,
and a trace ``automation_ran`` (none is an activity; the TUI refreshes on them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Conflict, NotFound
from stellary_core.event_types import (
    AutomationCreated,
    AutomationDeleted,
    AutomationRan,
    AutomationUpdated,
    ProjectEvent,
    project_event,
)
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import AutomationRule, AutomationTrace, DueDateFiring, Project
from stellary_core.principal import Principal
from stellary_core.schemas.automations import AutomationCreateIn, AutomationUpdateIn
from stellary_core.services import access
from stellary_core.services.automation_rules import ProjectTerms, check_action, check_conditions, check_trigger
from stellary_core.services.limits import list_limit

MAX_RULES_PER_PROJECT = 100


def rule_of_project(session: Session, project: Project, rule_id: str) -> AutomationRule:
    rule = session.get(AutomationRule, rule_id) if is_id(rule_id) else None
    if rule is None or rule.project_id != project.id:
        raise NotFound("Automation rule not found")
    return rule


def _event(kind: type[ProjectEvent], actor: Principal, project: Project, rule: AutomationRule) -> ProjectEvent:
    return project_event(kind, actor, project, ruleId=rule.id, name=rule.name, enabled=rule.enabled)


def _project(session: Session, actor: Principal, workspace_id: str, project_id: str) -> Project:
    return access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)


def list_rules(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> list[AutomationRule]:
    """The project's rules, oldest first."""
    project = _project(session, actor, workspace_id, project_id)
    query = select(AutomationRule).where(AutomationRule.project_id == project.id)
    return list(session.scalars(query.order_by(AutomationRule.created_at, AutomationRule.id)))


def get_rule(session: Session, *, actor: Principal, workspace_id: str, project_id: str, rule_id: str) -> AutomationRule:
    return rule_of_project(session, _project(session, actor, workspace_id, project_id), rule_id)


def _default_name(trigger: str, action: dict[str, Any]) -> str:
    return f"When {trigger.replace('_', ' ')}: {str(action['type']).replace('_', ' ')}"


def create_rule(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, data: AutomationCreateIn
) -> AutomationRule:
    project = _project(session, actor, workspace_id, project_id)
    check_trigger(data.trigger)
    terms = ProjectTerms.of(session, project)
    conditions = check_conditions(data.conditions, terms)
    action = check_action(data.action, terms)
    count = session.scalar(select(func.count()).where(AutomationRule.project_id == project.id)) or 0
    if count >= MAX_RULES_PER_PROJECT:
        raise Conflict(f"A project holds at most {MAX_RULES_PER_PROJECT} automation rules")
    rule = AutomationRule(
        project_id=project.id,
        name=data.name or _default_name(data.trigger, action),
        trigger=data.trigger,
        conditions=conditions,
        action=action,
        enabled=data.enabled,
        created_by=actor.user_id,
        run_count=0,
    )
    session.add(rule)
    session.flush()
    emit(session, _event(AutomationCreated, actor, project, rule))
    return rule


def update_rule(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, rule_id: str, data: AutomationUpdateIn
) -> AutomationRule:
    """Change the parts given; the rule is checked again as a whole."""
    project = _project(session, actor, workspace_id, project_id)
    rule = rule_of_project(session, project, rule_id)
    data.refuse_nulls("name", "trigger", "action", "enabled")
    given = data.given()
    if data.trigger is not None:
        check_trigger(data.trigger)
    terms = ProjectTerms.of(session, project)
    conditions = check_conditions(data.conditions if "conditions" in given else rule.conditions, terms)
    action = check_action(data.action if data.action is not None else rule.action, terms)
    if data.name is not None:
        rule.name = data.name
    if data.trigger is not None:
        rule.trigger = data.trigger
    if data.enabled is not None:
        rule.enabled = data.enabled
    rule.conditions, rule.action = conditions, action
    rule.updated_at = utcnow()
    session.flush()
    emit(session, _event(AutomationUpdated, actor, project, rule))
    return rule


def toggle_rule(session: Session, *, actor: Principal, workspace_id: str, project_id: str, rule_id: str) -> AutomationRule:
    """Flip ``enabled``."""
    project = _project(session, actor, workspace_id, project_id)
    rule = rule_of_project(session, project, rule_id)
    rule.enabled = not rule.enabled
    rule.updated_at = utcnow()
    session.flush()
    emit(session, _event(AutomationUpdated, actor, project, rule))
    return rule


def delete_rule(session: Session, *, actor: Principal, workspace_id: str, project_id: str, rule_id: str) -> None:
    """Delete a rule with its traces."""
    project = _project(session, actor, workspace_id, project_id)
    rule = rule_of_project(session, project, rule_id)
    emit(session, _event(AutomationDeleted, actor, project, rule))
    session.delete(rule)
    session.flush()


def list_traces(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, rule_id: str, limit: int | None = None
) -> list[AutomationTrace]:
    """A rule's traces, newest first (``limit`` 50 by default, at most 500)."""
    rule = get_rule(session, actor=actor, workspace_id=workspace_id, project_id=project_id, rule_id=rule_id)
    query = (
        select(AutomationTrace)
        .where(AutomationTrace.rule_id == rule.id)
        .order_by(AutomationTrace.at.desc(), AutomationTrace.id.desc())
        .limit(list_limit(limit))
    )
    return list(session.scalars(query))


def record_trace(
    session: Session,
    *,
    actor: Principal,
    rule: AutomationRule,
    project: Project,
    trigger: str,
    card_id: str | None,
    event: dict[str, Any],
    error: str | None = None,
) -> AutomationTrace:
    """Write one run's trace (a failure when ``error``) and count the run on the rule."""
    now = utcnow()
    trace = AutomationTrace(
        rule_id=rule.id,
        trigger=trigger,
        actor_id=actor.user_id,
        card_id=card_id,
        at=now,
        result="failure" if error else "success",
        error=error,
        event=event,
    )
    session.add(trace)
    rule.last_run_at = now
    rule.run_count = (rule.run_count or 0) + 1
    session.flush()
    emit(
        session,
        project_event(AutomationRan, actor, project, ruleId=rule.id, traceId=trace.id, cardId=card_id, result=trace.result),
    )
    return trace


def claim_due_firing(session: Session, *, rule_id: str, card_id: str, due_date: datetime) -> bool:
    """Claim ``rule_id``'s firing for ``card_id``'s ``due_date`` in the caller's transaction; False when already claimed.

    The claim commits with whatever else the transaction writes (the rule's effect
    and trace), or not at all. On PostgreSQL a concurrent claim of the same key waits
    for the first to end, then finds it taken (or free again, when that one rolled back).
    """
    try:
        with session.begin_nested():
            session.add(DueDateFiring(rule_id=rule_id, card_id=card_id, due_date=due_date, fired_at=utcnow()))
            session.flush()
    except IntegrityError:
        return False
    return True


def record_due_firings(session: Session, *, rule_ids: Iterable[str], card_id: str, due_date: datetime) -> None:
    """Mark the rules as fired for the card's due date with nothing to run (their conditions did not hold).

    A rule some process claimed meanwhile stays as that one recorded it.
    """
    for rule_id in rule_ids:
        claim_due_firing(session, rule_id=rule_id, card_id=card_id, due_date=due_date)
