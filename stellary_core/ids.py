"""Object ids: 24 lowercase hex characters, 4 bytes of creation time then 8 random bytes.

The shape matches the reference's ids, so ids sort roughly by creation time.
"""

from __future__ import annotations

import re
import secrets
import time

_ID_RE = re.compile(r"^[0-9a-f]{24}$")


def new_id() -> str:
    """Return a fresh id."""
    return f"{int(time.time()) & 0xFFFFFFFF:08x}{secrets.token_hex(8)}"


def is_id(value: object) -> bool:
    """True when ``value`` has the shape of an id."""
    return isinstance(value, str) and bool(_ID_RE.match(value))
