"""The card editor's Activity tab: what happened to the card, newest first, in words."""

from __future__ import annotations

from typing import Any, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.operations.catalog.activity import CardActivity, list_card_activity
from stellary_core.schemas.activity_log import CardActivityOut
from stellary_tui.plurals import count
from stellary_tui.terminal_text import steady
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
        created = f"created the card in {meta.get('column', 'a column')}"
        return f"{created} as the next occurrence of {meta['recurredFrom']}" if meta.get("recurredFrom") else created
    if kind == "card_moved":
        return _moved(meta)
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


def _moved(meta: dict[str, Any]) -> str:
    """A move in words: within a scope by column; to another scope or project, the whole way."""
    to_column = meta.get("toColumn", "?")
    if meta.get("toProjectId"):
        said = f"moved it to {meta.get('toProject', '?')} › {meta.get('toScope', '?')} › {to_column} as {meta.get('toKey', '?')}"
        said += f" (it was {meta.get('fromKey', '?')} in {meta.get('fromProject', '?')})"
        dropped = [
            f"{what} {', '.join(str(n) for n in meta.get(key) or [])}"
            for what, key in (("labels", "droppedLabels"), ("fields", "droppedFields"))
            if meta.get(key)
        ]
        if meta.get("droppedRelations"):
            dropped.append(f"{meta['droppedRelations']} relation{'s' if meta['droppedRelations'] != 1 else ''}")
        return said + (f"; left behind: {'; '.join(dropped)}" if dropped else "")
    if meta.get("toScopeId") and meta.get("toScopeId") != meta.get("fromScopeId"):
        return f"moved it from {meta.get('fromScope', '?')} › {meta.get('fromColumn', '?')} to {meta.get('toScope', '?')} › {to_column}"
    return f"moved it from {meta.get('fromColumn', '?')} to {to_column}"


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
            text.append(steady(entry.actor_name), style="bold magenta")
            text.append(f" {steady(describe(entry))}")
            listing.add_option(Option(text))
        self.query_one("#activity-count", Label).update(
            f"Latest {count(len(entries), 'change')}, newest first." if entries else "No activity recorded yet."
        )
