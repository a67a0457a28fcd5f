"""Type-ahead: keys typed while a screen is not ready for them are kept in order and replayed once it is.

Textual hands each key to whatever has focus the moment the key is read, and
a screen that is still loading (the card editor reads its card in a worker)
or saving would either drop those keys or let the loaded data overwrite them.
A screen that is not ready holds the keys; when every holder has let go they
are replayed one at a time, each only after the previous one has run its
course (a key that opens a screen has opened it, and that screen may hold
the rest in turn).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.dom import DOMNode

# Quitting must work whatever else is pending (the quit action asks about unsaved work itself).
PASS_THROUGH = frozenset({"ctrl+q"})

# A key's effects travel as messages: the key bubbles up to the app's bindings, and the
# action it runs posts a message of its own (a card action) that bubbles in turn.
SETTLE_PASSES = 2


class TypeAhead:
    def __init__(self, app: App[object]) -> None:
        self._app = app
        self._holders: set[object] = set()
        self._keys: deque[events.Key | events.Paste] = deque()
        self._replaying: events.Event | None = None
        self._stepping = False

    @property
    def holding(self) -> bool:
        return bool(self._holders)

    @property
    def pending(self) -> bool:
        """Whether typed keys wait to be replayed (they are work not yet seen by any field)."""
        return bool(self._keys)

    def hold(self, owner: object) -> None:
        self._holders.add(owner)

    def release(self, owner: object) -> None:
        """Let go; once nobody holds, the kept keys replay (after what the app has queued already)."""
        self._holders.discard(owner)
        if not self._holders and self._keys and not self._stepping:
            self._stepping = True
            self._app.call_later(self._step)

    def takes(self, event: events.Event) -> bool:
        """Whether ``event`` (fresh from the terminal) is kept for later rather than handled now."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event is self._replaying:
            self._replaying = None
            return False
        if isinstance(event, events.Key) and event.key in PASS_THROUGH:
            return False
        if self._holders or self._keys:
            self._keys.append(event)  # behind the kept ones, even when nobody holds: order is kept
            return True
        return False

    def _step(self) -> None:
        if self._holders or not self._keys:
            self._stepping = False
            return
        event = self._keys.popleft()
        self._replaying = event
        self._app.post_message(event)
        self._after_settled(self._step)

    def _after_settled(self, then: Callable[[], None], passes: int = SETTLE_PASSES) -> None:
        """Run ``then`` once the key just posted, and the messages it caused, went up the focus chain.

        A callback posted to each node from the focused widget up to the app,
        one after the other, runs after whatever that node had queued before it:
        the key itself, and (next pass) the message its action posted.
        """
        app = self._app
        chain: list[DOMNode] = [app]  # the replayed key reaches the app first
        focused = app.focused
        chain += focused.ancestors_with_self if focused is not None else [app.screen, app]

        def hop(index: int) -> None:
            while index < len(chain):
                if chain[index].call_later(hop, index + 1):
                    return
                index += 1  # a node closing (a dismissed screen) has nothing left to run
            if passes > 1:
                self._after_settled(then, passes - 1)
            else:
                then()

        hop(0)
