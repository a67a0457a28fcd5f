"""Triage: a priority and a due date suggested from a card's words, labels and age.

Deterministic and explainable: each sign adds to a score, and the reasons
come back with the suggestion so the person (or the proposal) can see why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

Priority = Literal["low", "medium", "high"]

_URGENT = (
    "urgent", "asap", "critical", "blocker", "blocking", "outage", "down", "crash", "crashes", "broken", "security",
    "vulnerability", "data loss", "production", "prod", "customer", "deadline", "today",
)  # fmt: skip
_MINOR = ("nice to have", "someday", "maybe", "idea", "cleanup", "clean up", "typo", "polish", "cosmetic", "refactor")
_URGENT_LABELS = ("bug", "urgent", "critical", "security", "incident", "blocker", "hotfix")
_MINOR_LABELS = ("idea", "nice-to-have", "nice to have", "chore", "docs", "documentation", "tech debt")
# Days until due for each suggested priority.
_DUE_IN: Mapping[Priority, int] = {"high": 3, "medium": 14, "low": 30}
# A card left open this long has waited enough to rise a level.
_STALE_DAYS = 30


@dataclass(frozen=True)
class Triage:
    priority: Priority
    due: date
    reasons: tuple[str, ...]


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def _created(card: Mapping[str, Any]) -> date | None:
    raw = card.get("createdAt")
    if not isinstance(raw, str):
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def triage(card: Mapping[str, Any], label_names: Iterable[str], today: date) -> Triage:
    """The suggested priority and due date of ``card`` (get_card_details' JSON) with the reasons for them."""
    text = f"{card.get('title') or ''}\n{card.get('description') or ''}".lower()
    labels = [name.lower() for name in label_names]
    score = 0
    reasons: list[str] = []
    urgent = [word for word in _URGENT if _has(text, word)]
    if urgent:
        score += 2
        reasons.append(f"its text says {', '.join(urgent[:3])}")
    minor = [word for word in _MINOR if _has(text, word)]
    if minor:
        score -= 2
        reasons.append(f"its text says {', '.join(minor[:3])}")
    hot = [name for name in labels if name in _URGENT_LABELS]
    if hot:
        score += 2
        reasons.append(f"it is labelled {', '.join(hot)}")
    cold = [name for name in labels if name in _MINOR_LABELS]
    if cold:
        score -= 1
        reasons.append(f"it is labelled {', '.join(cold)}")
    created = _created(card)
    if created is not None and card.get("status") != "done" and (today - created).days >= _STALE_DAYS:
        score += 1
        reasons.append(f"it has been open {(today - created).days} days")
    priority: Priority = "high" if score >= 2 else "low" if score <= -1 else "medium"
    if not reasons:
        reasons.append("nothing in it says urgent or minor")
    return Triage(priority, today + timedelta(days=_DUE_IN[priority]), tuple(reasons))
