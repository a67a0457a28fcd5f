"""``stellary``: open the TUI on the local profile (optionally serving the REST API too), or on a team server."""

from __future__ import annotations

import argparse
import sys


def run_app(args: argparse.Namespace) -> int:
    server = getattr(args, "server", None)
    if server:
        return _run_on_server(server)
    from stellary_tui.app import StellaryApp

    serve = (args.host, args.port) if getattr(args, "serve", False) else None
    app = StellaryApp(data_dir=args.data_dir, serve=serve)
    app.run()
    return int(app.return_code or 0)


def _run_on_server(url: str) -> int:
    from stellary_tui.server_tokens import server_key, token_for

    url = server_key(url)
    token = token_for(url)
    if token is None:
        print(f"stellary: not logged in to {url}: run `stellary login --server {url}` first", file=sys.stderr)
        return 2
    from stellary_tui.app import StellaryApp
    from stellary_tui.remote_core import RemoteCore

    app = StellaryApp(remote=RemoteCore(url, token))
    app.run()
    return int(app.return_code or 0)
