"""When personal access tokens were last used, recorded off the request path.

Authentication only reads. A use that is due (the stored ``lastUsedAt`` is a
minute old) is noted here, in memory, and written afterwards in a short
transaction of its own: at most once a minute per token by this process, and
skipped when the database is busy. A missed ``lastUsedAt`` is harmless; a
request that waits on it, or fails with "database is locked", is not.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from stellary_core.clock import utcnow
from stellary_core.db import Database
from stellary_core.errors import Busy
from stellary_core.services import accounts
from stellary_core.services.accounts import TOKEN_USE_INTERVAL, TokenUse

log = logging.getLogger("stellary.token_uses")

# How long a write waits for SQLite's lock before it gives up on this batch.
BUSY_TIMEOUT_MS = 100


class TokenUseRecorder:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()  # note() runs on request threads, flush() after responses
        self._pending: dict[str, TokenUse] = {}
        self._last_noted: dict[str, TokenUse] = {}

    def note(self, use: TokenUse) -> None:
        """Remember a use to write later, unless this token's last one was noted less than a minute ago."""
        with self._lock:
            last = self._last_noted.get(use.token_id)
            if last is not None and use.at - last.at < TOKEN_USE_INTERVAL:
                return
            self._last_noted[use.token_id] = use
            self._pending[use.token_id] = use

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> None:
        """Write the noted uses in one short transaction; drop them if the database is busy."""
        with self._lock:
            uses, self._pending = list(self._pending.values()), {}
            # Uses older than the interval no longer throttle anything.
            stale = utcnow() - TOKEN_USE_INTERVAL
            self._last_noted = {k: v for k, v in self._last_noted.items() if v.at > stale}
        if not uses:
            return
        try:
            with self._db.session(write=True, busy_timeout_ms=BUSY_TIMEOUT_MS) as session:
                accounts.record_token_uses(session, uses)
        except Busy:
            pass  # a missed lastUsedAt is harmless; a wait on the request path is not
        except SQLAlchemyError:
            log.warning("token uses not recorded", exc_info=True)
