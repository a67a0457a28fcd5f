"""``stellary mcp``: Stellary's tools for AI assistants (Claude Code, Cursor, Codex...) over stdio.

``--print-config`` prints what an MCP client needs to start this command for
this installation, and imports nothing heavy; serving imports the MCP SDK.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from stellary_tui import collector
from stellary_tui.cli.context import DATABASE_URL_VARIABLE, TOKEN_VARIABLE, acting_user, database_from, settings_from


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "mcp",
        help="serve Stellary's tools to AI assistants (Model Context Protocol over stdio)",
        description=(
            "Serve the Model Context Protocol over stdin/stdout, as the local profile, or as the user of the "
            f"personal access token or JWT in ${TOKEN_VARIABLE} (with that token's scopes)."
        ),
    )
    parser.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")
    parser.add_argument(
        "--print-config", action="store_true", help="print the JSON an MCP client needs to start this server, and exit"
    )
    parser.set_defaults(handler=run)


def launcher() -> list[str]:
    """How this ``stellary`` was started, so the client starts the same installation.

    The console script by its absolute path; ``python -m stellary_tui.cli`` as this
    interpreter with ``-m``; failing both, the ``stellary`` on the PATH.
    """
    script = Path(sys.argv[0])
    if script.name == "stellary" and script.is_file():
        return [str(script.resolve())]
    if script.name == "__main__.py" and script.parent.name == "cli" and script.parent.parent.name == "stellary_tui":
        return [sys.executable, "-m", "stellary_tui.cli"]
    found = shutil.which("stellary")
    return [found] if found else [sys.executable, "-m", "stellary_tui.cli"]


def client_config(args: argparse.Namespace) -> dict[str, Any]:
    """The ``mcpServers`` entry (Claude Desktop, Cursor, Claude Code's .mcp.json all read this shape)."""
    import os

    command, *prefix = launcher()
    env = {"STELLARY_DATA_DIR": str(settings_from(args).data_dir.resolve())}
    # A database elsewhere (PostgreSQL): the client's server must open that one, not the data dir's file.
    database_url = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    if database_url:
        env[DATABASE_URL_VARIABLE] = database_url
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        env[TOKEN_VARIABLE] = token
    return {"mcpServers": {"stellary": {"command": command, "args": [*prefix, "mcp"], "env": env}}}


def run(args: argparse.Namespace) -> int:
    if args.print_config:
        config = client_config(args)
        print(json.dumps(config, indent=2))
        secrets = [name for name in (TOKEN_VARIABLE, DATABASE_URL_VARIABLE) if name in config["mcpServers"]["stellary"]["env"]]
        if secrets:
            held = " and ".join(f"${name}" for name in secrets)
            print(f"stellary: this configuration holds your {held}: keep it private", file=sys.stderr)
        return 0
    from stellary_core.errors import StellaryError

    db = database_from(args)
    try:
        try:
            actor = acting_user(db)
        except StellaryError as error:
            print(f"stellary mcp: {error.message}", file=sys.stderr)
            return 1
        from stellary_core.mcp.stdio import serve_stdio

        # A list of thousands of cards allocates as many objects as it does in ``stellary serve``:
        # collect as seldom as it does (bench/mcp_calls.py measures it).
        collector.tune()
        serve_stdio(db, actor)
    finally:
        db.dispose()
    return 0
