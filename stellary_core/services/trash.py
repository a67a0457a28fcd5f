"""The trash: a deleted card's copy, kept so that whoever deleted it can bring it back (the TUI's undo).

``trash_card`` deletes a card exactly as ``cards.delete_card`` does (the same
event, the same gap closed in its column) after copying, in the same
transaction, the card's row and every row hanging off it. ``restore_card``
puts them back. Rules:

- only the person who deleted the card can restore it, while they may still
  write to its project; a copy is kept ``TRASH_DAYS`` days, then purged (rows
  and files) by the next ``trash_card``;
- the card comes back under its id and key (card numbers are never reused),
  with its fields, status, dates, creator and creation time, in its column at
  its place (archived, it stays archived); if the column was deleted since, in
  the first column of its scope, or else of the project's default scope;
- its checklist, comments (authors and times) and attachments come back whole:
  the attachment files stay on disk while the copy exists (an attachment whose
  file is gone anyway is left out);
- labels, custom-field values and relations come back as far as the other end
  still exists: a label, field or related card deleted since is left out, and
  so is a value its field no longer accepts or a relation the rules would now
  refuse (a cycle, a second parent); an assignee who left the workspace is not
  reassigned; a person who no longer exists is shown as unknown, as for any card;
- the activity log was never deleted (it has no foreign key to the card), so
  the card's history is there again, followed by a ``card_created`` naming
  ``restored``; like the deletion, the restore leaves the other cards alone
  (their ``updatedAt`` too).

Every left-out part is reported in words, so the caller can say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, delete, inspect, or_, select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.db import database_of
from stellary_core.errors import Conflict, NotFound, StellaryError
from stellary_core.event_types import CardArchived, CardCreated
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import (
    Attachment,
    Base,
    BoardColumn,
    Card,
    CardFieldValue,
    CardLabel,
    CardRelation,
    ChecklistItem,
    Comment,
    CustomField,
    Label,
    Project,
    Scope,
    TrashedCard,
    User,
    WorkspaceMember,
)
from stellary_core.principal import Principal
from stellary_core.services import access, card_versions, cards, files, relations
from stellary_core.services.custom_fields import validate_value
from stellary_core.services.projects import default_scope

TRASH_DAYS = 7
# The rows copied with a card, by the name they have in the copy; each has a ``card_id`` column.
_PARTS: tuple[tuple[str, type[Base]], ...] = (
    ("checklist", ChecklistItem),
    ("labels", CardLabel),
    ("fieldValues", CardFieldValue),
    ("comments", Comment),
    ("attachments", Attachment),
)


@dataclass(frozen=True)
class TrashedCardView:
    card_id: str
    key: str
    title: str
    updated_at: datetime  # the card's version when it was deleted
    kept_until: datetime


@dataclass
class RestoredCard:
    details: cards.CardDetails
    left_out: list[str] = field(default_factory=list)  # what did not come back, in words


# -- copying rows ------------------------------------------------------------------------
# Every column of a row is copied, so a column added to a table later is kept without a change here.


def _copy_row(row: Base) -> dict[str, Any]:
    copied: dict[str, Any] = {}
    for attr in inspect(type(row)).column_attrs:
        value = getattr(row, attr.key)
        copied[attr.key] = value.isoformat() if isinstance(value, datetime) else value
    return copied


def _new_row(model: type[Base], copied: dict[str, Any], **overrides: Any) -> Any:
    values: dict[str, Any] = {}
    for attr in inspect(model).column_attrs:
        if attr.key in overrides:
            values[attr.key] = overrides[attr.key]
        elif attr.key in copied:
            value = copied[attr.key]
            is_time = isinstance(attr.columns[0].type, DateTime)
            values[attr.key] = datetime.fromisoformat(value) if is_time and isinstance(value, str) else value
    return model(**values)


def _copy(session: Session, card: Card) -> dict[str, Any]:
    copied: dict[str, Any] = {"card": _copy_row(card)}
    for name, model in _PARTS:
        rows = session.scalars(select(model).where(model.card_id == card.id))  # type: ignore[attr-defined]
        copied[name] = [_copy_row(row) for row in rows]
    linked = session.scalars(
        select(CardRelation).where(or_(CardRelation.source_card_id == card.id, CardRelation.target_card_id == card.id))
    )
    copied["relations"] = [_copy_row(row) for row in linked]
    # Names, to say in words what could not come back once the things themselves are gone.
    label_ids = [row["label_id"] for row in copied["labels"]]
    field_ids = [row["field_id"] for row in copied["fieldValues"]]
    other_ids = {r["target_card_id"] if r["source_card_id"] == card.id else r["source_card_id"] for r in copied["relations"]}
    column = session.get(BoardColumn, card.column_id)
    copied["names"] = {
        "column": column.name if column is not None else "",
        "labels": _names(session, Label.id, Label.name, label_ids),
        "fields": _names(session, CustomField.id, CustomField.name, field_ids),
        "cards": _names(session, Card.id, Card.key, other_ids),
    }
    return copied


def _names(session: Session, id_column: Any, name_column: Any, ids: Iterable[str]) -> dict[str, str]:
    wanted = list(ids)
    if not wanted:
        return {}
    return {row[0]: row[1] for row in session.execute(select(id_column, name_column).where(id_column.in_(wanted)))}


# -- trashing ----------------------------------------------------------------------------


def trash_card(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    expected_updated_at: datetime | None = None,
) -> TrashedCardView:
    """Delete a card, keeping a copy that ``restore_card`` can bring back for ``TRASH_DAYS`` days."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    card = cards.card_of_project(session, project, card_id)
    card_versions.require_unchanged(session, actor=actor, card=card, expected=expected_updated_at)
    now = utcnow()
    purge_trash(session, now=now)
    view = TrashedCardView(card.id, card.key, card.title, card.updated_at, now + timedelta(days=TRASH_DAYS))
    copied = _copy(session, card)
    session.execute(delete(TrashedCard).where(TrashedCard.card_id == card.id))  # a copy left by a failed restore
    session.add(
        TrashedCard(card_id=card.id, project_id=project.id, deleted_by=actor.user_id, deleted_at=now, key=card.key, copy=copied)
    )
    cards.delete_card(
        session, actor=actor, workspace_id=workspace_id, project_id=project.id, card_id=card.id, keep_files=True
    )
    return view


def purge_trash(session: Session, *, now: datetime) -> None:
    """Forget the copies older than ``TRASH_DAYS`` days, and their attachment files after the commit."""
    old = list(session.scalars(select(TrashedCard).where(TrashedCard.deleted_at < now - timedelta(days=TRASH_DAYS))))
    if not old:
        return
    attachment_ids = [a["id"] for row in old for a in row.copy.get("attachments", [])]
    for row in old:
        session.delete(row)
    session.flush()
    files.remove_files_after_commit(session, attachment_ids)


# -- restoring ---------------------------------------------------------------------------


def restore_card(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card: str
) -> RestoredCard:
    """Bring a card (by id or key) back from the trash under its id and key; see the module's rules."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    trashed = _trashed(session, project, card)
    if trashed is None or trashed.deleted_by != actor.user_id:
        raise NotFound(f"That card is not in your trash (a deleted card is kept {TRASH_DAYS} days)")
    if session.get(Card, trashed.card_id) is not None:
        raise Conflict(f"{trashed.key} exists already")
    copied, names = trashed.copy, trashed.copy.get("names", {})
    left_out: list[str] = []
    restored = _restore_card_row(session, project, copied["card"], names, left_out)
    _restore_parts(session, project, restored, copied, names, left_out)
    session.delete(trashed)
    session.flush()
    emit(
        session,
        cards.card_event(
            CardCreated, actor, project, restored, column=_column_name(session, restored), columnId=restored.column_id,
            assigneeId=restored.assignee_id, restored=True,
        ),
    )
    if restored.archived:  # the history replayed (stats) must leave it off the board, as it was
        emit(session, cards.card_event(CardArchived, actor, project, restored))
    session.flush()
    return RestoredCard(cards.load_details(session, restored), left_out)


def _trashed(session: Session, project: Project, ref: str) -> TrashedCard | None:
    """The project's copy of a card given by id or key (``gs-12`` too)."""
    if is_id(ref):
        by_id = session.get(TrashedCard, ref)
        if by_id is not None and by_id.project_id == project.id:
            return by_id
    return session.scalar(
        select(TrashedCard).where(TrashedCard.project_id == project.id, TrashedCard.key == ref.strip().upper())
    )


def _column_name(session: Session, card: Card) -> str:
    return session.get_one(BoardColumn, card.column_id).name


def _home_column(session: Session, project: Project, copied: dict[str, Any], names: dict[str, Any], left_out: list[str]) -> BoardColumn:
    """The card's column, or if it is gone the first column of its scope, else of the default scope."""
    column = session.get(BoardColumn, copied["column_id"])
    if column is not None and column.project_id == project.id:
        return column
    scope = session.get(Scope, copied["scope_id"])
    for scope_id in ([scope.id] if scope is not None and scope.project_id == project.id else []) + [
        default_scope(session, project.id).id
    ]:
        first = session.scalar(select(BoardColumn).where(BoardColumn.scope_id == scope_id).order_by(BoardColumn.order).limit(1))
        if first is not None:
            gone = names.get("column") or "its column"
            left_out.append(f"its column {gone} (deleted since): it is in {first.name}")
            return first
    raise Conflict("The project has no column to put the card back in")


def _restore_card_row(
    session: Session, project: Project, copied: dict[str, Any], names: dict[str, Any], left_out: list[str]
) -> Card:
    column = _home_column(session, project, copied, names, left_out)
    assignee = copied.get("assignee_id")
    if assignee is not None and session.get(WorkspaceMember, (project.workspace_id, assignee)) is None:
        left_out.append("its assignee, who is no longer a member of the workspace")
        assignee = None
    creator = copied.get("created_by")
    archived = bool(copied.get("archived"))
    card: Card = _new_row(
        Card,
        copied,
        project_id=project.id,
        scope_id=column.scope_id,
        column_id=column.id,
        assignee_id=assignee,
        created_by=creator if creator is not None and session.get(User, creator) is not None else None,
        # An archived card holds no place among the active ones; an active one takes its old place back.
        order=copied.get("order", 0) if archived else cards.make_room(session, column, copied.get("order"), copied["id"]),
        comment_count=0,
        attachment_count=0,
        checklist_total=0,
        checklist_done=0,
        updated_at=utcnow(),
    )
    session.add(card)
    session.flush()
    return card


def _person(session: Session, user_id: str | None) -> str | None:
    return user_id if user_id is not None and session.get(User, user_id) is not None else None


def _restore_parts(
    session: Session, project: Project, card: Card, copied: dict[str, Any], names: dict[str, Any], left_out: list[str]
) -> None:
    items = copied.get("checklist", [])
    for row in items:
        session.add(_new_row(ChecklistItem, row))
    card.checklist_total, card.checklist_done = len(items), sum(1 for row in items if row.get("done"))
    for row in copied.get("comments", []):
        session.add(_new_row(Comment, row, author_id=_person(session, row.get("author_id"))))
    card.comment_count = len(copied.get("comments", []))
    settings = database_of(session).settings
    missing_files = 0
    for row in copied.get("attachments", []):
        if not files.attachment_path(settings, row["id"]).is_file():
            missing_files += 1
            continue
        session.add(_new_row(Attachment, row, uploaded_by=_person(session, row.get("uploaded_by"))))
        card.attachment_count += 1
    if missing_files:
        left_out.append(f"{_count(missing_files, 'attachment')} whose file is gone")
    for row in copied.get("labels", []):
        label = session.get(Label, row["label_id"])
        if label is None or label.project_id != project.id:
            left_out.append(f"{_named(names, 'labels', row['label_id'], 'the label', 'a label')} (deleted since)")
        else:
            session.add(_new_row(CardLabel, row))
    _restore_values(session, project, copied.get("fieldValues", []), names, left_out)
    session.flush()
    _restore_relations(session, project, card, copied.get("relations", []), names, left_out)


def _restore_values(
    session: Session, project: Project, rows: list[dict[str, Any]], names: dict[str, Any], left_out: list[str]
) -> None:
    for row in rows:
        definition = session.get(CustomField, row["field_id"])
        if definition is None or definition.project_id != project.id:
            left_out.append(f"{_named(names, 'fields', row['field_id'], 'the field', 'a field')} (deleted since)")
            continue
        try:
            value = validate_value(definition.type, definition.options or [], row["value"]) if row["value"] is not None else None
        except ValueError:
            left_out.append(f"the value of {definition.name}, which the field no longer accepts")
            continue
        if value is not None and value != []:
            session.add(_new_row(CardFieldValue, row, value=value))


def _restore_relations(
    session: Session, project: Project, card: Card, rows: list[dict[str, Any]], names: dict[str, Any], left_out: list[str]
) -> None:
    for row in rows:
        other_id = row["target_card_id"] if row["source_card_id"] == card.id else row["source_card_id"]
        other = session.get(Card, other_id)
        key = names.get("cards", {}).get(other_id) or "a card"
        if other is None or other.project_id != project.id:
            left_out.append(f"its relation to {key} (deleted since)")
            continue
        try:
            relations.check_new(session, project, row["type"], row["source_card_id"], row["target_card_id"])
        except StellaryError as refused:
            left_out.append(f"its relation to {key} ({refused.message[0].lower()}{refused.message[1:]})")
            continue
        session.add(_new_row(CardRelation, row, project_id=project.id, created_by=_person(session, row.get("created_by"))))
        session.flush()  # the next relation's check sees this one


def _named(names: dict[str, Any], kind: str, thing_id: str, the: str, unnamed: str) -> str:
    name = names.get(kind, {}).get(thing_id)
    return f"{the} “{name}”" if name else unnamed


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
