"""Automation rules of a project and their traces; and the two operations the engine runs a rule with."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from stellary_core.automations.actions import carry_out
from stellary_core.errors import NotFound
from stellary_core.models import AutomationRule, Card, Project
from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.principal import PrincipalKind
from stellary_core.schemas.automations import AutomationCreateIn, AutomationOut, AutomationTraceOut, AutomationUpdateIn
from stellary_core.schemas.common import OkResponse
from stellary_core.services import automations

READ = "projects:read"
WRITE = "projects:write"


@operation("list_automations", input=InProject, output=list[AutomationOut], scope=READ, writes=False)
def list_automations(ctx: OperationContext, given: InProject) -> list[AutomationOut]:
    """The automation rules of a project, oldest first."""
    ws, project = refs.project(ctx, given)
    found = automations.list_rules(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id)
    return [AutomationOut.model_validate(rule) for rule in found]


class OnRule(InProject):
    rule: str


@operation("get_automation", input=OnRule, output=AutomationOut, scope=READ, writes=False)
def get_automation(ctx: OperationContext, given: OnRule) -> AutomationOut:
    """One automation rule."""
    ws, project = refs.project(ctx, given)
    rule = automations.get_rule(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, rule_id=given.rule
    )
    return AutomationOut.model_validate(rule)


class CreateAutomation(InProject):
    data: AutomationCreateIn


@operation("create_automation", input=CreateAutomation, output=AutomationOut, scope=WRITE, writes=True)
def create_automation(ctx: OperationContext, given: CreateAutomation) -> AutomationOut:
    """Add a rule: when its trigger happens to a card and its conditions hold, its action runs."""
    ws, project = refs.project(ctx, given)
    rule = automations.create_rule(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, data=given.data
    )
    return AutomationOut.model_validate(rule)


class UpdateAutomation(OnRule):
    data: AutomationUpdateIn


@operation("update_automation", input=UpdateAutomation, output=AutomationOut, scope=WRITE, writes=True)
def update_automation(ctx: OperationContext, given: UpdateAutomation) -> AutomationOut:
    """Change a rule's name, trigger, conditions, action or enabled state."""
    ws, project = refs.project(ctx, given)
    rule = automations.update_rule(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, rule_id=given.rule,
        data=given.data,
    )
    return AutomationOut.model_validate(rule)


@operation("delete_automation", input=OnRule, output=OkResponse, scope=WRITE, writes=True)
def delete_automation(ctx: OperationContext, given: OnRule) -> OkResponse:
    """Delete a rule and its traces."""
    ws, project = refs.project(ctx, given)
    automations.delete_rule(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, rule_id=given.rule)
    return OkResponse()


@operation("toggle_automation", input=OnRule, output=AutomationOut, scope=WRITE, writes=True)
def toggle_automation(ctx: OperationContext, given: OnRule) -> AutomationOut:
    """Enable a disabled rule, or disable an enabled one."""
    ws, project = refs.project(ctx, given)
    rule = automations.toggle_rule(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, rule_id=given.rule
    )
    return AutomationOut.model_validate(rule)


class RuleTraces(OnRule):
    limit: int | None = None


@operation("get_automation_traces", input=RuleTraces, output=list[AutomationTraceOut], scope=READ, writes=False)
def get_automation_traces(ctx: OperationContext, given: RuleTraces) -> list[AutomationTraceOut]:
    """A rule's runs, newest first: when, on which card, for whom, and whether it worked (and why not)."""
    ws, project = refs.project(ctx, given)
    found = automations.list_traces(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, rule_id=given.rule,
        limit=given.limit,
    )
    return [AutomationTraceOut.model_validate(trace) for trace in found]


# -- the engine's: a rule acting for the person who triggered it ----------------------------------

ENGINE_ONLY: frozenset[PrincipalKind] = frozenset({"automation"})
REFUSAL = "Only the automation engine runs a rule's action, not {kind}"


class RuleRun(OperationInput):
    """One run of a rule on a card, and the event that caused it (as its trace records it).

    ``due_date``: the card's due date this run fires (a ``due_date_reached`` event); the
    run claims that firing in its own transaction, so it happens once or not at all.
    """

    rule_id: str
    card_id: str
    trigger: str
    event: dict[str, Any]
    due_date: datetime | None = None


def _claimed(ctx: OperationContext, given: RuleRun) -> bool:
    """False when ``given`` fires a due date that another run already fired (nothing to do then)."""
    if given.due_date is None:
        return True
    return automations.claim_due_firing(ctx.session, rule_id=given.rule_id, card_id=given.card_id, due_date=given.due_date)


@operation(
    "run_automation", input=RuleRun, output=AutomationTraceOut | None, scope=WRITE, writes=True,
    kinds=ENGINE_ONLY, refusal=REFUSAL,
)
def run_automation(ctx: OperationContext, given: RuleRun) -> AutomationTraceOut | None:
    """Carry out a rule's action and write its success trace, all in one transaction.

    None: the rule is gone, or the due date it fires was already fired.
    """
    rule = ctx.session.get(AutomationRule, given.rule_id)
    if rule is None or not _claimed(ctx, given):
        return None
    project = ctx.session.get_one(Project, rule.project_id)
    card = ctx.session.get(Card, given.card_id)
    if card is None or card.project_id != project.id:
        raise NotFound("The card is no longer in this project")
    carry_out(ctx.session, actor=ctx.actor, project=project, card=card, rule=rule)
    trace = automations.record_trace(
        ctx.session, actor=ctx.actor, rule=rule, project=project, trigger=given.trigger, card_id=card.id,
        event=given.event,
    )
    return AutomationTraceOut.model_validate(trace)


class RuleFailure(RuleRun):
    error: str


@operation(
    "record_automation_failure", input=RuleFailure, output=AutomationTraceOut | None, scope=WRITE, writes=True,
    kinds=ENGINE_ONLY, refusal=REFUSAL,
)
def record_automation_failure(ctx: OperationContext, given: RuleFailure) -> AutomationTraceOut | None:
    """Write the trace of a run that failed or was stopped (its action changed nothing).

    A failed due-date run counts as its firing: it is claimed here (None when another run already fired it).
    """
    rule = ctx.session.get(AutomationRule, given.rule_id)
    if rule is None or not _claimed(ctx, given):
        return None
    project = ctx.session.get_one(Project, rule.project_id)
    trace = automations.record_trace(
        ctx.session, actor=ctx.actor, rule=rule, project=project, trigger=given.trigger, card_id=given.card_id,
        event=given.event, error=given.error,
    )
    return AutomationTraceOut.model_validate(trace)
