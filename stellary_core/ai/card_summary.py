"""A card and its comments said in a few lines: what the ``summarize`` prompt completes with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_EXCERPT = 160


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


def summarize(card: Mapping[str, Any], comments: Sequence[Mapping[str, Any]]) -> str:
    """``card`` as get_card_details returns it, ``comments`` as get_card_comments does (oldest first)."""
    state = [str(card.get("status", "")).replace("_", " ")]
    state.append(f"priority {card['priority']}" if card.get("priority") else "no priority")
    if card.get("dueDate"):
        state.append(f"due {str(card['dueDate'])[:10]}")
    state.append("assigned" if card.get("assigneeId") else "unassigned")
    if card.get("archived"):
        state.append("archived")
    lines = [f"{card.get('key')} \"{card.get('title')}\": {', '.join(state)}."]
    checklist = card.get("checklist") or []
    if checklist:
        done = sum(1 for item in checklist if item.get("done"))
        open_items = [str(item.get("title")) for item in checklist if not item.get("done")]
        line = f"Checklist {done}/{len(checklist)} done"
        lines.append(f"{line}; open: {', '.join(open_items)}." if open_items else f"{line}.")
    if card.get("description"):
        lines.append(f"Description: {_excerpt(str(card['description']))}")
    if card.get("blockedByCount"):
        lines.append(f"Blocked by {card['blockedByCount']} card(s).")
    if comments:
        latest = comments[-1]
        count = f"{len(comments)} comment" + ("s" if len(comments) != 1 else "")
        author = latest.get("authorName") or "someone"
        lines.append(f"{count}; the latest, by {author}: \"{_excerpt(str(latest.get('content', '')))}\"")
    else:
        lines.append("No comments.")
    return "\n".join(lines)
