"""``stellary``: open the TUI on the local profile (optionally serving the REST API too)."""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    from stellary_tui.app import StellaryApp

    serve = (args.host, args.port) if getattr(args, "serve", False) else None
    app = StellaryApp(data_dir=args.data_dir, serve=serve)
    app.run()
    return int(app.return_code or 0)
