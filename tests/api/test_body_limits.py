"""Request bodies are bounded before they are parsed: 1 MB by default, 10 MB for imports and uploads."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient

from stellary_core.db import Database
from stellary_core.server.app import create_app
from stellary_core.server.body_limits import DEFAULT_BODY_LIMIT, MEGABYTE
from tests.conftest import ApiUser
from tests.served import served

TOO_LARGE = {"statusCode": 413, "message": "The request body may be at most 1 MB", "error": "Request Entity Too Large"}
JSON = {"Content-Type": "application/json"}


def padded_json(size: int) -> bytes:
    """A login body of exactly ``size`` bytes: valid JSON, padded with trailing spaces."""
    body = b'{"email": "nobody@example.com", "password": "wrong-password"}'
    return body + b" " * (size - len(body))


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b" " * min(size, total - start)


# -- through the test client -------------------------------------------------


def test_a_json_body_of_exactly_1_mb_is_read(client: TestClient) -> None:
    response = client.post("/auth/login", content=padded_json(DEFAULT_BODY_LIMIT), headers=JSON)
    assert response.status_code == 401  # parsed and checked: wrong credentials


def test_a_json_body_over_1_mb_is_a_413_with_the_envelope(client: TestClient) -> None:
    response = client.post("/auth/login", content=padded_json(DEFAULT_BODY_LIMIT + 1), headers=JSON)
    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    assert response.headers["x-request-id"]


def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body(client: TestClient) -> None:
    # Only the declared length can explain the 413: the body itself is tiny.
    headers = {**JSON, "Content-Length": str(20 * MEGABYTE)}
    response = client.post("/auth/login", content=b"{}", headers=headers)
    assert response.status_code == 413
    assert response.json() == TOO_LARGE


def test_a_chunked_body_over_the_limit_is_a_413(client: TestClient) -> None:
    response = client.post("/auth/login", content=chunks(2 * MEGABYTE), headers=JSON)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json() == TOO_LARGE


def test_an_authenticated_write_route_is_bounded_too(alice: ApiUser, project: dict[str, Any]) -> None:
    column = project["columns"][0]["id"]
    url = f"{project['path']}/columns/{column}/cards"
    big = {"title": "Big", "description": "x" * (DEFAULT_BODY_LIMIT + 1)}
    response = alice.post(url, json=big)
    assert response.status_code == 413
    assert alice.get(f"{project['path']}/cards").json() == []


def test_the_limit_stops_reading_at_the_first_chunk_past_it(db: Database) -> None:
    """Driven at the ASGI level: the server must not pull a byte more than the limit plus one chunk."""
    app = create_app(db)
    chunk = 64 * 1024
    sent: list[int] = []
    responses: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        sent.append(chunk)
        return {"type": "http.request", "body": b" " * chunk, "more_body": sum(sent) < 4 * MEGABYTE}

    async def send(message: dict[str, Any]) -> None:
        responses.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/auth/login",
        "raw_path": b"/auth/login",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 1234),
        "server": ("127.0.0.1", 80),
    }

    async def run() -> None:
        with anyio.fail_after(10):
            await app(scope, receive, send)

    anyio.run(run)
    assert responses[0]["status"] == 413
    assert sum(sent) == DEFAULT_BODY_LIMIT + chunk


# -- against a real server ---------------------------------------------------


@pytest.fixture
def server_url(db: Database) -> Iterator[str]:
    with served(create_app(db)) as url:
        yield url


def test_a_real_server_answers_a_declared_20_mb_body_at_once(server_url: str) -> None:
    host, port = server_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        # Send the headers and 64 KB of a declared 20 MB: the answer must come without the rest.
        connection.sendall(
            b"POST /auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {20 * MEGABYTE}\r\n\r\n".encode()
            + b" " * (64 * 1024)
        )
        started = time.monotonic()
        head = connection.recv(4096)
    assert head.startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 2


def test_a_real_server_refuses_a_whole_20_mb_body_and_a_chunked_one(server_url: str) -> None:
    with httpx.Client(base_url=server_url, timeout=30) as http:
        declared = http.post("/auth/login", content=b" " * (20 * MEGABYTE), headers=JSON)
        assert declared.status_code == 413
        assert declared.json() == TOO_LARGE
        streamed = http.post("/auth/login", content=chunks(20 * MEGABYTE), headers=JSON)
        assert streamed.status_code == 413
        assert streamed.json() == TOO_LARGE
        # The connection stays usable after a refused body.
        assert http.post("/auth/login", json={"email": "nobody@example.com", "password": "x" * 12}).status_code == 401
