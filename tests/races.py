"""Clients on threads released together, for the concurrency tests (card moves, reorders)."""

from __future__ import annotations

import threading
from collections.abc import Callable

TIMEOUT = 120.0  # seconds a client may take before the test calls it hung


def race(clients: int, client: Callable[[int], None]) -> list[BaseException]:
    """Run ``client(seed)`` for seeds 0..clients-1, each on its own thread, all released at one barrier.

    Returns what the clients raised (anything: an unexpected status is the failure a test looks for).
    """
    failures: list[BaseException] = []
    barrier = threading.Barrier(clients)

    def run(seed: int) -> None:
        barrier.wait()
        try:
            client(seed)
        except BaseException as error:  # reported by the caller, on the main thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return failures
