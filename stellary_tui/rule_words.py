"""Automation rules in words: a trigger, conditions and an action as the Automations screen says them.

A rule is stored with ids (``{"field": "labelIds", "op": "in", "value": ["65f…"]}``);
a person reads "label in {bug}". ``RuleTerms`` holds the project's names for those
ids (read through operations by the screen); an id it does not know (a label
deleted since) is shown as "(deleted)", never as a bare id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from stellary_core.schemas.automations import UNARY, Trigger

TRIGGERS: tuple[str, ...] = get_args(Trigger)
TRIGGER_WORDS: dict[str, str] = {
    "task_created": "a card is created",
    "task_moved": "a card is moved",
    "task_status_changed": "a card's status changes",
    "task_assigned": "a card is assigned",
    "checklist_complete": "a card's checklist is completed",
    "due_date_reached": "a card's due date passes",
    "task_added_to_board": "a card joins the project",
}
# The same, short, for a table's narrow column.
TRIGGER_SHORT: dict[str, str] = {
    "task_created": "card created",
    "task_moved": "card moved",
    "task_status_changed": "status changed",
    "task_assigned": "card assigned",
    "checklist_complete": "checklist done",
    "due_date_reached": "due date passed",
    "task_added_to_board": "card joined",
}
PRIORITY_WORDS: dict[str, str] = {"low": "low", "medium": "medium", "high": "high"}
STATUS_WORDS: dict[str, str] = {"todo": "to do", "in_progress": "in progress", "done": "done"}
ACTION_TYPES: tuple[tuple[str, str], ...] = (
    ("move_card", "Move the card to a column"),
    ("set_status", "Set its status"),
    ("set_priority", "Set its priority"),
    ("assign_user", "Assign it"),
    ("add_label", "Add a label"),
    ("archive_card", "Archive it"),
    ("notify", "Notify someone"),
)
ACTOR = "actor"  # assign_user's userId for whoever triggered the rule
ACTOR_WORDS = "whoever triggered it"
CUSTOM_FIELD = "customField:"
FIELD_WORDS: dict[str, str] = {
    "priority": "priority",
    "labelIds": "label",
    "assigneeId": "assignee",
    "columnId": "column",
    "fromColumnId": "from column",
    "toColumnId": "to column",
    "status": "status",
    "title": "title",
}
OP_SYMBOLS: dict[str, str] = {
    "eq": "=",
    "neq": "≠",
    "in": "in",
    "not_in": "not in",
    "contains": "contains",
    "is_empty": "is empty",
    "is_not_empty": "is set",
}
# What the op picker says for each operator.
OP_WORDS: dict[str, str] = {
    "eq": "is",
    "neq": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "contains": "contains",
    "is_empty": "is empty",
    "is_not_empty": "is set",
}
LISTED = ("in", "not_in")
GONE = "(deleted)"


@dataclass(frozen=True)
class FieldInfo:
    """A custom field as the rule editor needs it."""

    id: str
    name: str
    type: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleTerms:
    """The names of a project's columns, labels, members and custom fields, by id (in the order to offer them)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    members: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, FieldInfo] = field(default_factory=dict)

    def custom_field(self, name: str) -> FieldInfo | None:
        return self.fields.get(name.removeprefix(CUSTOM_FIELD)) if name.startswith(CUSTOM_FIELD) else None


def trigger_words(trigger: str) -> str:
    return TRIGGER_WORDS.get(trigger, trigger.replace("_", " "))


def trigger_short(trigger: str) -> str:
    return TRIGGER_SHORT.get(trigger, trigger_words(trigger))


def rule_sentence(trigger: str, conditions: Mapping[str, Any] | None, action: Mapping[str, Any], terms: RuleTerms) -> str:
    """The whole rule in one sentence: "When a card is moved, if to column = Done: set priority low"."""
    said = conditions_words(conditions, terms)
    where = "" if said == "always" else f", if {said}"
    return f"When {trigger_words(trigger)}{where}: {action_words(action, terms)}"


def field_words(name: str, terms: RuleTerms) -> str:
    if name.startswith(CUSTOM_FIELD):
        found = terms.custom_field(name)
        return found.name if found is not None else f"custom field {GONE}"
    return FIELD_WORDS.get(name, name)


def value_words(name: str, value: Any, terms: RuleTerms) -> str:
    """One value compared with field ``name``, by name where it is an id."""
    if value is None:
        return "none"
    if name in ("columnId", "fromColumnId", "toColumnId"):
        return terms.columns.get(str(value), GONE)
    if name == "labelIds":
        return terms.labels.get(str(value), GONE)
    if name == "assigneeId":
        return terms.members.get(str(value), GONE)
    if name == "status":
        return STATUS_WORDS.get(str(value), str(value))
    if name == "title" or isinstance(value, str) and name.startswith(CUSTOM_FIELD) and _is_text(name, terms):
        return f"“{value}”"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _is_text(name: str, terms: RuleTerms) -> bool:
    found = terms.custom_field(name)
    return found is not None and found.type in ("text", "date")


def leaf_words(leaf: Mapping[str, Any], terms: RuleTerms) -> str:
    name, op = str(leaf.get("field", "")), str(leaf.get("op", ""))
    subject = field_words(name, terms)
    symbol = OP_SYMBOLS.get(op, op)
    if op in UNARY:
        return f"{subject} {symbol}"
    value = leaf.get("value")
    if isinstance(value, list):
        said = "{" + ", ".join(value_words(name, each, terms) for each in value) + "}"
    else:
        said = value_words(name, value, terms)
    return f"{subject} {symbol} {said}"


def conditions_words(conditions: Mapping[str, Any] | None, terms: RuleTerms) -> str:
    """One line: "priority = high and label in {bug}"; nested groups in brackets; "always" when there are none."""
    said = _group_words(conditions or {}, terms)
    return said or "always"


def _group_words(group: Mapping[str, Any], terms: RuleTerms) -> str:
    kind = "any" if "any" in group else "all"
    parts: Sequence[Any] = group.get(kind) or ()
    joiner = " or " if kind == "any" else " and "
    said = []
    for part in parts:
        if isinstance(part, Mapping) and ("all" in part or "any" in part):
            inner = _group_words(part, terms)
            said.append(f"({inner})" if inner else "(always)")
        elif isinstance(part, Mapping):
            said.append(leaf_words(part, terms))
    return joiner.join(said)


def action_words(action: Mapping[str, Any], terms: RuleTerms) -> str:
    """"move to Done", "assign to whoever triggered it", "notify Ada: “…”"."""
    kind = action.get("type")
    if kind == "move_card":
        return f"move to {terms.columns.get(str(action.get('columnId')), GONE)}"
    if kind == "set_status":
        return f"set status {STATUS_WORDS.get(str(action.get('status')), action.get('status'))}"
    if kind == "set_priority":
        return f"set priority {action.get('priority')}"
    if kind == "assign_user":
        user = action.get("userId")
        return f"assign to {ACTOR_WORDS if user == ACTOR else terms.members.get(str(user), GONE)}"
    if kind == "archive_card":
        return "archive the card"
    if kind == "add_label":
        return f"add label {terms.labels.get(str(action.get('labelId')), GONE)}"
    if kind == "notify":
        return f"notify {terms.members.get(str(action.get('userId')), GONE)}: “{action.get('message', '')}”"
    return str(kind).replace("_", " ")


# -- what the rule editor offers per field --------------------------------------------------------

_CHOICE_OPS = ("eq", "neq", "in", "not_in")
_OPS: dict[str, tuple[str, ...]] = {
    "priority": (*_CHOICE_OPS, "is_empty", "is_not_empty"),
    "status": _CHOICE_OPS,
    "columnId": _CHOICE_OPS,
    # Only a move has a from and a to column: other triggers leave them empty.
    "fromColumnId": (*_CHOICE_OPS, "is_empty", "is_not_empty"),
    "toColumnId": (*_CHOICE_OPS, "is_empty", "is_not_empty"),
    "assigneeId": (*_CHOICE_OPS, "is_empty", "is_not_empty"),
    "labelIds": ("contains", "in", "not_in", "is_empty", "is_not_empty"),
    "title": ("contains", "eq", "neq"),
}
_FIELD_TYPE_OPS: dict[str, tuple[str, ...]] = {
    "select": (*_CHOICE_OPS, "is_empty", "is_not_empty"),
    "multi-select": ("contains", "in", "not_in", "is_empty", "is_not_empty"),
    "text": ("contains", "eq", "neq", "is_empty", "is_not_empty"),
    "number": ("eq", "neq", "is_empty", "is_not_empty"),
    "date": ("eq", "neq", "is_empty", "is_not_empty"),
    "boolean": ("eq", "is_empty", "is_not_empty"),
}
# The label picker's words for labels, which a card has several of.
_LABEL_OP_WORDS = {"contains": "has", "in": "has any of", "not_in": "has none of", "is_empty": "has none", "is_not_empty": "has some"}


def condition_fields(terms: RuleTerms) -> list[tuple[str, str]]:
    """(wire name, words) of every field a condition may compare, custom fields by name."""
    built_in = [(name, words.capitalize()) for name, words in FIELD_WORDS.items()]
    return built_in + [(CUSTOM_FIELD + info.id, info.name) for info in terms.fields.values()]


def ops_for(name: str, terms: RuleTerms) -> list[tuple[str, str]]:
    """(operator, words) that make sense for field ``name``."""
    found = terms.custom_field(name)
    if found is not None:
        ops = _FIELD_TYPE_OPS.get(found.type, ("eq", "neq", "is_empty", "is_not_empty"))
    else:
        ops = _OPS.get(name, ("eq", "neq"))
    said = _LABEL_OP_WORDS if name == "labelIds" else OP_WORDS
    return [(op, said.get(op, OP_WORDS[op])) for op in ops]


def value_choices(name: str, terms: RuleTerms) -> list[tuple[str, Any]] | None:
    """(words, value) to pick a value of field ``name`` from; None where it is typed (title, text, number, date)."""
    if name in ("columnId", "fromColumnId", "toColumnId"):
        return [(words, column_id) for column_id, words in terms.columns.items()]
    if name == "labelIds":
        return [(words, label_id) for label_id, words in terms.labels.items()]
    if name == "assigneeId":
        return [(words, user_id) for user_id, words in terms.members.items()]
    if name == "priority":
        return [(words, value) for value, words in PRIORITY_WORDS.items()]
    if name == "status":
        return [(words, value) for value, words in STATUS_WORDS.items()]
    found = terms.custom_field(name)
    if found is not None and found.type in ("select", "multi-select"):
        return [(option, option) for option in found.options]
    if found is not None and found.type == "boolean":
        return [("yes", True), ("no", False)]
    return None


def typed_value(name: str, text: str, terms: RuleTerms) -> Any:
    """A typed value as the rule stores it: a number field's text as a number (ValueError if it is none)."""
    found = terms.custom_field(name)
    if found is not None and found.type == "number":
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{found.name}: use a number") from None
        return int(number) if number.is_integer() else number
    return text
