"""Object ids: 24 lowercase hex characters, 4 bytes of creation time then 8 random bytes.

The shape matches the reference's ids. Within one process ids also strictly
increase: lists order by ``(created_at, id)``, and with a frozen clock (tests,
snapshots) or two rows made in the same microsecond the id is what keeps
creation order. So an id made in the same second as the previous one takes a
random step up from it instead of fresh random bytes.
"""

from __future__ import annotations

import re
import secrets
import threading
import time

_ID_RE = re.compile(r"^[0-9a-f]{24}$")
_TAIL_LIMIT = 1 << 64
_lock = threading.Lock()
_last = (0, 0)  # (seconds, tail) of the previous id of this process


def new_id() -> str:
    """Return a fresh id, greater than every id this process made before."""
    global _last
    with _lock:
        seconds = int(time.time()) & 0xFFFFFFFF
        last_seconds, last_tail = _last
        tail = secrets.randbits(64)
        if seconds <= last_seconds:
            # Same second (or the system clock stepped back): keep counting up from the last id.
            seconds = last_seconds
            tail = last_tail + 1 + secrets.randbits(32)
            if tail >= _TAIL_LIMIT:
                seconds, tail = seconds + 1, secrets.randbits(32)
        _last = (seconds, tail)
    return f"{seconds & 0xFFFFFFFF:08x}{tail:016x}"


def is_id(value: object) -> bool:
    """True when ``value`` has the shape of an id."""
    return isinstance(value, str) and bool(_ID_RE.match(value))
