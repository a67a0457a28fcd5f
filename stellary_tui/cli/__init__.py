"""The ``stellary`` command: the TUI by default (on a team server with ``--server``), plus serve, web, demo, token, login, export and import.

Each sub-command lives in its own module exposing ``register(subparsers)``;
the heavy imports (Textual, FastAPI) happen only in the command that needs them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from stellary_core.errors import StellaryError

# Modules of this package that add sub-commands, in the order --help lists them.
COMMAND_MODULES = ("serve", "web", "demo", "tokens", "password", "server_login", "transfer", "mcp", "tool_commands")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stellary", description="Keyboard-driven project management in your terminal.")
    parser.add_argument("--data-dir", help="where the local database lives (default: $STELLARY_DATA_DIR or the platform's data dir)")
    parser.add_argument("--serve", action="store_true", help="also serve the REST API from inside the TUI")
    parser.add_argument("--host", default="127.0.0.1", help="address for --serve (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3001, help="port for --serve (default 3001)")
    parser.add_argument(
        "--server",
        metavar="URL",
        default=os.environ.get("STELLARY_SERVER") or None,
        help="open the app on a team server instead of the local database (default: $STELLARY_SERVER); "
        "run `stellary login --server URL` first",
    )
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{name}":
                continue  # a command not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.handler is None:
            from stellary_tui.cli.run_app import run_app

            return run_app(args)
        return int(args.handler(args) or 0)
    except StellaryError as error:
        print(f"stellary: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
