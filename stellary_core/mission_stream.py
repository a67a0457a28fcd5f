"""In-process pub/sub of mission steps, keyed by mission id: what feeds a live stream at once.

A step is stored first (``services.agent_missions.record_step``) and handed to
this hub once its transaction commits, so a subscriber never sees a step
that was rolled back. A step written by another process (a mission run by
the TUI, streamed by the server) never reaches this hub: the stream also
polls the stored steps (server/routers/mission_stream.py), and the ``seq``
of each step lets it drop what it has already sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Listener = Callable[[dict[str, Any]], None]

_lock = threading.Lock()
_listeners: dict[str, list[Listener]] = {}


def subscribe(mission_id: str, listener: Listener) -> Callable[[], None]:
    """Call ``listener`` with each step of ``mission_id`` committed from now on; returns the unsubscribe."""
    with _lock:
        _listeners.setdefault(mission_id, []).append(listener)

    def unsubscribe() -> None:
        with _lock:
            found = _listeners.get(mission_id)
            if found is not None and listener in found:
                found.remove(listener)
                if not found:
                    del _listeners[mission_id]

    return unsubscribe


def publish(mission_id: str, step: dict[str, Any]) -> None:
    with _lock:
        listeners = list(_listeners.get(mission_id, ()))
    for listener in listeners:
        listener(step)


def listening(mission_id: str) -> int:
    """How many listen to ``mission_id`` (for tests)."""
    with _lock:
        return len(_listeners.get(mission_id, ()))
