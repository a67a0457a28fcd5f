"""The mouse in every view: a click picks what it lands on; a double click, or a click on what is picked, opens it."""

from __future__ import annotations

from collections.abc import Hashable


class ClickToOpen:
    """Tells whether a click opens what it lands on (a card, a day) or only picks it.

    Focus moves to a view on mouse down, before the click arrives, so the
    cursor being on the target is not enough to call it "already picked": the
    previous click must have landed there too, with the view keeping focus
    since (the view calls ``forget`` when it loses focus).
    """

    def __init__(self) -> None:
        self._last: Hashable | None = None

    def click(self, target: Hashable, picked: Hashable | None, chain: int) -> bool:
        """Note a click on ``target`` while ``picked`` is what the view had picked; True when it opens."""
        opens = chain >= 2 or (target == picked and self._last == target)
        self._last = None if opens else target
        return opens

    def forget(self) -> None:
        self._last = None
