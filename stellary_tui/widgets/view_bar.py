"""The line above a view: the scope, the five views with their keys, and the active filter."""

from __future__ import annotations

from rich.style import Style
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
        full = self._tabs(compact=False)
        # In a narrow terminal the other views show their key only, so every tab stays on screen and clickable.
        line.append_text(full if line.cell_len + full.cell_len <= self.content_size.width else self._tabs(compact=True))
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

    def _tabs(self, *, compact: bool) -> Text:
        tabs = Text()
        for spec in VIEWS:
            # A click on a tab runs the screen's switch_view, as its key does.
            click = Style(meta={"@click": f"screen.switch_view({spec.name!r})"})
            if spec.name == self.active:
                tabs.append(f" {spec.key} {spec.title} ", style=Style.parse("bold reverse") + click)
            elif compact:
                tabs.append(f" {spec.key} ", style=click)
            else:
                tabs.append(f" {spec.key} ", style=Style(dim=True) + click)
                tabs.append(f"{spec.title} ", style=click)
        return tabs
