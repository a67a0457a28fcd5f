"""A card's version is its ``updatedAt``: a change meant for the card as a client last saw it applies only to that card.

Undo works this way: the client says which version it expects, and a card
changed since (by anyone: another client, another screen, a teammate) is a
409 that names who changed it, so nothing is overwritten behind their back.
Every change to a card or to what hangs off it (labels, fields, checklist,
comments, attachments, relations) moves ``updatedAt``; a neighbour's move does
not (see ``cards._shift``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.clock import iso_z, to_utc_naive
from stellary_core.errors import Conflict, FieldError
from stellary_core.models import Activity, Card, User
from stellary_core.principal import Principal
from stellary_core.services.comments import display_name


def same_version(stored: datetime, expected: datetime) -> bool:
    """Equal at the wire's precision: JSON carries milliseconds, so a client over HTTP can only send those."""
    a, b = to_utc_naive(stored), to_utc_naive(expected)
    return a.replace(microsecond=a.microsecond // 1000 * 1000) == b.replace(microsecond=b.microsecond // 1000 * 1000)


def require_unchanged(session: Session, *, actor: Principal, card: Card, expected: datetime | None) -> None:
    """409 when ``card`` is no longer at version ``expected`` (None asks for no check)."""
    if expected is None or same_version(card.updated_at, expected):
        return
    who = _last_changed_by(session, card, since=to_utc_naive(expected))
    by = "" if who is None else " by you" if who.id == actor.user_id else f" by {display_name(who)}"
    raise Conflict(
        f"{card.key} was changed{by} since; nothing was overwritten",
        details=[FieldError("expectedUpdatedAt", f"the card is now at {iso_z(card.updated_at)}")],
    )


def _last_changed_by(session: Session, card: Card, *, since: datetime) -> User | None:
    """The person of the newest activity on the card after ``since``, if the log names one."""
    actor_id = session.scalar(
        select(Activity.actor_id)
        .where(Activity.card_id == card.id, Activity.created_at > since)
        .order_by(Activity.created_at.desc())
        .limit(1)
    )
    return session.get(User, actor_id) if actor_id else None
