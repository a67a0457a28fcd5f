"""``stellary web``: the same TUI in a browser tab, served by textual-serve on loopback."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from typing import Any

DEFAULT_PORT = 8000


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("web", help="serve the app to a browser tab (textual-serve)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")
    parser.set_defaults(handler=run)


def app_command(data_dir: str | None) -> str:
    """The shell command textual-serve starts for each browser tab: this interpreter running ``stellary``.

    ``sys.executable -m`` rather than the console script, so the tab runs the
    same installation as the server whether or not the venv is on the PATH.
    """
    argv = [sys.executable, "-m", "stellary_tui.cli"]
    if data_dir is not None:
        argv += ["--data-dir", data_dir]
    return shlex.join(argv)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    if not is_loopback(args.host):
        # Each tab is the local profile, which needs no password.
        print(
            f"stellary web: warning: anyone who can reach {args.host}:{args.port} acts as your local profile",
            file=sys.stderr,
        )
    server = Server(app_command(getattr(args, "data_dir", None)), host=args.host, port=args.port, title="Stellary")
    server.serve()
    return 0
