"""The cockpit's actions in the command palette, read from its key bindings so the two never differ."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


class CockpitCommands(Provider):
    """Each key of the cockpit, by name ("Cockpit: Approve"), acting on the focused section's item."""

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
            entries.append((f"Cockpit: {binding.description}", help_text, partial(self._run, screen, binding.action)))
        return entries

    def _run(self, screen: Screen[Any], action: str) -> None:
        self.app.call_later(screen.run_action, action)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
