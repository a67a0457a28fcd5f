"""``stellary password``: give the local profile a password, to log in over REST with its email.

The local profile is made without one (the TUI needs none). The password is
read without echo, twice, or once from standard input with ``--stdin`` for
scripts; it goes through ``accounts.set_password``, which checks its length
and makes earlier JWTs stop working, as a password change over REST does.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from stellary_core.errors import Invalid
from stellary_tui.cli.context import database_from, local_actor


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("password", help="set the local profile's password (for POST /auth/login)")
    parser.add_argument("--stdin", action="store_true", help="read the password from standard input (one line)")
    parser.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")
    parser.set_defaults(handler=run_password)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != first:
        raise Invalid.field("password", "the two entries differ")
    return first


def run_password(args: argparse.Namespace) -> int:
    # Imported here: ``stellary --help`` registers this command too, and needs none of it.
    from stellary_core.operations import OperationRunner
    from stellary_core.operations.catalog.account import SetLocalPassword, set_local_password

    password = _read_password(args.stdin)
    db = database_from(args)
    try:
        user = OperationRunner(db).run(set_local_password, local_actor(db), SetLocalPassword(password=password))
        email = user.email
    finally:
        db.dispose()
    print(f"Password set. Log in over REST with {email}.")
    return 0
