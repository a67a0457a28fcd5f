"""Custom fields: project-level typed metadata, and their values on cards.

Types and values (a value is stored as JSON, keyed by field id):

- ``text``: a string of at most 5,000 characters;
- ``number``: a finite JSON number (``true``/``false`` are not numbers);
- ``select``: one of the field's options;
- ``multi-select``: a list of distinct options, kept in the options' order;
  an empty list clears the value;
- ``date``: stored as ``"YYYY-MM-DD"``; a date or a full ISO-8601 timestamp is
  accepted, a timestamp is taken as its UTC date;
- ``boolean``: ``true`` or ``false``.

``null`` clears a value. Options are required (non-empty, unique, 1-100
characters each) for the select types and forbidden for the others.

Changing a field's type or options never leaves an invalid value behind: each
card's value is converted where a faithful conversion exists (number 3 to text
"3", text "42" to number 42, a select value to a one-option multi-select, a
multi-select loses only the removed options...) and dropped otherwise. Deleting
a field removes its values from every card (the foreign key cascades).
Renaming one option (``rename_option``) carries the cards that chose it over to
the new name, which replacing the options list would not: it would drop them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from stellary_core.clock import to_utc_naive, utcnow
from stellary_core.errors import Conflict, FieldError, Invalid, NotFound
from stellary_core.event_types import (
    CardUpdated,
    CustomFieldCreated,
    CustomFieldDeleted,
    CustomFieldUpdated,
    ProjectEvent,
    project_event,
)
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import CardFieldValue, CustomField, Project
from stellary_core.principal import Principal
from stellary_core.schemas.custom_fields import CustomFieldCreateIn, CustomFieldUpdateIn
from stellary_core.services import access, cards
from stellary_core.services.cards import CardDetails

FIELD_TYPES = ("text", "number", "select", "multi-select", "date", "boolean")
SELECT_TYPES = ("select", "multi-select")
TEXT_MAX = 5000
MAX_FIELDS_PER_PROJECT = 50


# -- pure rules --------------------------------------------------------------------


def check_options(field_type: str, options: Sequence[str] | None) -> list[str]:
    """The options a field of ``field_type`` keeps; Invalid when they do not fit the type."""
    options = list(options or [])
    if field_type in SELECT_TYPES:
        if not options:
            raise Invalid.field("options", "are required (at least one) for select and multi-select fields")
        if len(set(options)) != len(options):
            raise Invalid.field("options", "must be unique")
        return options
    if options:
        raise Invalid.field("options", "are only allowed for select and multi-select fields")
    return []


def _parse_date(text: str) -> str:
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        return to_utc_naive(moment).date().isoformat()
    except ValueError:
        raise ValueError("must be an ISO-8601 date (YYYY-MM-DD) or date-time") from None


def validate_value(field_type: str, options: Sequence[str], value: Any) -> Any:
    """The value to store for a (non-null) ``value``; ValueError saying what is wrong otherwise."""
    if field_type == "text":
        if not isinstance(value, str):
            raise ValueError("must be a string")
        if len(value) > TEXT_MAX:
            raise ValueError(f"must be at most {TEXT_MAX} characters")
        return value
    if field_type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number")
        try:
            finite = math.isfinite(float(value))
        except OverflowError:
            finite = False
        if not finite:
            raise ValueError("must be a finite number")
        return value
    if field_type == "select":
        if not isinstance(value, str) or value not in options:
            raise ValueError(f"must be one of: {', '.join(options)}")
        return value
    if field_type == "multi-select":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of options")
        unknown = [v for v in value if v not in options]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not an option (options: {', '.join(options)})")
        if len(set(value)) != len(value):
            raise ValueError("must not repeat an option")
        return [o for o in options if o in value]
    if field_type == "date":
        if not isinstance(value, str):
            raise ValueError("must be an ISO-8601 date (YYYY-MM-DD) or date-time")
        return _parse_date(value.strip())
    if field_type == "boolean":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    raise ValueError(f"unknown field type {field_type!r}")


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _coerce(value: Any, field_type: str, options: Sequence[str]) -> Any:
    """The closest value of ``field_type`` to a stored ``value`` (validated afterwards)."""
    if field_type == "text":
        return _as_text(value)
    if field_type == "number" and isinstance(value, str):
        for parse in (int, float):
            try:
                return parse(value.strip())
            except ValueError:
                continue
        return value
    if field_type == "select" and isinstance(value, list):
        return value[0] if len(value) == 1 else value
    if field_type == "multi-select":
        chosen = [value] if isinstance(value, str) else value
        return [v for v in chosen if v in options] if isinstance(chosen, list) else chosen
    if field_type == "boolean" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def convert_value(value: Any, field_type: str, options: Sequence[str]) -> Any:
    """``value`` converted to a field's new type and options, or None when it cannot be kept."""
    try:
        converted = validate_value(field_type, options, _coerce(value, field_type, options))
    except ValueError:
        return None
    return None if converted == [] else converted


# -- definitions -------------------------------------------------------------------


def field_of_project(session: Session, project: Project, field_id: str) -> CustomField:
    found = session.get(CustomField, field_id) if is_id(field_id) else None
    if found is None or found.project_id != project.id:
        raise NotFound("Custom field not found")
    return found


def _fields(session: Session, project_id: str) -> list[CustomField]:
    return list(session.scalars(select(CustomField).where(CustomField.project_id == project_id).order_by(CustomField.order)))


def _check_name_free(session: Session, project: Project, name: str, excluding: str | None = None) -> None:
    query = select(CustomField.id).where(CustomField.project_id == project.id, func.lower(CustomField.name) == name.lower())
    if excluding is not None:
        query = query.where(CustomField.id != excluding)
    if session.scalar(query) is not None:
        raise Conflict(f"A custom field named {name!r} already exists in this project")


def _definition_event(
    kind: type[ProjectEvent], actor: Principal, project: Project, definition: CustomField, **data: Any
) -> ProjectEvent:
    return project_event(kind, actor, project, fieldId=definition.id, name=definition.name, type=definition.type, **data)


def list_custom_fields(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> list[CustomField]:
    """The project's custom field definitions, in creation order."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return _fields(session, project.id)


def create_custom_field(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, data: CustomFieldCreateIn
) -> CustomField:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    options = check_options(data.type, data.options)
    count = session.scalar(select(func.count()).where(CustomField.project_id == project.id)) or 0
    if count >= MAX_FIELDS_PER_PROJECT:
        raise Conflict(f"A project holds at most {MAX_FIELDS_PER_PROJECT} custom fields")
    _check_name_free(session, project, data.name)
    created = CustomField(project_id=project.id, name=data.name, type=data.type, options=options, order=count)
    session.add(created)
    session.flush()
    emit(session, _definition_event(CustomFieldCreated, actor, project, created))
    session.flush()
    return created


def update_custom_field(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, field_id: str, data: CustomFieldUpdateIn
) -> CustomField:
    """Rename, retype or change options; card values are converted or dropped to fit."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    definition = field_of_project(session, project, field_id)
    given = data.given()
    for name in ("name", "type"):
        if name in given and getattr(data, name) is None:
            raise Invalid.field(name, "cannot be null")
    new_type = data.type or definition.type
    if "options" in given:
        new_options = check_options(new_type, data.options)
    else:
        # Keep the options when staying a select type; a non-select type has none.
        kept = definition.options if definition.type in SELECT_TYPES else []
        new_options = check_options(new_type, kept if new_type in SELECT_TYPES else [])
    if data.name is not None and data.name != definition.name:
        _check_name_free(session, project, data.name, excluding=definition.id)
        definition.name = data.name
    converted = dropped = 0
    if new_type != definition.type or new_options != list(definition.options):
        for row in session.scalars(select(CardFieldValue).where(CardFieldValue.field_id == definition.id)):
            value = convert_value(row.value, new_type, new_options)
            if value is None:
                session.delete(row)
                dropped += 1
            elif value != row.value or type(value) is not type(row.value):
                row.value = value
                converted += 1
        definition.type, definition.options = new_type, new_options
    definition.updated_at = utcnow()
    session.flush()
    emit(
        session,
        _definition_event(CustomFieldUpdated, actor, project, definition, convertedCount=converted, droppedCount=dropped),
    )
    session.flush()
    return definition


def rename_option(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, field_id: str, option: str, to: str
) -> CustomField:
    """Rename one option of a select or multi-select field, in place; the cards that chose it keep it."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    definition = field_of_project(session, project, field_id)
    if definition.type not in SELECT_TYPES:
        raise Invalid.field("option", "only select and multi-select fields have options")
    options = list(definition.options)
    if option not in options:
        raise Invalid.field("option", f"{option!r} is not an option of {definition.name!r}")
    if to == option:
        return definition
    if to in options:
        raise Conflict(f"{to!r} is already an option of {definition.name!r}")
    options[options.index(option)] = to
    carried = 0
    for row in session.scalars(select(CardFieldValue).where(CardFieldValue.field_id == definition.id)):
        if row.value == option:
            row.value = to
        elif isinstance(row.value, list) and option in row.value:
            row.value = [to if chosen == option else chosen for chosen in row.value]
        else:
            continue
        carried += 1
    definition.options = options
    definition.updated_at = utcnow()
    session.flush()
    emit(
        session,
        _definition_event(
            CustomFieldUpdated, actor, project, definition, renamedOption={"from": option, "to": to}, convertedCount=carried,
            droppedCount=0,
        ),
    )
    session.flush()
    return definition


def delete_custom_field(session: Session, *, actor: Principal, workspace_id: str, project_id: str, field_id: str) -> None:
    """Delete a definition; its values go with it (the foreign key cascades)."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    definition = field_of_project(session, project, field_id)
    emit(session, _definition_event(CustomFieldDeleted, actor, project, definition))
    session.execute(
        update(CustomField)
        .where(CustomField.project_id == project.id, CustomField.order > definition.order)
        .values(order=CustomField.order - 1),
        execution_options={"synchronize_session": False},
    )
    session.delete(definition)
    session.flush()


# -- values on cards -----------------------------------------------------------------


def _invalid(errors: list[FieldError]) -> Invalid:
    if len(errors) == 1:
        return Invalid.field(errors[0].field, errors[0].message)
    return Invalid("Validation failed: " + "; ".join(f"{e.field}: {e.message}" for e in errors), details=errors)


def set_field_values(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    values: Mapping[str, Any],
) -> CardDetails:
    """Set (or with None, clear) a card's values, keyed by field id; all or nothing.

    A key that is not a field of this project, or a value that does not fit its
    field's type, is a 400 naming the field id. Returns the card.
    """
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    card = cards.card_of_project(session, project, card_id)
    definitions = {d.id: d for d in _fields(session, project.id)}
    wanted: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field_id, value in values.items():
        definition = definitions.get(field_id)
        if definition is None:
            errors.append(FieldError(field_id, "is not a custom field of this project"))
        elif value is None:
            wanted[field_id] = None
        else:
            try:
                checked = validate_value(definition.type, definition.options, value)
            except ValueError as exc:
                errors.append(FieldError(field_id, f"{definition.name} {exc}"))
            else:
                wanted[field_id] = None if checked == [] else checked
    if errors:
        raise _invalid(errors)
    rows = {r.field_id: r for r in session.scalars(select(CardFieldValue).where(CardFieldValue.card_id == card.id))}
    changed: list[str] = []
    for field_id, value in wanted.items():
        row = rows.get(field_id)
        if value is None:
            if row is not None:
                session.delete(row)
                changed.append(field_id)
        elif row is None:
            session.add(CardFieldValue(card_id=card.id, field_id=field_id, value=value))
            changed.append(field_id)
        elif row.value != value or type(row.value) is not type(value):
            row.value = value
            changed.append(field_id)
    if changed:
        card.updated_at = utcnow()
        session.flush()
        emit(session, cards.card_event(CardUpdated, actor, project, card, fields=["customFields"], fieldIds=changed))
        session.flush()
    return cards.load_details(session, card)
