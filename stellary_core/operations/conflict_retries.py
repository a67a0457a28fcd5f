"""How often, and after what pause, the runner re-runs a unit of work that lost to a concurrent transaction.

PostgreSQL rolls back one side of a deadlock or serialization failure at once (SQLSTATE 40P01 or
40001); the same work run again usually goes through. SQLite never reports those: its writers queue
for one lock, and a lock still held past the busy timeout is not retried (the caller already waited
that long), it answers Busy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class ConflictRetries:
    attempts: int = 5  # runs in all, the first one included; then the caller gets Busy (503)
    first_pause: float = 0.01  # seconds, doubled at each retry up to ``longest_pause``
    longest_pause: float = 0.2

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a unit of work runs at least once")

    def pause(self, retry: int, rng: random.Random | None = None) -> float:
        """The wait before retry number ``retry`` (0 for the first): a random share of the doubled pause.

        Random so that the transactions that collided do not run again in step and collide again.
        """
        ceiling = min(self.longest_pause, self.first_pause * 2**retry)
        return (rng or random).uniform(0, ceiling)


DEFAULT_CONFLICT_RETRIES = ConflictRetries()
