"""One change applied to many cards: move, set priority, add or remove a label, archive, restore.

Each card goes through the ordinary card/label service (so every rule,
activity record and event is the same as for a single edit) and is committed
on its own: one card that cannot be changed (deleted meanwhile, say) is rolled
back and reported by key while the others still change. Cards that are
already as asked are counted apart, so a caller can say truthfully how many
cards changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from stellary_core.errors import StellaryError
from stellary_core.models import Card, CardLabel
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn, Priority
from stellary_core.services import access, cards, labels
from stellary_core.services.columns import column_of_project


@dataclass(frozen=True)
class BulkFailure:
    card_id: str
    key: str | None  # None when the card could not even be found
    message: str


@dataclass
class BulkOutcome:
    changed: list[str] = field(default_factory=list)  # card ids, in the order given
    unchanged: list[str] = field(default_factory=list)  # already as asked
    failures: list[BulkFailure] = field(default_factory=list)


def _each(
    session: Session,
    project_card: Callable[[str], Card],
    card_ids: Sequence[str],
    already: Callable[[Card], bool],
    apply: Callable[[str], object],
) -> BulkOutcome:
    outcome = BulkOutcome()
    for card_id in dict.fromkeys(card_ids):  # a card listed twice changes once
        key: str | None = None
        try:
            # A savepoint per card: a card that fails leaves nothing half-done behind,
            # and the others still commit together with the one unit of work.
            with session.begin_nested():
                card = project_card(card_id)
                key = card.key
                if already(card):
                    outcome.unchanged.append(card_id)
                    continue
                apply(card_id)
        except StellaryError as error:
            outcome.failures.append(BulkFailure(card_id, key, error.message))
        else:
            outcome.changed.append(card_id)
    return outcome


def move_cards(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_ids: Sequence[str], column_id: str
) -> BulkOutcome:
    """Move each card to the end of ``column_id`` (a column of another project is a NotFound for the whole call)."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    column_of_project(session, project, column_id, field="columnId")
    return _each(
        session,
        lambda card_id: cards.card_of_project(session, project, card_id),
        card_ids,
        lambda card: card.column_id == column_id,
        lambda card_id: cards.move_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, column_id=column_id
        ),
    )


def set_priority(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_ids: Sequence[str],
    priority: Priority | None,
) -> BulkOutcome:
    """Give each card ``priority`` (None clears it)."""
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    data = CardUpdateIn(priority=priority)
    return _each(
        session,
        lambda card_id: cards.card_of_project(session, project, card_id),
        card_ids,
        lambda card: card.priority == priority,
        lambda card_id: cards.update_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, data=data
        ),
    )


def add_label(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_ids: Sequence[str], label_id: str
) -> BulkOutcome:
    """Put a project label on each card (cards that have it are left alone)."""
    return _relabel(session, actor, workspace_id, project_id, card_ids, label_id, put=True)


def remove_label(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_ids: Sequence[str], label_id: str
) -> BulkOutcome:
    """Take a project label off each card (cards without it are left alone)."""
    return _relabel(session, actor, workspace_id, project_id, card_ids, label_id, put=False)


def _relabel(
    session: Session,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_ids: Sequence[str],
    label_id: str,
    *,
    put: bool,
) -> BulkOutcome:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    labels.label_of_project(session, project, label_id)
    change = labels.add_label_to_card if put else labels.remove_label_from_card
    return _each(
        session,
        lambda card_id: cards.card_of_project(session, project, card_id),
        card_ids,
        lambda card: (session.get(CardLabel, (card.id, label_id)) is not None) == put,
        lambda card_id: change(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, label_id=label_id
        ),
    )


def archive_cards(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_ids: Sequence[str]
) -> BulkOutcome:
    """Archive each card (already archived ones are left alone)."""
    return _set_archived(session, actor, workspace_id, project_id, card_ids, archived=True)


def restore_cards(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_ids: Sequence[str]
) -> BulkOutcome:
    """Take each card out of the archive, at the end of its column (active ones are left alone)."""
    return _set_archived(session, actor, workspace_id, project_id, card_ids, archived=False)


def _set_archived(
    session: Session, actor: Principal, workspace_id: str, project_id: str, card_ids: Sequence[str], *, archived: bool
) -> BulkOutcome:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return _each(
        session,
        lambda card_id: cards.card_of_project(session, project, card_id),
        card_ids,
        lambda card: card.archived == archived,
        lambda card_id: cards.update_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id,
            data=CardUpdateIn(archived=archived),
        ),
    )
