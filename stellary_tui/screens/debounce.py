"""A reload that waits for a burst of changes to end, shared by the screens that show live data."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

# A move through the API or a bulk edit commits several changes within a few
# milliseconds; one reload after the last is enough.
DELAY = 0.15


class DebouncedReload:
    """Calls ``reload`` once, ``DELAY`` seconds after the last ``request``."""

    def __init__(self, owner: MessagePump, reload: Callable[[], None]) -> None:
        self._owner = owner
        self._reload = reload
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        """Whether a reload has been asked for and has not started yet."""
        return self._timer is not None

    def request(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._owner.set_timer(DELAY, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._reload()
