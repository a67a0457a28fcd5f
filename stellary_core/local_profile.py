"""The local profile: the user the TUI and the CLI act as on this machine's database.

Operations run as an actor, and these two calls are how a local shell gets
one, so they cannot be operations themselves: finding the profile at start-up
and creating it on the first run. A client of a team server signs in instead
and never calls them. Each is one unit of work of its own.
"""

from __future__ import annotations

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_core.services import accounts, seeding


def find_local_profile(db: Database) -> Principal | None:
    """The local profile, or None before the first run has created it."""
    with db.session() as session:
        return accounts.local_principal(session)


def create_local_profile(db: Database, *, name: str, email: str | None = None) -> Principal:
    """First run: the profile, its personal space and the sample board, all or nothing."""
    with db.session(write=True) as session:
        return seeding.create_local_profile(session, name=name, email=email)
