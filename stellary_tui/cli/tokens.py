"""``stellary token create|list|revoke``: personal access tokens of the local profile.

The CLI is the JWT-free way to get a token for scripts and CI: it acts as the
local profile and runs the same operations as ``/api-tokens``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from stellary_core.clock import iso_z, utcnow
from stellary_core.errors import FieldError, Invalid
from stellary_core.principal import ALL_SCOPES
from stellary_tui.cli.context import database_from, local_actor

if TYPE_CHECKING:
    from stellary_core.schemas.api_tokens import ApiTokenCreateIn, ApiTokenOut

# The operations (and with them the whole catalogue) are imported by the commands that run
# them: registering these sub-commands must stay cheap, ``stellary --help`` builds them all.


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("token", help="manage personal access tokens for the REST API")
    commands = parser.add_subparsers(dest="token_command", metavar="ACTION", required=True)

    create = commands.add_parser("create", help="create a token (shown once)")
    create.add_argument("--name", required=True, help="what the token is for, e.g. 'CI pipeline'")
    create.add_argument(
        "--scope",
        dest="scopes",
        action="append",
        choices=ALL_SCOPES,
        metavar="SCOPE",
        help=f"grant this scope (repeatable; default: all of {', '.join(ALL_SCOPES)})",
    )
    create.add_argument("--expires", metavar="DATE", help="expiry, e.g. 2027-01-01 or 2027-01-01T12:00:00Z (default: never)")
    create.set_defaults(handler=run_create)

    listing = commands.add_parser("list", help="list your tokens (never their secret)")
    listing.set_defaults(handler=run_list)

    revoke = commands.add_parser("revoke", help="revoke a token for good")
    revoke.add_argument("id", help="the token's id, from `stellary token list`")
    revoke.set_defaults(handler=run_revoke)

    for sub in (create, listing, revoke):
        sub.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")


def _create_input(args: argparse.Namespace) -> ApiTokenCreateIn:
    """The same model the REST route validates with, so the messages are the same."""
    from pydantic import ValidationError

    from stellary_core.schemas.api_tokens import ApiTokenCreateIn

    try:
        return ApiTokenCreateIn.model_validate(
            {"name": args.name, "scopes": args.scopes, "expiresAt": args.expires}
        )
    except ValidationError as error:
        details = [
            FieldError(".".join(str(p) for p in e["loc"]) or "body", str(e["msg"]).removeprefix("Value error, "))
            for e in error.errors()
        ]
        first = details[0]
        raise Invalid(f"{first.field}: {first.message}", details=details) from None


def run_create(args: argparse.Namespace) -> int:
    from stellary_core.operations import OperationRunner
    from stellary_core.operations.catalog import api_tokens as ops

    data = _create_input(args)
    db = database_from(args)
    try:
        created = OperationRunner(db).run(ops.create_api_token, local_actor(db), ops.CreateApiToken(data=data))
    finally:
        db.dispose()
    print(f"Created token {created.name!r} ({created.prefix}...)")
    print(f"  scopes:  {', '.join(created.scopes)}")
    print(f"  expires: {iso_z(created.expires_at) or 'never'}")
    print()
    print(created.token)
    print()
    print("Store it now, somewhere safe: it is shown only this once (Stellary keeps only a hash).")
    print("Use it as: Authorization: Bearer <token>")
    return 0


def _row(token: ApiTokenOut) -> list[str]:
    expires = iso_z(token.expires_at) or "never"
    if token.expires_at is not None and token.expires_at <= utcnow():
        expires += " (expired)"
    return [token.id, token.prefix, token.name, ", ".join(token.scopes), expires, iso_z(token.last_used_at) or "never"]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in [header, *rows]]
    return "\n".join(lines)


def run_list(args: argparse.Namespace) -> int:
    from stellary_core.operations import OperationRunner
    from stellary_core.operations.catalog import api_tokens as ops
    from stellary_core.operations.refs import NoInput

    db = database_from(args)
    try:
        found = OperationRunner(db).run(ops.list_api_tokens, local_actor(db), NoInput())
    finally:
        db.dispose()
    if not found:
        print("No API tokens. Create one with: stellary token create --name NAME")
        return 0
    print(_table(["ID", "PREFIX", "NAME", "SCOPES", "EXPIRES", "LAST USED"], [_row(t) for t in found]))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from stellary_core.operations import OperationRunner
    from stellary_core.operations.catalog import api_tokens as ops

    db = database_from(args)
    try:
        OperationRunner(db).run(ops.revoke_api_token, local_actor(db), ops.RevokeApiToken(token_id=args.id))
    finally:
        db.dispose()
    print(f"Revoked token {args.id}: it no longer works.")
    return 0
