"""Whether a rule's conditions hold for a card, from the facts the engine gathered once per event.

The conditions were checked when the rule was saved (``services.automation_rules``),
so here every leaf is well formed; a value of the wrong kind simply does not match.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CUSTOM_FIELD = "customField:"


def holds(conditions: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """``{"all": [...]}`` holds when every part does (so an empty one always holds); ``{"any": [...]}`` when one does."""
    if "any" in conditions:
        return any(_part(part, facts) for part in conditions["any"])
    return all(_part(part, facts) for part in conditions.get("all", ()))


def _part(part: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    if "all" in part or "any" in part:
        return holds(part, facts)
    return leaf_holds(part["field"], part["op"], part.get("value"), facts)


def _fact(field: str, facts: Mapping[str, Any]) -> Any:
    if field.startswith(CUSTOM_FIELD):
        return facts.get("customFields", {}).get(field.removeprefix(CUSTOM_FIELD))
    return facts.get(field)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def leaf_holds(field: str, op: str, value: Any, facts: Mapping[str, Any]) -> bool:
    actual = _fact(field, facts)
    if op == "is_empty":
        return _empty(actual)
    if op == "is_not_empty":
        return not _empty(actual)
    if isinstance(actual, list):  # labelIds, a multi-select field
        wanted = value if isinstance(value, list) else [value]
        if op == "eq":
            return set(actual) == set(wanted)
        if op == "neq":
            return set(actual) != set(wanted)
        if op == "in":
            return bool(set(actual) & set(wanted))
        if op == "not_in":
            return not set(actual) & set(wanted)
        return value in actual  # contains
    if op == "eq":
        return bool(actual == value)
    if op == "neq":
        return bool(actual != value)
    if op == "in":
        return actual in value
    if op == "not_in":
        return actual not in value
    # contains: text within text, ignoring case
    return isinstance(actual, str) and isinstance(value, str) and value.casefold() in actual.casefold()
