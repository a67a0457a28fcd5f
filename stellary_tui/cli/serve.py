"""``stellary serve``: the REST API on its own, without the TUI."""

from __future__ import annotations

import argparse
from typing import Any

from stellary_tui import collector
from stellary_tui.cli.context import database_from


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="serve the Stellary REST API")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3001, help="port to listen on (default 3001)")
    parser.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from stellary_core.server.app import serve

    # A list of thousands of cards allocates as many objects as drawing a view:
    # the server collects as seldom as the TUI (bench/api_cards.py measures it).
    collector.tune()
    serve(database_from(args), host=args.host, port=args.port)
    return 0
