"""What a rule may say, checked when it is saved: every bad part is a 400 that names it.

Conditions are ``{"all": [...]}`` or ``{"any": [...]}``, nestable, of leaves
``{"field", "op", "value"}``. Actions are ``{"type", ...params}``. Column,
label and field ids must be of the rule's project; people must be members of
its workspace. What is stored is the normalized form (an absent conditions
object is ``{"all": []}``, which always holds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.errors import Invalid
from stellary_core.ids import is_id
from stellary_core.models import PRIORITIES, STATUSES, TRIGGERS, BoardColumn, CustomField, Label, Project, WorkspaceMember
from stellary_core.schemas.automations import OPERATORS, UNARY

FIELDS = ("priority", "labelIds", "assigneeId", "columnId", "fromColumnId", "toColumnId", "status", "title")
CUSTOM_FIELD = "customField:"
LISTED = ("in", "not_in")
ACTIONS: dict[str, tuple[str, ...]] = {
    "move_card": ("columnId",),
    "set_status": ("status",),
    "set_priority": ("priority",),
    "assign_user": ("userId",),
    "archive_card": (),
    "add_label": ("labelId",),
    "notify": ("userId", "message"),
}
ACTOR = "actor"  # assign_user's userId for whoever triggered the rule
MAX_DEPTH = 5
MAX_CONDITIONS = 50
MESSAGE_MAX = 500
_COLUMN_FIELDS = ("columnId", "fromColumnId", "toColumnId")


@dataclass(frozen=True)
class ProjectTerms:
    """The ids a rule of one project may name."""

    columns: frozenset[str]
    labels: frozenset[str]
    fields: frozenset[str]
    members: frozenset[str]

    @classmethod
    def of(cls, session: Session, project: Project) -> ProjectTerms:
        return cls(
            columns=frozenset(session.scalars(select(BoardColumn.id).where(BoardColumn.project_id == project.id))),
            labels=frozenset(session.scalars(select(Label.id).where(Label.project_id == project.id))),
            fields=frozenset(session.scalars(select(CustomField.id).where(CustomField.project_id == project.id))),
            members=frozenset(
                session.scalars(
                    select(WorkspaceMember.user_id).where(WorkspaceMember.workspace_id == project.workspace_id)
                )
            ),
        )


def _fail(where: str, message: str) -> Invalid:
    return Invalid.field(where, message)


def check_trigger(trigger: str) -> str:
    if trigger not in TRIGGERS:
        raise _fail("trigger", f'unknown trigger "{trigger}" (one of {", ".join(TRIGGERS)})')
    return trigger


def check_conditions(raw: dict[str, Any] | None, terms: ProjectTerms) -> dict[str, Any]:
    """The conditions, normalized; a 400 naming the first bad part (``conditions.all[1].op``)."""
    if raw is None or raw == {}:
        return {"all": []}
    counted = [0]
    return _group(raw, "conditions", terms, 1, counted)


def _group(raw: Any, where: str, terms: ProjectTerms, depth: int, counted: list[int]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(where, 'must be an object: {"all": [...]} or {"any": [...]}')
    if depth > MAX_DEPTH:
        raise _fail(where, f"nests groups more than {MAX_DEPTH} deep")
    keys = set(raw)
    if len(keys) != 1 or not keys <= {"all", "any"}:
        extra = sorted(keys - {"all", "any"})
        said = f"unknown key {extra[0]!r}" if extra else "has both all and any"
        raise _fail(where, f'must be {{"all": [...]}} or {{"any": [...]}} ({said})')
    (kind,) = keys
    items = raw[kind]
    here = f"{where}.{kind}"
    if not isinstance(items, list):
        raise _fail(here, "must be a list of conditions")
    checked: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        at = f"{here}[{index}]"
        counted[0] += 1
        if counted[0] > MAX_CONDITIONS:
            raise _fail(at, f"a rule holds at most {MAX_CONDITIONS} conditions")
        if isinstance(item, dict) and set(item) & {"all", "any"}:
            checked.append(_group(item, at, terms, depth + 1, counted))
        else:
            checked.append(_leaf(item, at, terms))
    return {kind: checked}


def _leaf(raw: Any, where: str, terms: ProjectTerms) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(where, 'must be an object {"field", "op", "value"} or a group')
    unknown = sorted(set(raw) - {"field", "op", "value"})
    if unknown:
        raise _fail(f"{where}.{unknown[0]}", "is not allowed")
    field = raw.get("field")
    if not isinstance(field, str) or not field:
        raise _fail(f"{where}.field", "is required")
    if field.startswith(CUSTOM_FIELD):
        field_id = field.removeprefix(CUSTOM_FIELD)
        if field_id not in terms.fields:
            raise _fail(f"{where}.field", f"{field!r} is not a custom field of this project")
    elif field not in FIELDS:
        raise _fail(f"{where}.field", f"unknown field {field!r} (one of {', '.join(FIELDS)}, customField:<fieldId>)")
    op = raw.get("op")
    if not isinstance(op, str) or not op:
        raise _fail(f"{where}.op", "is required")
    if op not in OPERATORS:
        raise _fail(f"{where}.op", f'unknown operator "{op}" (one of {", ".join(OPERATORS)})')
    if op in UNARY:
        if raw.get("value") is not None:
            raise _fail(f"{where}.value", f"is not taken by {op}")
        return {"field": field, "op": op}
    if "value" not in raw:
        raise _fail(f"{where}.value", "is required")
    value = raw["value"]
    if op in LISTED:
        if not isinstance(value, list):
            raise _fail(f"{where}.value", f"must be a list for {op}")
        for index, each in enumerate(value):
            _value(field, each, f"{where}.value[{index}]", terms)
    elif field == "labelIds" and op in ("eq", "neq") and isinstance(value, list):
        for index, each in enumerate(value):
            _value(field, each, f"{where}.value[{index}]", terms)
    else:
        if isinstance(value, (list, dict)):
            raise _fail(f"{where}.value", f"must be a single value for {op}")
        if op == "contains" and field not in ("labelIds", "title") and not field.startswith(CUSTOM_FIELD):
            raise _fail(f"{where}.op", f"contains applies to labelIds, title and custom fields, not {field}")
        _value(field, value, f"{where}.value", terms)
    return {"field": field, "op": op, "value": value}


def _value(field: str, value: Any, where: str, terms: ProjectTerms) -> None:
    """One value compared with ``field``: of the project where it is an id, of the field's kind otherwise."""
    if field in _COLUMN_FIELDS:
        if not _one_of(value, terms.columns):
            raise _fail(where, f"{value!r} is not a column of this project")
    elif field == "labelIds":
        if not _one_of(value, terms.labels):
            raise _fail(where, f"{value!r} is not a label of this project")
    elif field == "priority":
        if value is not None and value not in PRIORITIES:
            raise _fail(where, f"{value!r} is not a priority ({', '.join(PRIORITIES)})")
    elif field == "status":
        if value not in STATUSES:
            raise _fail(where, f"{value!r} is not a status ({', '.join(STATUSES)})")
    elif field == "assigneeId":
        if value is not None and not (isinstance(value, str) and is_id(value)):
            raise _fail(where, "must be a user id")
    elif field == "title":
        if not isinstance(value, str):
            raise _fail(where, "must be text")
    elif isinstance(value, (list, dict)):
        raise _fail(where, "must be a single value")


def _one_of(value: Any, ids: frozenset[str]) -> bool:
    # Any JSON may come in: a list or an object is no id (and cannot be looked up in a set).
    return isinstance(value, str) and value in ids


def check_action(raw: dict[str, Any], terms: ProjectTerms) -> dict[str, Any]:
    """The action, checked: its type known, its parameters present, of this project and its members."""
    kind = raw.get("type")
    if not isinstance(kind, str) or not kind:
        raise _fail("action.type", f"is required (one of {', '.join(ACTIONS)})")
    if kind not in ACTIONS:
        raise _fail("action.type", f'unknown action "{kind}" (one of {", ".join(ACTIONS)})')
    wanted = ACTIONS[kind]
    unknown = sorted(set(raw) - {"type", *wanted})
    if unknown:
        raise _fail(f"action.{unknown[0]}", f"is not taken by {kind}")
    for name in wanted:
        if raw.get(name) is None:
            raise _fail(f"action.{name}", f"is required by {kind}")
    value = {name: raw[name] for name in wanted}
    if kind == "move_card" and not _one_of(value["columnId"], terms.columns):
        raise _fail("action.columnId", f"{value['columnId']!r} is not a column of this project")
    if kind == "set_status" and value["status"] not in STATUSES:
        raise _fail("action.status", f"{value['status']!r} is not a status ({', '.join(STATUSES)})")
    if kind == "set_priority" and value["priority"] not in PRIORITIES:
        raise _fail("action.priority", f"{value['priority']!r} is not a priority ({', '.join(PRIORITIES)})")
    if kind == "add_label" and not _one_of(value["labelId"], terms.labels):
        raise _fail("action.labelId", f"{value['labelId']!r} is not a label of this project")
    if kind == "assign_user" and value["userId"] != ACTOR and not _one_of(value["userId"], terms.members):
        raise _fail("action.userId", f'must be a member of the workspace or "{ACTOR}"')
    if kind == "notify":
        if not _one_of(value["userId"], terms.members):
            raise _fail("action.userId", "must be a member of the workspace")
        message = value["message"]
        if not isinstance(message, str) or not message.strip():
            raise _fail("action.message", "must be non-empty text")
        if len(message) > MESSAGE_MAX:
            raise _fail("action.message", f"must be at most {MESSAGE_MAX} characters")
    return {"type": kind, **value}
