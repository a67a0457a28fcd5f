"""The card editor's Relations tab: link this card to another by key or title, or unlink."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from stellary_core.operations.catalog.relations import (
    CreateRelation,
    DeleteRelation,
    create_relation,
    delete_relation,
    list_relations,
)
from stellary_core.operations.refs import OnCard
from stellary_core.schemas.relations import RelationCreateIn, RelationOut
from stellary_tui.plurals import count
from stellary_tui.widgets.card_pane import CardPane

RELATION_CHOICES = [
    ("blocks", "blocks"),
    ("is blocked by", "blocked_by"),
    ("relates to", "related_to"),
    ("duplicates", "duplicates"),
    ("is parent of", "parent_of"),
]
SEEN_AS = {
    "blocks": "blocks",
    "blocked_by": "is blocked by",
    "related_to": "relates to",
    "duplicates": "duplicates",
    "duplicated_by": "is duplicated by",
    "parent_of": "is parent of",
    "child_of": "is child of",
}


def find_card(candidates: list[tuple[str, str, str]], text: str) -> tuple[str | None, str | None]:
    """(card id, problem): by key (``DP-12``, also at the start of "DP-12 title"), exact title, or one title match."""
    wanted = text.strip()
    if not wanted:
        return None, "Type a card key or title."
    first = wanted.split()[0].upper()
    for card_id, key, _title in candidates:
        if key.upper() == first:
            return card_id, None
    folded = wanted.casefold()
    exact = [c for c in candidates if c[2].casefold() == folded]
    if len(exact) == 1:
        return exact[0][0], None
    partial = [c for c in candidates if folded in c[2].casefold()]
    if len(partial) == 1:
        return partial[0][0], None
    if partial:
        return None, f"{count(len(partial), 'card')} match “{wanted}”: type the key (e.g. {partial[0][1]})."
    return None, f"No card matches “{wanted}”."


class RelationsPane(CardPane):
    BINDINGS = [Binding("delete", "delete_relation", "Unlink", id="relations.delete")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.candidates: list[tuple[str, str, str]] = []  # (card id, key, title) of the project's other cards

    def compose(self) -> ComposeResult:
        yield Label("Loading…", id="relations-count", classes="pane-hint")
        yield OptionList(id="relations-list")
        with Horizontal(id="relation-new-row"):
            yield Select(RELATION_CHOICES, id="relation-type", allow_blank=False, value="blocks")
            yield Input(placeholder="Other card: key (DP-12) or title, then enter", id="relation-target")

    def set_candidates(self, candidates: list[tuple[str, str, str]]) -> None:
        self.candidates = candidates
        self.query_one("#relation-target", Input).suggester = SuggestFromList(
            [f"{key} {title}" for _id, key, title in candidates], case_sensitive=False
        )

    def reload(self) -> None:
        self.run(list_relations, lambda r: OnCard(**r.on_card()), then=self._show)

    def _show(self, found: list[RelationOut]) -> None:
        listing = self.query_one("#relations-list", OptionList)
        listing.clear_options()
        for relation in found:
            other = relation.target_card
            text = Text(f"{SEEN_AS.get(relation.type, relation.type):<17}", style="bold")
            text.append(f"{other.key} ", style="cyan")
            text.append(other.title)
            text.append(f"  ({other.status.replace('_', ' ')})", style="dim")
            listing.add_option(Option(text, id=relation.id))
        self.query_one("#relations-count", Label).update(
            f"{count(len(found), 'relation')} · delete unlinks the highlighted one"
            if found
            else "Not related to any card yet."
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "relation-target":
            return
        event.stop()
        target_id, problem = find_card(self.candidates, event.value)
        if target_id is None:
            self.notify(problem or "No such card.", severity="error")
            return
        kind = self.query_one("#relation-type", Select).value
        data = RelationCreateIn(target_card_id=target_id, type=kind)  # type: ignore[arg-type]

        def added(_relation: RelationOut) -> None:
            event.input.value = ""
            self.reload()

        self.run(create_relation, lambda r: CreateRelation(**r.on_card(), data=data), then=added)

    def action_delete_relation(self) -> None:
        listing = self.query_one("#relations-list", OptionList)
        if listing.highlighted is None or not listing.has_focus:
            return
        relation_id = listing.get_option_at_index(listing.highlighted).id
        if relation_id is None:
            return
        self.run(
            delete_relation, lambda r: DeleteRelation(**r.in_project(), relation=relation_id), then=lambda _: self.reload()
        )
