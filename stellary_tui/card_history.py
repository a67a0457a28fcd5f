"""The session's undo and redo stacks of card changes: moves, edits, archives, deletions.

A step says how to undo and redo one change as a core operation (``save_card``,
``trash_card``, ``restore_card``), so an undo runs every rule a change does, in
one transaction. A step also holds the card's version (its ``updatedAt``) at
either end of the change: an undo sends the version it expects the card to be
at, and the core refuses it if the card changed since, whoever changed it.
After an undo or redo the card is at a new version; the neighbouring steps of
the same card that were chained to the old one are moved on to it, so undoing
several changes of one card in a row works, while a change made in between by
anything else (another client, a key that is not recorded) breaks the chain
and is never overwritten.

Moves of one card in a row are one step (five presses of ⇧→ undo at once).
Creating a card is not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

    from stellary_core.operations.catalog.card_editing import SaveCard
    from stellary_core.operations.catalog.views import CardPlace, ChangedCard
    from stellary_core.schemas.board import CardOut

LIMIT = 50
Kind = Literal["move", "edit", "archive", "delete"]
Direction = Literal["undo", "redo"]


@dataclass(frozen=True)
class Where:
    """The workspace and project of a step's card, as the operations name them."""

    workspace_id: str
    project: str


@dataclass(frozen=True)
class Change:
    """One core operation; ``versioned`` ones are sent with the version the card must be at."""

    op: str
    payload: BaseModel
    versioned: bool = True

    def payload_at(self, version: datetime | None) -> BaseModel:
        if not self.versioned:
            return self.payload
        return self.payload.model_copy(update={"expected_updated_at": version})


@dataclass
class Step:
    kind: Kind
    card_id: str
    key: str
    what: str  # "move GS-12 To Do → Doing", as the status line says it
    undo: Change
    redo: Change
    version_before: datetime | None  # the card's version where a redo applies (None: it did not exist)
    version_after: datetime | None  # where an undo applies (None: it no longer exists)
    # Moves only: where the card was before the first and after the last of the presses merged here.
    places: tuple[CardPlace, CardPlace] | None = None
    where: Where | None = None

    def change(self, direction: Direction) -> Change:
        return self.undo if direction == "undo" else self.redo

    def expected(self, direction: Direction) -> datetime | None:
        return self.version_after if direction == "undo" else self.version_before


class CardHistory:
    """Two bounded stacks; a new change clears the redo stack."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.undo_steps: list[Step] = []
        self.redo_steps: list[Step] = []

    def record(self, step: Step | None) -> None:
        """Remember a change (None, for one that changed nothing, is ignored)."""
        if step is None:
            return
        self.redo_steps.clear()
        last = self.undo_steps[-1] if self.undo_steps else None
        if (
            step.kind == "move"
            and last is not None
            and last.kind == "move"
            and last.card_id == step.card_id
            and last.version_after == step.version_before
            and last.places is not None
            and step.places is not None
        ):
            self.undo_steps[-1] = _merged_move(last, step)
            return
        self.undo_steps.append(step)
        del self.undo_steps[: -self.limit]

    def next(self, direction: Direction) -> Step | None:
        steps = self.undo_steps if direction == "undo" else self.redo_steps
        return steps[-1] if steps else None

    def done(self, direction: Direction, step: Step, version: datetime | None) -> None:
        """``step`` was undone (or redone): the card is now at ``version``; move the step across."""
        source, target = (self.undo_steps, self.redo_steps) if direction == "undo" else (self.redo_steps, self.undo_steps)
        source.remove(step)
        # The step that was done just before (undo) or after (redo) this one on the same card
        # expected the card where this one left or found it: it now finds it at ``version``.
        neighbour = next((s for s in reversed(source) if s.card_id == step.card_id), None)
        if direction == "undo":
            if neighbour is not None and neighbour.version_after == step.version_before:
                neighbour.version_after = version
            step.version_before = version
        else:
            if neighbour is not None and neighbour.version_before == step.version_after:
                neighbour.version_before = version
            step.version_after = version
        target.append(step)
        del target[: -self.limit]

    def drop(self, step: Step) -> None:
        """Forget a step that can no longer be undone or redone (the card changed since)."""
        for steps in (self.undo_steps, self.redo_steps):
            if step in steps:
                steps.remove(step)


# -- building steps from what the operations answered ----------------------------------


def _save(where: Where, card_id: str, **given: Any) -> Change:
    from stellary_core.operations.catalog.card_editing import SaveCard
    from stellary_core.schemas.board import CardUpdateIn

    update = given.pop("update", None)
    data = CardUpdateIn(**update) if update else None
    return Change(
        "save_card", SaveCard(workspace_id=where.workspace_id, project=where.project, card=card_id, update=data, **given)
    )


def _to_place(place: CardPlace, came_from: CardPlace) -> dict[str, Any]:
    """The update that puts a card back at ``place``: its column and order, and its status where the column does not set it."""
    update: dict[str, Any] = {"column_id": place.column_id, "order": place.order}
    if place.category is None and place.status != came_from.status:
        update["status"] = place.status
    return update


def _move_text(key: str, before: CardPlace, after: CardPlace) -> str:
    if before.column_id == after.column_id:
        return f"move {key} within {after.column_name}"
    return f"move {key} {before.column_name} → {after.column_name}"


def move_step(where: Where, changed: ChangedCard) -> Step | None:
    """A card moved on the board (``place_card``); None when it did not move."""
    before, after = changed.before, changed.after
    if before is None or after is None or (before.column_id, before.order) == (after.column_id, after.order):
        return None
    return Step(
        "move", changed.id, changed.key, _move_text(changed.key, before, after),
        undo=_save(where, changed.id, update=_to_place(before, after)),
        redo=_save(where, changed.id, update=_to_place(after, before)),
        version_before=changed.version_before, version_after=changed.version_after, places=(before, after), where=where,
    )  # fmt: skip


def _merged_move(first: Step, then: Step) -> Step:
    assert first.places is not None and then.places is not None
    start, end = first.places[0], then.places[1]
    assert first.where is not None
    return replace(
        first,
        what=_move_text(first.key, start, end),
        undo=_save(first.where, first.card_id, update=_to_place(start, end)),
        redo=_save(first.where, first.card_id, update=_to_place(end, start)),
        version_after=then.version_after,
        places=(start, end),
    )


def archive_step(where: Where, changed: ChangedCard) -> Step | None:
    before = changed.before
    if before is None or before.archived:
        return None
    return Step(
        "archive", changed.id, changed.key, f"archive {changed.key}",
        undo=_save(where, changed.id, update={"archived": False, "order": before.order}),
        redo=_save(where, changed.id, update={"archived": True}),
        version_before=changed.version_before, version_after=changed.version_after, where=where,
    )  # fmt: skip


def delete_step(where: Where, card_id: str, key: str, title: str, version: datetime) -> Step:
    """A card deleted through ``trash_card`` (at ``version``): its undo restores it from the trash."""
    from stellary_core.operations.catalog.trash import RestoreCard, TrashCard

    return Step(
        "delete", card_id, key, f"delete {key} “{title}”",
        undo=Change("restore_card", RestoreCard(workspace_id=where.workspace_id, project=where.project, card=card_id), versioned=False),
        redo=Change("trash_card", TrashCard(workspace_id=where.workspace_id, project=where.project, card=card_id)),
        version_before=version, version_after=None, where=where,
    )  # fmt: skip


# What the card editor saves, by the field's name in CardUpdateIn, as the status line names it.
_EDITED = {
    "title": "title",
    "description": "description",
    "priority": "priority",
    "status": "status",
    "start_date": "start date",
    "due_date": "due date",
    "assignee_id": "assignee",
    "column_id": "column",
    "checklist": "checklist",
    "recurrence": "repeats",
}


def edit_step(where: Where, saved: SaveCard, before: CardOut, after: CardOut) -> Step | None:
    """An edit saved by the card editor: only what it sent is undone, to the values it replaced.

    ``before`` is the card as the editor loaded it, ``after`` as the save left it.
    None when the save changed nothing.
    """
    if after.updated_at == before.updated_at:
        return None
    sent = saved.update.given() if saved.update is not None else set()
    undo: dict[str, Any] = {}
    redo: dict[str, Any] = {}
    for name in _EDITED:
        if name in sent and name != "checklist":
            undo[name], redo[name] = getattr(before, name), getattr(after, name)
    if "column_id" in sent and before.column_id != after.column_id:
        undo["order"], redo["order"] = before.order, after.order
        if "status" not in sent:  # the new column set it: the old one may not set it back
            undo["status"], redo["status"] = before.status, after.status
    if "checklist" in sent:
        undo["checklist"], redo["checklist"] = _checklist(before), _checklist(after)
    had = set(before.label_ids)
    added = [label for label in saved.add_labels if label not in had]
    removed = [label for label in saved.remove_labels if label in had]
    values = {field_id: before.custom_fields.get(field_id) for field_id in saved.field_values}
    redo_values = {field_id: after.custom_fields.get(field_id) for field_id in saved.field_values}
    parts = [label for name, label in _EDITED.items() if name in sent]
    if added or removed:
        parts.append("labels")
    if values != redo_values:
        parts.append("fields")
    return Step(
        "edit", after.id, after.key, f"edit {after.key} ({', '.join(parts)})" if parts else f"edit {after.key}",
        undo=_save(where, after.id, update=undo, add_labels=removed, remove_labels=added, field_values=values),
        redo=_save(where, after.id, update=redo, add_labels=added, remove_labels=removed, field_values=redo_values),
        version_before=before.updated_at, version_after=after.updated_at, where=where,
    )  # fmt: skip


def _checklist(card: CardOut) -> list[dict[str, Any]]:
    return [{"id": item.id, "title": item.title, "done": item.done, "order": item.order} for item in card.checklist]
