"""What every command needs: the settings, the database and the local profile.

The database and the services are imported by the functions that use them:
every command module imports this one, and ``stellary --help`` needs none of it.
"""

from __future__ import annotations

import argparse
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
