"""The list view's table model: its columns, how they sort, and how rows group.

Pure functions from a Board's card rows to the flat list of lines the list
view draws, kept apart from the widget so the rules (stable sorts, empty
values last in either direction, a card under each of its labels) are easy
to read and test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich.style import Style
from rich.text import Text

from stellary_core.operations.catalog.views import CardRow, ScopeBoard
from stellary_tui.terminal_text import steady
from stellary_tui.views.card_render import PRIORITY_MARK, PRIORITY_STYLE, due_text

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}  # "ascending" puts the most urgent first
STATUS_RANK = {"todo": 0, "in_progress": 1, "done": 2}
STATUS_STYLE = {"todo": Style(dim=True), "in_progress": Style(color="yellow"), "done": Style(color="green")}
GROUPINGS: tuple[str, ...] = ("none", "column", "priority", "assignee", "label")
NO_GROUP = ""  # the group key of cards without a value (no priority, unassigned, no label)


@dataclass(frozen=True)
class TableContext:
    """What cells and sort keys need besides the card: names by id, column order, today."""

    board: ScopeBoard
    today: date
    column_by_id: dict[str, tuple[int, str]] = field(init=False)  # column id -> (position, name)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_id", {c.id: (i, c.name) for i, c in enumerate(self.board.columns)})

    def column_name(self, card: CardRow) -> str:
        column = self.column_by_id.get(card.column_id)
        return column[1] if column else "?"

    def person(self, user_id: str | None) -> str | None:
        if user_id is None:
            return None
        return self.board.people.get(user_id, "?")

    def label_names(self, card: CardRow) -> list[str]:
        return [self.board.labels[i].name for i in card.label_ids if i in self.board.labels]


@dataclass(frozen=True)
class ListColumn:
    id: str
    title: str
    width: int  # 0: takes the room left (the title)
    cell: Callable[[CardRow, TableContext], Text]
    sort_key: Callable[[CardRow, TableContext], Any]  # None sorts last in either direction


def _date(value: Any) -> Text:
    return Text(value.strftime("%b %d"), style=Style(dim=True)) if value is not None else Text("")


def _labels_cell(card: CardRow, ctx: TableContext) -> Text:
    text = Text()
    for label_id in card.label_ids:
        label = ctx.board.labels.get(label_id)
        if label is not None:
            if text.plain:
                text.append(" ")
            text.append("●", style=Style(color=label.color))
            text.append(steady(label.name))
    return text


def _checklist_cell(card: CardRow, _ctx: TableContext) -> Text:
    if not card.checklist_total:
        return Text("")
    complete = card.checklist_done == card.checklist_total
    return Text(f"{card.checklist_done}/{card.checklist_total}", style=Style(color="green") if complete else Style(dim=True))


def _title_cell(card: CardRow, _ctx: TableContext) -> Text:
    text = Text(steady(card.title))
    if card.archived:
        text.stylize(Style(dim=True, italic=True))
        text.append(" (archived)", style=Style(dim=True))
    return text


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("key", "Key", 7, lambda c, _x: Text(c.key, style=Style(bold=True)), lambda c, _x: c.number),
    ListColumn("title", "Title", 0, _title_cell, lambda c, _x: c.title.casefold()),
    ListColumn("column", "Column", 12, lambda c, x: Text(steady(x.column_name(c))), lambda c, x: x.column_by_id.get(c.column_id, (99_999,))[0]),
    ListColumn(
        "status", "Status", 11,
        lambda c, _x: Text(c.status.replace("_", " "), style=STATUS_STYLE.get(c.status, Style())),
        lambda c, _x: STATUS_RANK.get(c.status, 9),
    ),
    ListColumn(
        "priority", "Prio", 8,
        lambda c, _x: Text(PRIORITY_MARK.get(c.priority or "", ""), style=PRIORITY_STYLE.get(c.priority or "", Style())),
        lambda c, _x: PRIORITY_RANK.get(c.priority or ""),
    ),
    ListColumn(
        "assignee", "Assignee", 12,
        lambda c, x: Text(steady(x.person(c.assignee_id) or ""), style=Style(color="magenta")),
        lambda c, x: (x.person(c.assignee_id) or "").casefold() or None,
    ),
    ListColumn("due", "Due", 9, lambda c, x: due_text(c, x.today), lambda c, _x: c.due_date),
    ListColumn("start", "Start", 7, lambda c, _x: _date(c.start_date), lambda c, _x: c.start_date),
    ListColumn("labels", "Labels", 14, _labels_cell, lambda c, x: ", ".join(sorted(n.casefold() for n in x.label_names(c))) or None),
    ListColumn(
        "checklist", "Checklist", 11, _checklist_cell,
        lambda c, _x: (c.checklist_done / c.checklist_total, c.checklist_total) if c.checklist_total else None,
    ),
)
COLUMN_BY_ID = {c.id: c for c in COLUMNS}
SORT_ORDER: tuple[str | None, ...] = (None, *(c.id for c in COLUMNS))  # None: the board's own order
DROP_ORDER = ("start", "labels", "status", "checklist", "column", "assignee", "due")  # narrowest first loses these
MIN_TITLE = 28
MARK_WIDTH = 2  # the selection mark before each row


def visible_columns(width: int, key_width: int = 7) -> list[tuple[ListColumn, int]]:
    """The columns that fit in ``width`` cells with their widths; the title takes what is left.

    ``key_width`` fits the longest card key, so DEMO-5000 is never cut.
    """

    def width_of(column: ListColumn) -> int:
        return max(key_width, column.width) if column.id == "key" else column.width

    shown = list(COLUMNS)
    for dropped in DROP_ORDER:
        fixed = sum(width_of(c) + 1 for c in shown if c.width)
        if MARK_WIDTH + fixed + MIN_TITLE <= width:
            break
        shown = [c for c in shown if c.id != dropped]
    fixed = sum(width_of(c) + 1 for c in shown if c.width)
    title_width = max(1, width - MARK_WIDTH - fixed - 1)  # the title has its separator too
    return [(c, width_of(c) or title_width) for c in shown]


def sort_cards(cards: list[CardRow], sort: str | None, descending: bool, ctx: TableContext) -> list[CardRow]:
    """Stable sort on one column; cards without a value stay last whichever the direction."""
    if sort is None:
        return list(reversed(cards)) if descending else list(cards)
    key_of = COLUMN_BY_ID[sort].sort_key
    keyed = [(key_of(card, ctx), card) for card in cards]
    present = [pair for pair in keyed if pair[0] is not None]
    present.sort(key=lambda pair: pair[0], reverse=descending)  # reverse=True keeps ties in their order
    return [card for _key, card in present] + [card for key, card in keyed if key is None]


@dataclass(frozen=True, slots=True)
class GroupLine:
    key: str
    title: str
    count: int


@dataclass(frozen=True, slots=True)
class CardLine:
    card: CardRow
    group: str  # the key of the group it is listed under (a card with two labels has two lines)


Line = GroupLine | CardLine


def _groups(card: CardRow, grouping: str, ctx: TableContext) -> Iterable[str]:
    if grouping == "column":
        return (card.column_id,)
    if grouping == "priority":
        return (card.priority or NO_GROUP,)
    if grouping == "assignee":
        return (card.assignee_id or NO_GROUP,)
    if grouping == "label":
        return [i for i in card.label_ids if i in ctx.board.labels] or [NO_GROUP]
    return (NO_GROUP,)


def _group_order(grouping: str, ctx: TableContext) -> Callable[[str], tuple[int, Any]]:
    """Sort key of group keys: board order for columns, urgency for priorities, names otherwise; empty last."""
    board = ctx.board

    def order(key: str) -> tuple[int, Any]:
        if key == NO_GROUP:
            return (1, "")
        if grouping == "column":
            return (0, ctx.column_by_id.get(key, (99_999,))[0])
        if grouping == "priority":
            return (0, PRIORITY_RANK.get(key, 9))
        if grouping == "assignee":
            return (0, board.people.get(key, "?").casefold())
        return (0, board.labels[key].name.casefold() if key in board.labels else key)

    return order


def group_title(grouping: str, key: str, ctx: TableContext) -> str:
    board = ctx.board
    if grouping == "column":
        return ctx.column_by_id.get(key, (0, "?"))[1]
    if grouping == "priority":
        return {"high": "High priority", "medium": "Medium priority", "low": "Low priority"}.get(key, "No priority")
    if grouping == "assignee":
        return board.people.get(key, "?") if key else "Unassigned"
    if grouping == "label":
        return board.labels[key].name if key in board.labels else "No label"
    return ""


def build_lines(cards: list[CardRow], grouping: str, ctx: TableContext) -> list[Line]:
    """The lines to draw: sorted cards, under a header per group when grouped."""
    if grouping == "none":
        return [CardLine(card, NO_GROUP) for card in cards]
    members: dict[str, list[CardRow]] = {}
    for card in cards:
        for key in _groups(card, grouping, ctx):
            members.setdefault(key, []).append(card)
    lines: list[Line] = []
    for key in sorted(members, key=_group_order(grouping, ctx)):
        rows = members[key]
        lines.append(GroupLine(key, group_title(grouping, key, ctx), len(rows)))
        lines.extend(CardLine(card, key) for card in rows)
    return lines
