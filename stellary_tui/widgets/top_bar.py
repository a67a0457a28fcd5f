"""The top line: where you are, and what needs your attention."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TopBar(Widget):
    DEFAULT_CSS = """
    TopBar {
        height: 1;
        background: $primary-background;
        color: $text;
        padding: 0 1;
    }
    """

    path: reactive[tuple[str, ...]] = reactive(())
    status: reactive[str] = reactive("")
    unread: reactive[int] = reactive(0)
    server: reactive[str] = reactive("")  # host:port of the team server the app is a client of, "" when local

    def render(self) -> Text:
        left = Text("✦ Stellary", style="bold")
        if self.server:
            left.append(f" @ {self.server}", style="dim")
        for part in self.path:
            left.append("  ›  ", style="dim")
            left.append(part)
        right = Text()
        if self.status:
            right.append(self.status + "   ", style="dim")
        right.append(f"✉ {self.unread}", style="bold yellow" if self.unread else "dim")
        width = self.size.width - 2
        gap = max(1, width - left.cell_len - right.cell_len)
        return left + Text(" " * gap) + right
