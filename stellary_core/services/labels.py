"""Labels: project-level coloured tags, and putting them on cards.

Rules:
- a label's name is unique in its project, ignoring case (a second "Bug" is a
  409), since filters and the TUI find labels by name;
- putting a label on a card is idempotent: adding one the card already has
  changes nothing and records no activity; removing one it lacks likewise;
- a label of another project (or no label at all) is a 404, as for any path id;
- deleting a label takes it off every card (the card_labels foreign key cascades).

Definition changes emit ``label_created`` / ``label_updated`` / ``label_deleted``
(no activity type of their own; after-commit subscribers such as the TUI refresh
on them). A card gaining or losing a label emits ``card_updated`` with
``fields: ["labelIds"]``.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.event_types import CardUpdated, LabelCreated, LabelDeleted, LabelUpdated, ProjectEvent, project_event
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Card, CardLabel, Label, Project
from stellary_core.principal import Principal
from stellary_core.schemas.labels import LabelCreateIn, LabelUpdateIn
from stellary_core.services import access, cards
from stellary_core.services.cards import CardDetails

MAX_LABELS_PER_PROJECT = 200


def label_of_project(session: Session, project: Project, label_id: str) -> Label:
    label = session.get(Label, label_id) if is_id(label_id) else None
    if label is None or label.project_id != project.id:
        raise NotFound("Label not found")
    return label


def _check_name_free(session: Session, project: Project, name: str, excluding: str | None = None) -> None:
    query = select(Label.id).where(Label.project_id == project.id, func.lower(Label.name) == name.lower())
    if excluding is not None:
        query = query.where(Label.id != excluding)
    if session.scalar(query) is not None:
        raise Conflict(f"A label named {name!r} already exists in this project")


def _definition_event(kind: type[ProjectEvent], actor: Principal, project: Project, label: Label) -> ProjectEvent:
    return project_event(kind, actor, project, labelId=label.id, name=label.name, color=label.color)


def list_labels(session: Session, *, actor: Principal, workspace_id: str, project_id: str) -> list[Label]:
    """The project's labels, by name."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return list(session.scalars(select(Label).where(Label.project_id == project.id).order_by(func.lower(Label.name), Label.id)))


def create_label(session: Session, *, actor: Principal, workspace_id: str, project_id: str, data: LabelCreateIn) -> Label:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    count = session.scalar(select(func.count()).where(Label.project_id == project.id)) or 0
    if count >= MAX_LABELS_PER_PROJECT:
        raise Conflict(f"A project holds at most {MAX_LABELS_PER_PROJECT} labels")
    _check_name_free(session, project, data.name)
    label = Label(project_id=project.id, name=data.name, color=data.color)
    session.add(label)
    session.flush()
    emit(session, _definition_event(LabelCreated, actor, project, label))
    session.flush()
    return label


def update_label(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, label_id: str, data: LabelUpdateIn
) -> Label:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    label = label_of_project(session, project, label_id)
    given = data.given()
    for name in ("name", "color"):
        if name in given and getattr(data, name) is None:
            raise Invalid.field(name, "cannot be null")
    if data.name is not None and data.name != label.name:
        _check_name_free(session, project, data.name, excluding=label.id)
        label.name = data.name
    if data.color is not None:
        label.color = data.color
    session.flush()
    emit(session, _definition_event(LabelUpdated, actor, project, label))
    session.flush()
    return label


def delete_label(session: Session, *, actor: Principal, workspace_id: str, project_id: str, label_id: str) -> None:
    """Delete a label; the foreign key takes it off every card."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    label = label_of_project(session, project, label_id)
    emit(session, _definition_event(LabelDeleted, actor, project, label))
    session.delete(label)
    session.flush()


def _card_and_label(
    session: Session, actor: Principal, workspace_id: str, project_id: str, card_id: str, label_id: str
) -> tuple[Project, Card, Label]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    card = cards.card_of_project(session, project, card_id)
    return project, card, label_of_project(session, project, label_id)


def _labels_changed(session: Session, actor: Principal, project: Project, card: Card) -> None:
    card.updated_at = utcnow()
    session.flush()
    emit(session, cards.card_event(CardUpdated, actor, project, card, fields=["labelIds"]))


def add_label_to_card(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, label_id: str
) -> CardDetails:
    """Put a label on a card (idempotent); returns the card."""
    project, card, label = _card_and_label(session, actor, workspace_id, project_id, card_id, label_id)
    if session.get(CardLabel, (card.id, label.id)) is None:
        session.add(CardLabel(card_id=card.id, label_id=label.id))
        _labels_changed(session, actor, project, card)
        session.flush()
    return cards.load_details(session, card)


def remove_label_from_card(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, label_id: str
) -> CardDetails:
    """Take a label off a card (idempotent); returns the card."""
    project, card, label = _card_and_label(session, actor, workspace_id, project_id, card_id, label_id)
    link = session.get(CardLabel, (card.id, label.id))
    if link is not None:
        session.delete(link)
        _labels_changed(session, actor, project, card)
        session.flush()
    return cards.load_details(session, card)
