"""The line above a view: the scope, the five views with their keys, and the active filter."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from stellary_tui.plurals import count
from stellary_tui.views.registry import VIEWS


class ViewBar(Widget):
    DEFAULT_CSS = """
    ViewBar {
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    """

    scope_name: reactive[str] = reactive("")
    active: reactive[str] = reactive("kanban")
    filter_text: reactive[str] = reactive("")
    shown: reactive[tuple[int, int]] = reactive((0, 0))  # (cards shown, cards in scope)
    archived: reactive[bool] = reactive(False)  # the filter shows archived cards (V)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tab_cells: list[tuple[int, int, str]] = []  # (first cell, cell after, view) of each tab as last drawn

    async def on_click(self, event: events.Click) -> None:
        """A click on a view's tab switches to it, as its key does."""
        x = event.x - self.styles.padding.left
        for begin, end, view in self._tab_cells:
            if begin <= x < end:
                await self.run_action(f"screen.switch_view({view!r})")
                return

    def render(self) -> Text:
        line = Text()
        line.append("◆ ", style="bold cyan")
        line.append(self.scope_name or "…", style="bold")
        line.append(" (s)  ", style="dim")
        if self.archived:
            # Beside the scope, where a narrow terminal still shows it: these cards are out of the board.
            line.append(" ARCHIVED ", style="bold black on yellow")
            line.append(" (V)  ", style="dim")
        # In a narrow terminal the other views show their key only, so every tab stays on screen and clickable.
        compact = line.cell_len + self._tabs(compact=False).cell_len > self.content_size.width
        self._tab_cells = []
        for spec in VIEWS:
            begin = line.cell_len
            if spec.name == self.active:
                line.append(f" {spec.key} {spec.title} ", style="bold reverse")
            elif compact:
                line.append(f" {spec.key} ")
            else:
                line.append(f" {spec.key} ", style="dim")
                line.append(f"{spec.title} ")
            self._tab_cells.append((begin, line.cell_len, spec.name))
        line.append("   ")
        if self.filter_text:
            shown, total = self.shown
            line.append("⌕ ", style="bold yellow")
            line.append(self.filter_text, style="yellow")
            line.append(f"  {shown}/{count(total, 'card')}", style="dim")
            line.append("  (/ edit · f saved)", style="dim")
        else:
            line.append("/ filter · f saved filters", style="dim")
        return line

    def _tabs(self, *, compact: bool) -> Text:
        """The view tabs alone, to measure them."""
        return Text("".join(f" {s.key} " if compact and s.name != self.active else f" {s.key} {s.title} " for s in VIEWS))
