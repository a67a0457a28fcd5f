"""``stellary demo [--cards N]``: the app on a throwaway data directory with a realistic project."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stellary_core.db import Database


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="try Stellary on a throwaway demo project")
    parser.add_argument("--cards", type=int, default=60, help="number of demo cards (default 60)")
    parser.add_argument("--keep", action="store_true", help="keep the demo data directory afterwards")
    parser.add_argument("--serve", action="store_true", help="also serve the REST API")
    parser.add_argument("--port", type=int, default=3001, help="port for --serve (default 3001)")
    parser.set_defaults(handler=run)


def create_demo_database(directory: Path, cards: int) -> Database:
    """A migrated database in ``directory`` holding a local profile and a demo project."""
    from stellary_core.config import Settings
    from stellary_core.db import open_database
    from stellary_core.services import seeding

    db = open_database(Settings.from_env(data_dir=directory, database_url=f"sqlite:///{directory / 'stellary.db'}"))
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, cards=cards, with_labels=True)
    return db


def run(args: argparse.Namespace) -> int:
    from stellary_tui.app import StellaryApp

    if not 0 <= args.cards <= 100_000:
        raise SystemExit("stellary demo: --cards must be between 0 and 100000")
    directory = Path(tempfile.mkdtemp(prefix="stellary-demo-"))
    try:
        db = create_demo_database(directory, args.cards)
        app = StellaryApp(database=db, serve=("127.0.0.1", args.port) if args.serve else None)
        app.run()
        db.dispose()
    finally:
        if args.keep:
            print(f"demo data kept in {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    return 0
