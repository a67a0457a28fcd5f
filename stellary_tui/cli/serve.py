"""``stellary serve``: the REST API on its own, without the TUI, in one process or several workers."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from stellary_tui import collector

if TYPE_CHECKING:
    from fastapi import FastAPI

# The parent hands the listening address to its workers through the environment, as it does
# the database (uvicorn builds each worker's app from an import string, without arguments).
HOST_VARIABLE = "STELLARY_SERVE_HOST"
WORKER_FACTORY = "stellary_tui.cli.serve:worker_app"
ENGINES = ("sqlite", "postgresql")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the Stellary REST API",
        description=(
            "Serve the Stellary REST API (and MCP at /mcp). The database is the data directory's SQLite file, "
            "or the one --database-url (else $STELLARY_DATABASE_URL) names: sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST:PORT/NAME. Several workers share one database on either engine; "
            "due-date rules and agent missions still run once."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3001, help="port to listen on (default 3001)")
    parser.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")
    parser.add_argument(
        "--database-url",
        dest="database_url",
        type=_database_url,
        default=None,
        help="SQLAlchemy URL of the database (sqlite or postgresql); wins over $STELLARY_DATABASE_URL",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="server processes sharing the port and the database (default 1)",
    )
    parser.set_defaults(handler=run)


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of workers: {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"at least 1 worker is needed, not {count}")
    return count


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot name a Stellary database (None when it can)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"cannot read database URL {url!r} (expected sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME)"
    if parsed.get_backend_name() not in ENGINES:
        return f"unsupported database {parsed.get_backend_name()!r} in the URL: Stellary runs on sqlite or postgresql"
    return None


def _database_url(text: str) -> str:
    problem = url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from stellary_core.config import Settings
    from stellary_core.db import open_database

    settings = Settings.from_env(data_dir=getattr(args, "data_dir", None), database_url=args.database_url)
    problem = url_problem(settings.database_url)  # $STELLARY_DATABASE_URL was not checked by the parser
    if problem is not None:
        print(f"stellary serve: {problem}", file=sys.stderr)
        return 2
    # A list of thousands of cards allocates as many objects as drawing a view:
    # the server collects as seldom as the TUI (bench/api_cards.py measures it).
    collector.tune()
    try:
        # Migrated here, once, before any worker starts.
        db = open_database(settings)
    except DBAPIError as error:
        print(f"stellary serve: cannot open the database: {error.orig}", file=sys.stderr)
        return 1
    if args.workers == 1:
        from stellary_core.server.app import serve

        serve(db, host=args.host, port=args.port)
        return 0
    db.dispose()
    serve_workers(settings.data_dir, settings.database_url, host=args.host, port=args.port, workers=args.workers)
    return 0


def serve_workers(data_dir: os.PathLike[str] | str, database_url: str, *, host: str, port: int, workers: int) -> None:
    """``workers`` uvicorn processes on one socket, each building its app with ``worker_app``."""
    import uvicorn

    # Spawned workers inherit the environment: it says which database, as it does for a single process.
    os.environ["STELLARY_DATA_DIR"] = str(data_dir)
    os.environ["STELLARY_DATABASE_URL"] = database_url
    os.environ[HOST_VARIABLE] = host
    from stellary_core.server.app import GRACEFUL_SHUTDOWN_SECONDS

    uvicorn.run(
        WORKER_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )


def worker_app() -> FastAPI:
    """One worker's app: its own database connections and background work (claims keep that work single)."""
    from stellary_core.config import Settings
    from stellary_core.db import open_database
    from stellary_core.server.app import serving_app

    collector.tune()
    return serving_app(open_database(Settings.from_env()), host=os.environ.get(HOST_VARIABLE, "127.0.0.1"), one_of_several_workers=True)
