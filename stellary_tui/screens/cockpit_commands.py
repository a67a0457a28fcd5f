"""The cockpit's actions in the command palette, read from its key bindings so the two never differ."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from stellary_tui.commands import StellaryCommands


class CockpitCommands(StellaryCommands):
    """Each key of the cockpit, by name ("Cockpit: Approve"), acting on the focused section's item; searched as
    the app's own actions are."""

    def _entries(self) -> list[tuple[str, str, Callable[[], None]]]:
        from stellary_tui.screens.cockpit import CockpitScreen

        screen = self.screen
        if not isinstance(screen, CockpitScreen):
            return []
        entries: list[tuple[str, str, Callable[[], None]]] = []
        for item in CockpitScreen.BINDINGS:
            binding = item if isinstance(item, Binding) else Binding(*item)
            keys = binding.key_display or binding.key.split(",")[0]
            help_text = f"{binding.tooltip or binding.description} ({keys})"
            entries.append((f"Cockpit: {binding.description}", help_text, partial(self._act, screen, binding.action)))
        return entries

    def _act(self, screen: Screen[Any], action: str) -> None:
        self.app.call_later(screen.run_action, action)
