"""The one start-up step that wires a database's subscribers; every process that opens the database runs it.

``open_database`` calls ``register_all``, so the TUI, the server, the CLI and
(next) MCP all record activity and notifications the same way. A shell adds
its own after-commit subscribers on ``db.events`` once it holds the database
(the TUI its refresh).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stellary_core.automations import engine as automations
from stellary_core.services import activity

if TYPE_CHECKING:
    from stellary_core.db import Database


def register_all(db: Database) -> None:
    """Subscribe the core's subscribers to ``db``'s events (idempotent)."""
    db.events.subscribe_in_transaction(activity.record_activity)
    automations.subscribe(db)
