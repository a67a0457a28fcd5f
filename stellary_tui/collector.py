"""Garbage-collector thresholds for the TUI and ``stellary serve`` processes.

A scope of thousands of cards keeps a few hundred thousand objects alive, and
drawing a view allocates many short-lived ones (segments, strips). With
CPython's default thresholds (700, 10, 10) that triggers a full collection,
which walks every live object (about 90 ms at 5,000 cards), several times
while one view is drawn. Reference counting frees nearly everything the app
drops, so the cyclic collector can run far less often. Measured with
``bench/views_open.py`` at 5,000 cards: the stats view's numbers appear in
220-280 ms instead of 310-470 ms, and the list view opens in 12-27 ms
instead of 23-92 ms. A server answering ``GET P/cards`` for 5,000 cards
allocates as much: with these thresholds it spends about 210 ms of CPU on it
instead of 290-330 ms (``bench/api_cards.py``).
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 10, 10)


def tune() -> tuple[int, int, int]:
    """Apply the app's thresholds; returns the previous ones so they can be restored."""
    previous = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    return previous


def restore(previous: tuple[int, int, int]) -> None:
    gc.set_threshold(*previous)
