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
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode

# ctrl+q waits its turn like any key (its question must not catch the keys typed before it),
# but pressed again while it waits, it goes through: a screen stuck loading never traps anyone.
QUIT = "ctrl+q"

# A key's effects travel as messages: the key bubbles up to the app's bindings, and the
# action it runs posts a message of its own (a card action) that bubbles in turn.
SETTLE_PASSES = 2


class TypeAhead:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._holders: set[object] = set()
        self._keys: deque[events.Key | events.Paste] = deque()
        self._replaying: events.Event | None = None
        self._stepping = False  # replaying the kept keys, one at a time
        self._settling = False  # a key that runs an action is on its way: the next ones wait for it

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
        if not self._holders and self._keys and not self._stepping and not self._settling:
            self._stepping = True
            self._app.call_later(self._step)

    def takes(self, event: events.Event) -> bool:
        """Whether ``event`` (fresh from the terminal) is kept for later rather than handled now."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event is self._replaying:
            self._replaying = None
            return False
        if isinstance(event, events.Key) and event.key == QUIT and any(
            isinstance(kept, events.Key) and kept.key == QUIT for kept in self._keys
        ):
            return False
        if self._holders or self._keys or self._settling:
            self._keys.append(event)  # behind the kept ones, even when nobody holds: order is kept
            return True
        if isinstance(event, events.Key) and not self._typed_as_text(event):
            # The key runs an action only once it has bubbled up to the bindings (n opens the
            # editor then): keys read meanwhile would go to the old focus. They wait for it.
            self._settling = True
            self._after_settled(self._settled)
        return False

    def _typed_as_text(self, event: events.Key) -> bool:
        focused = self._app.focused
        return focused is not None and focused.check_consume_key(event.key, event.character)

    def _settled(self) -> None:
        self._settling = False
        if not self._holders and self._keys and not self._stepping:
            self._stepping = True
            self._step()

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
