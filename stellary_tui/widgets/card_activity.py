"""The card editor's Activity tab: what happened to the card, newest first, in words."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.operations.catalog.activity import CardActivity, list_card_activity
from stellary_core.schemas.activity_log import CardActivityOut
from stellary_tui.field_labels import label
from stellary_tui.plurals import count
from stellary_tui.terminal_text import steady
from stellary_tui.widgets.card_pane import CardPane, when


class Happening(Protocol):
    """What ``describe`` reads of an activity: a card's entry or a notification's."""

    @property
    def type(self) -> str: ...

    @property
    def meta(self) -> dict[str, Any]: ...


STATUS_WORDS = {"todo": "to do", "in_progress": "in progress", "done": "done"}


def _value(field: str, value: Any) -> str:
    """One old or new value of ``card_updated``'s ``changes``, as the card shows it."""
    if value is None or value == "":
        return "none"
    if field in ("startDate", "dueDate"):
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{moment:%b} {moment.day}"
    if field == "title":
        return f"“{value}”"
    if field == "status":
        return STATUS_WORDS.get(str(value), str(value))
    return str(value)


def _field_word(field: str) -> str:
    return {"startDate": "start", "dueDate": "due", "recurrence": "how it repeats"}.get(field) or label(field).lower()


def _updated(meta: dict[str, Any]) -> str:
    """"changed priority low → high, due Dec 3 → Dec 10 and the description"."""
    fields = [str(f) for f in meta.get("fields") or []]
    changes: dict[str, Any] = meta.get("changes") or {}
    archived = changes.get("archived")
    if isinstance(archived, dict) and archived.get("to") is False:
        return "unarchived it"
    parts = []
    for field in fields:
        change = changes.get(field)
        if isinstance(change, dict):
            was, now = _value(field, change.get("from")), _value(field, change.get("to"))
            parts.append(f"{_field_word(field)} {was} → {now}")
        else:  # a field without values (description, checklist…), or a record older than values
            parts.append(("the " if field in ("description", "checklist") else "") + _field_word(field))
    if not parts:
        return "changed the card"
    return "changed " + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1])


def _assigned(meta: dict[str, Any], people: dict[str, str]) -> str:
    def name(user_id: Any, fallback: Any) -> str | None:
        if not user_id:
            return None
        return people.get(str(user_id)) or (str(fallback) if fallback else "someone")

    now = name(meta.get("assigneeId"), meta.get("assigneeName"))
    was = name(meta.get("fromAssigneeId"), meta.get("fromAssigneeName"))
    if now and was:
        return f"reassigned it {was} → {now}"
    if now:
        return f"assigned it to {now}"
    return f"unassigned {was}" if was else "unassigned it"


def describe(entry: Happening, people: dict[str, str] | None = None) -> str:
    """One line saying what an activity did, old → new where the log has both (also used by the notifications panel).

    A change an automation made names the rule that made it (the activity's meta
    carries it): "changed priority medium → low (rule “Done cards go low”)".
    """
    said = _what(entry, people)
    rule = entry.meta.get("automation")
    name = rule.get("name") if isinstance(rule, dict) else None
    return f"{said} (rule “{name}”)" if name and entry.type != "automation_notified" else said


def _what(entry: Happening, people: dict[str, str] | None) -> str:
    meta: dict[str, Any] = entry.meta
    kind = entry.type
    if kind == "automation_notified":
        rule = meta.get("ruleName") or "an automation"
        return f"rule “{rule}” says: {meta.get('message', '')}"
    if kind == "card_created" and meta.get("restored"):
        return f"brought it back into {meta.get('column', 'a column')} (undoing its deletion)"
    if kind == "card_created":
        created = f"created the card in {meta.get('column', 'a column')}"
        return f"{created} as the next occurrence of {meta['recurredFrom']}" if meta.get("recurredFrom") else created
    if kind == "card_moved":
        return _moved(meta)
    if kind == "card_updated":
        return _updated(meta)
    if kind == "card_assigned":
        return _assigned(meta, people or {})
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
            dropped.append(count(int(meta["droppedRelations"]), "relation"))
        return said + (f"; left behind: {'; '.join(dropped)}" if dropped else "")
    if meta.get("toScopeId") and meta.get("toScopeId") != meta.get("fromScopeId"):
        return f"moved {meta.get('fromScope', '?')} › {meta.get('fromColumn', '?')} → {meta.get('toScope', '?')} › {to_column}"
    return f"moved {meta.get('fromColumn', '?')} → {to_column}"


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
