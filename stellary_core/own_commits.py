"""Which commit generations this process wrote, so a watcher can tell them from other processes'.

Each committed write bumps the database's generation (``db.GENERATION_PRAGMA``).
The process's own commits already announce themselves on the domain-event bus;
the change watcher must report only the others. Noting the generation before
the commit (and forgetting it if the commit fails) leaves no moment where a
poll could see the new generation without knowing it is ours.
"""

from __future__ import annotations

import threading
from collections import deque

# Enough for a second of heavy writing between two polls; a longer gap is reported as a change.
_REMEMBERED = 4096


class OwnCommits:
    """A bounded record of this process's commit generations, safe across threads."""

    def __init__(self, wrap: int) -> None:
        self._wrap = wrap
        self._lock = threading.Lock()
        self._order: deque[int] = deque()
        self._known: set[int] = set()

    def note(self, generation: int) -> None:
        with self._lock:
            if generation in self._known:
                return
            self._order.append(generation)
            self._known.add(generation)
            if len(self._order) > _REMEMBERED:
                self._known.discard(self._order.popleft())

    def forget(self, generation: int) -> None:
        """The commit that was to write ``generation`` failed: another process may write it."""
        with self._lock:
            if generation in self._known:
                self._known.discard(generation)
                self._order.remove(generation)

    def all_ours(self, after: int, up_to: int) -> bool:
        """True when every generation from ``after`` (exclusive) to ``up_to`` was committed here."""
        gap = (up_to - after) % self._wrap
        if gap > _REMEMBERED:
            return False
        with self._lock:
            return all((after + step) % self._wrap in self._known for step in range(1, gap + 1))
