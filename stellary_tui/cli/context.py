"""What every command needs: the settings, the database and the local profile.

The database and the services are imported by the functions that use them:
every command module imports this one, and ``stellary --help`` needs none of it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from stellary_core.errors import StellaryError

if TYPE_CHECKING:
    from stellary_core.config import Settings
    from stellary_core.db import Database
    from stellary_core.principal import Principal


class NoLocalProfile(StellaryError):
    status = 400
    default_message = "There is no local profile yet: run `stellary` once to create it"


def settings_from(args: argparse.Namespace) -> Settings:
    from stellary_core.config import Settings

    return Settings.from_env(data_dir=getattr(args, "data_dir", None))


def database_from(args: argparse.Namespace) -> Database:
    from stellary_core.db import open_database

    return open_database(settings_from(args))


def local_actor(db: Database) -> Principal:
    from stellary_core.local_profile import find_local_profile

    principal = find_local_profile(db)
    if principal is None:
        raise NoLocalProfile()
    return principal


TOKEN_VARIABLE = "STELLARY_TOKEN"
DATABASE_URL_VARIABLE = "STELLARY_DATABASE_URL"


def acting_user(db: Database) -> Callable[[], Principal]:
    """Who the tool commands and ``stellary mcp`` act as: ``$STELLARY_TOKEN``'s user with its scopes, else the local profile.

    A token is checked now (a bad one fails at once) and again at every call,
    so a token revoked or expired while ``stellary mcp`` runs stops working, as
    it would over REST; its ``lastUsedAt`` is kept as the API keeps it.
    """
    import os

    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        principal = local_actor(db)
        return lambda: principal

    from stellary_core.services import accounts
    from stellary_core.token_uses import TokenUseRecorder

    uses = TokenUseRecorder(db)

    def authenticate() -> Principal:
        with db.session() as session:
            found = accounts.authenticate(session, bearer=token)
        if found.token_use is not None:
            uses.note(found.token_use)
            uses.flush()
        return found.principal

    authenticate()
    return authenticate
