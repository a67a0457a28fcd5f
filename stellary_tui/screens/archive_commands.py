"""The way back from the archive: show a scope's archived cards (``V``) and restore one (``U``).

Showing them is the filter's ``is:archived`` term, so the filter bar and the
saved filters see the same thing; ``A`` adds or removes that term and leaves
the rest of the filter as it was.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stellary_core.errors import Invalid
from stellary_core.filters import CardQuery, parse
from stellary_tui.screens.scope_commands import apply_filter

if TYPE_CHECKING:
    from stellary_core.operations.catalog.views import CardRow
    from stellary_tui.screens.main import MainScreen

SHOW_ARCHIVED = "is:archived"
# A whole is:archived or is:active term (not inside a longer word), with the space before it.
_DECIDING_TERM = re.compile(r"\s*(?<!\S)is:(archived|active)(?!\S)", re.IGNORECASE)


def shows_archived(query: CardQuery) -> bool:
    """Whether the filter shows the archived cards (an ``is:archived`` term that is not negated)."""
    return any(c.key == "is" and not c.negated and "archived" in c.values for c in query.conditions)


def action_toggle_archived(screen: MainScreen) -> None:
    """Show the scope's archived cards, or go back to the active ones, keeping the rest of the filter."""
    current = screen.card_query
    showing = shows_archived(current)
    text = _DECIDING_TERM.sub("", current.text).strip()
    if not showing:
        text = f"{text} {SHOW_ARCHIVED}".strip()
    try:
        query = parse(text)
    except Invalid:
        screen.notify("The filter cannot take is:archived as it is: / edits it.", severity="warning")
        return
    if showing and query.decides_archived:
        screen.notify("The filter still picks cards by archiving (is:…): / edits it.", severity="warning")
    apply_filter(screen, query)
    screen.notify("Showing archived cards: U restores one, V goes back." if not showing else "Showing active cards.")


def restore_card(screen: MainScreen, card: CardRow) -> None:
    """Take one card out of the archive, back at the end of its column."""
    from stellary_core.operations.catalog.board import UpdateCard
    from stellary_core.schemas.board import CardUpdateIn

    project, workspace = screen.project, screen.workspace
    if project is None or workspace is None:
        return
    columns = {column.id: column.name for column in screen.board.columns} if screen.board else {}
    given = UpdateCard(workspace_id=workspace.id, project=project.id, card=card.id, data=CardUpdateIn(archived=False))
    screen.app.run_operation(  # type: ignore[attr-defined]
        "update_card",
        given,
        then=lambda restored: screen._card_changed(f"Restored {restored.key} to {columns.get(restored.column_id, 'its column')}"),
    )
