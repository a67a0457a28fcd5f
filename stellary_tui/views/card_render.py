"""How a card looks on the board: pure functions from a CardRow to styled text."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from stellary_core.view_rows import CardRow, LabelRow

PRIORITY_STYLE = {"high": Style(color="red", bold=True), "medium": Style(color="yellow"), "low": Style(color="cyan")}
PRIORITY_MARK = {"high": "▲ high", "medium": "■ med", "low": "▼ low"}
REPEATS_MARK = "↻"  # beside the due date: done, the card comes back
MAX_TITLE_LINES = 3


def title_lines(console: Console, title: str, width: int, max_lines: int = MAX_TITLE_LINES) -> tuple[str, ...]:
    """The title wrapped at word boundaries to ``width`` cells, at most ``max_lines``, the last ending "…" when cut.

    Widths are terminal cells (an emoji or a CJK character takes two), as rich measures them.
    """
    if width <= 0:
        return ("",)
    lines = [line.plain.rstrip() for line in Text(title).wrap(console, width, overflow="fold")] or [""]
    if len(lines) <= max_lines:
        return tuple(lines)
    # The last line shown holds the rest of the title from where it starts: more than fits
    # (else wrapping would have kept it on one line), so it is cut to leave a cell for "…".
    start = 0
    for line in lines[: max_lines - 1]:
        start = title.index(line, start) + len(line)
    rest = ""
    for character in title[start:].strip():
        if cell_len(rest + character) > width - 1:
            break
        rest += character
    return (*lines[: max_lines - 1], rest.rstrip() + "…")


def due_text(card: CardRow, today: date) -> Text:
    if card.due_date is None:
        return Text("")
    due = card.due_date.date()
    label = due.strftime("%b %d")
    if card.is_overdue(today):
        return Text(f"⚠ {label}", style=Style(color="red", bold=True))
    if card.status != "done" and due == today:
        return Text(f"◷ {label}", style=Style(color="yellow", bold=True))
    return Text(f"◷ {label}", style=Style(dim=True))


def meta_line(card: CardRow, people: dict[str, str], labels: dict[str, LabelRow], today: date) -> Text:
    """Due date, assignee, checklist, counts and label dots, most important first."""
    pieces: list[Text] = []
    if card.archived:  # shown only with is:archived (V): say which cards are out of the board
        pieces.append(Text("archived", style=Style(color="yellow", italic=True)))
    due = due_text(card, today)
    if due.plain:
        pieces.append(due)
    if card.recurring:
        pieces.append(Text(REPEATS_MARK, style=Style(color="cyan")))
    if card.assignee_id:
        name = people.get(card.assignee_id, "?")
        pieces.append(Text(f"@{name.split()[0] if name.strip() else '?'}", style=Style(color="magenta")))
    if card.checklist_total:
        complete = card.checklist_done == card.checklist_total
        pieces.append(
            Text(f"☑ {card.checklist_done}/{card.checklist_total}", style=Style(color="green" if complete else None, dim=not complete))
        )
    if card.comment_count:
        pieces.append(Text(f"✎{card.comment_count}", style=Style(dim=True)))
    if card.attachment_count:
        pieces.append(Text(f"⎙{card.attachment_count}", style=Style(dim=True)))
    return Text(" ").join(pieces)


def label_chips(card: CardRow, labels: dict[str, LabelRow]) -> Text:
    """The card's labels as coloured ``●name`` chips, in name order."""
    chips = Text()
    for label in sorted((labels[i] for i in card.label_ids if i in labels), key=lambda l: l.name.lower()):
        if chips.plain:
            chips.append(" ")
        chips.append("●", style=Style(color=label.color))
        chips.append(label.name, style=Style(color=label.color))
    return chips
