"""The floor of bench/startup.py: a Textual app that paints one line and does nothing else."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

# bench/startup.py waits for this text, as it waits for a card key in stellary.
LINE = "BARE-1 one line: the floor of any Textual app's start"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(LINE)


if __name__ == "__main__":
    BareApp().run()
