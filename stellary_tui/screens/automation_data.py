"""What the Automations screen and the rule editor read, all through operations, in one worker.

A rule names columns, labels, members and custom fields by id; the screens show
and offer them by name, so the project's names are read with the rules: its
columns (of every scope: a rule may name any), labels, custom fields, and the
members of its workspace (whom a rule may assign or notify).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from stellary_core.operations.catalog import automations as automation_ops
from stellary_core.operations.catalog import board as board_ops
from stellary_core.operations.catalog import custom_fields as field_ops
from stellary_core.operations.catalog import labels as label_ops
from stellary_core.operations.catalog import workspaces as workspace_ops
from stellary_core.operations.refs import InProject, InWorkspace
from stellary_core.schemas.automations import AutomationOut
from stellary_tui.core import Core
from stellary_tui.rule_words import FieldInfo, RuleTerms


@dataclass(frozen=True)
class RuleSheet:
    """A project's rules, oldest first, with the names they are shown by."""

    rules: list[AutomationOut]
    terms: RuleTerms


def read_terms(core: Core, workspace_id: str, project_id: str) -> RuleTerms:
    """Blocking (call it in a worker): the project's names by id."""
    where = InProject(workspace_id=workspace_id, project=project_id)
    places = core.run(board_ops.list_move_destinations, InWorkspace(workspace_id=workspace_id))
    project = next((p for p in places if p.id == project_id), None)
    columns: dict[str, str] = {}
    if project is not None:
        # A column name is told apart by its scope only where two scopes have one of that name.
        named = Counter(column.name for scope in project.scopes for column in scope.columns)
        for scope in project.scopes:
            for column in scope.columns:
                columns[column.id] = f"{column.name} ({scope.name})" if named[column.name] > 1 else column.name
    labels = {label.id: label.name for label in core.run(label_ops.list_labels, where)}
    fields = {
        f.id: FieldInfo(f.id, f.name, f.type, tuple(f.options)) for f in core.run(field_ops.list_custom_fields, where)
    }
    members = {
        m.user_id: m.name
        for m in core.run(workspace_ops.list_workspace_members, InWorkspace(workspace_id=workspace_id))
    }
    return RuleTerms(columns=columns, labels=labels, members=members, fields=fields)


def read_sheet(core: Core, workspace_id: str, project_id: str) -> RuleSheet:
    """Blocking (call it in a worker): the rules and their names."""
    rules = core.run(automation_ops.list_automations, InProject(workspace_id=workspace_id, project=project_id))
    return RuleSheet(rules, read_terms(core, workspace_id, project_id))
