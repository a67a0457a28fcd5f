"""The line above a view: the scope, the five views with their keys, and the active filter."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

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

    def render(self) -> Text:
        line = Text()
        line.append("◆ ", style="bold cyan")
        line.append(self.scope_name or "…", style="bold")
        line.append(" (s)  ", style="dim")
        for spec in VIEWS:
            if spec.name == self.active:
                line.append(f" {spec.key} {spec.title} ", style="bold reverse")
            else:
                line.append(f" {spec.key} ", style="dim")
                line.append(f"{spec.title} ")
        line.append("   ")
        if self.filter_text:
            shown, total = self.shown
            line.append("⌕ ", style="bold yellow")
            line.append(self.filter_text, style="yellow")
            line.append(f"  {shown}/{total} cards", style="dim")
            line.append("  (/ edit · f saved)", style="dim")
        else:
            line.append("/ filter · f saved filters", style="dim")
        return line
