"""The bare servers the REST benchmarks compare Stellary with, run as their own processes.

    python -m bench._floor_apps bytes FILE --port P      # GET anything: FILE's bytes as JSON
    python -m bench._floor_apps cards DBFILE --port P    # POST /columns/{id}/cards: count, then insert
    python -m bench._floor_apps sse --port P             # POST /missions, then GET /missions/{id}/stream

``bytes`` is the transport floor of a list: Starlette under uvicorn answering a
body it already holds. ``cards`` is the write floor of the load benchmark:
FastAPI and SQLAlchemy on one SQLite file with the connection settings of
``stellary_core/db.py`` (WAL, a 5 s busy timeout, writes BEGIN IMMEDIATE), a
handler that counts a column's cards and inserts one after them, and nothing
else (no authentication, no events, no activity log). ``sse`` is the floor of
a mission's stream: POST /missions answers an id, and its stream sends a
``status`` event at once, then ``steps`` (a query parameter, 0 by default)
``step`` events and ``done``, with no work in between, and closes.
"""

from __future__ import annotations

import argparse
import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

FLOOR_SCHEMA = """
CREATE TABLE IF NOT EXISTS cards (
    id TEXT PRIMARY KEY,
    column_id TEXT NOT NULL,
    title TEXT NOT NULL,
    "order" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_cards_column ON cards (column_id, "order");
"""


def bytes_app(body: bytes) -> Starlette:
    async def answer(request: Request) -> Response:
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/{path:path}", answer, methods=["GET"])])


class CardIn(BaseModel):
    title: str


def cards_app(database_file: Path) -> FastAPI:
    engine = create_engine(f"sqlite:///{database_file}")

    @event.listens_for(engine, "connect")
    def set_pragmas(connection: Any, _record: Any) -> None:
        connection.isolation_level = None
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    app = FastAPI()

    @app.post("/columns/{column_id}/cards", status_code=201)
    def create(column_id: str, body: CardIn) -> dict[str, Any]:
        with Session(engine) as session:
            count = session.execute(text("SELECT count(*) FROM cards WHERE column_id = :c"), {"c": column_id}).scalar_one()
            card_id = secrets.token_hex(12)
            session.execute(
                text('INSERT INTO cards (id, column_id, title, "order") VALUES (:i, :c, :t, :o)'),
                {"i": card_id, "c": column_id, "t": body.title, "o": count},
            )
            session.commit()
        return {"id": card_id, "columnId": column_id, "title": body.title, "order": count}

    return app


def sse_app() -> Starlette:
    async def create(request: Request) -> Response:
        return Response(json.dumps({"id": secrets.token_hex(12), "status": "queued"}), status_code=201, media_type="application/json")

    async def stream(request: Request) -> StreamingResponse:
        steps = int(request.query_params.get("steps", "0"))

        async def events() -> AsyncIterator[bytes]:
            yield b'id: 1\nevent: status\ndata: {"status": "queued"}\n\n'
            for seq in range(steps):
                yield f'id: {seq + 2}\nevent: step\ndata: {{"seq": {seq + 2}}}\n\n'.encode()
            yield b'event: done\ndata: {"status": "completed"}\n\n'

        return StreamingResponse(events(), media_type="text/event-stream")

    return Starlette(routes=[Route("/missions", create, methods=["POST"]), Route("/missions/{id}/stream", stream)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=("bytes", "cards", "sse"))
    parser.add_argument("file", type=Path, nargs="?")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app: Any
    if args.kind == "sse":
        app = sse_app()
    else:
        if args.file is None:
            parser.error(f"{args.kind} needs a file")
        app = bytes_app(args.file.read_bytes()) if args.kind == "bytes" else cards_app(args.file)
    # The same server and log level as `stellary serve`, so only the handler differs.
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info")


if __name__ == "__main__":
    main()
