"""The card editor's Activity tab: what happened to the card, newest first, in words."""

from __future__ import annotations

from typing import Any, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.operations.catalog.activity import CardActivity, list_card_activity
from stellary_core.schemas.activity_log import CardActivityOut
from stellary_tui.widgets.card_pane import CardPane, when


class Happening(Protocol):
    """What ``describe`` reads of an activity: a card's entry or a notification's."""

    @property
    def type(self) -> str: ...

    @property
    def meta(self) -> dict[str, Any]: ...


def describe(entry: Happening, people: dict[str, str] | None = None) -> str:
    """One line saying what an activity did (also used by the notifications panel)."""
    meta: dict[str, Any] = entry.meta
    kind = entry.type
    if kind == "card_created" and meta.get("restored"):
        return f"brought it back into {meta.get('column', 'a column')} (undoing its deletion)"
    if kind == "card_created":
        return f"created the card in {meta.get('column', 'a column')}"
    if kind == "card_moved":
        return f"moved it from {meta.get('fromColumn', '?')} to {meta.get('toColumn', '?')}"
    if kind == "card_updated":
        fields = meta.get("fields") or []
        return "changed " + (", ".join(str(f) for f in fields) if fields else "the card")
    if kind == "card_assigned":
        assignee = meta.get("assigneeId")
        name = (people or {}).get(str(assignee), meta.get("assigneeName") or "someone") if assignee else None
        return f"assigned it to {name}" if name else "unassigned it"
    if kind == "card_archived":
        return "archived it"
    if kind == "card_deleted":
        return "deleted it"
    if kind == "comment_added":
        excerpt = meta.get("excerpt") or meta.get("content") or ""
        return f"commented: {excerpt}" if excerpt else "commented"
    if kind == "member_added":
        return "added a member"
    if kind == "member_removed":
        return "removed a member"
    return kind.replace("_", " ")


class ActivityPane(CardPane):
    def compose(self) -> ComposeResult:
        yield Label("Loading…", id="activity-count", classes="pane-hint")
        yield OptionList(id="activity-list")

    def reload(self) -> None:
        self.run(list_card_activity, lambda r: CardActivity(**r.on_card(), limit=200), then=self._show)

    def _show(self, entries: list[CardActivityOut]) -> None:
        listing = self.query_one("#activity-list", OptionList)
        listing.clear_options()
        for entry in entries:
            text = Text(f"{when(entry.created_at)}  ", style="dim")
            text.append(entry.actor_name, style="bold magenta")
            text.append(f" {describe(entry)}")
            listing.add_option(Option(text))
        self.query_one("#activity-count", Label).update(
            f"Latest {len(entries)} changes, newest first." if entries else "No activity recorded yet."
        )
