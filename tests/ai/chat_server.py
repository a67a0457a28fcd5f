"""A chat-completions server on 127.0.0.1 that answers from a script: the model of the openai provider's tests.

Each request takes the next answer of the script: a message (sent as a chat
completion), or an ``Answer`` with its own status, body or delay. Every
request's JSON body and headers are kept for the test to read.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: str = ""
    delay: float = 0.0


@dataclass
class Script:
    answers: list[dict[str, Any] | Answer]
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


def completion(message: dict[str, Any]) -> str:
    return json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "model": "scripted",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop"}],
    })  # fmt: skip


def says(content: str) -> dict[str, Any]:
    return {"content": content}


def calls(*tool_calls: tuple[str, Any]) -> dict[str, Any]:
    """A message calling tools; arguments given as a dict are sent as JSON text, a str as it is."""
    return {
        "content": None,
        "tool_calls": [
            {
                "id": f"call_{i}",
                "type": "function",
                "function": {"name": name, "arguments": arguments if isinstance(arguments, str) else json.dumps(arguments)},
            }
            for i, (name, arguments) in enumerate(tool_calls)
        ],
    }


@contextmanager
def chat_server(script: Script) -> Iterator[str]:
    """Serve ``script``; yields the base URL (``http://127.0.0.1:PORT/v1``)."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            with lock:
                script.requests.append(body)
                script.headers.append({k.lower(): v for k, v in self.headers.items()})
                script.paths.append(self.path)
                answer = script.answers.pop(0) if script.answers else Answer(500, "the script ran out")
            if isinstance(answer, dict):
                answer = Answer(body=completion(answer))
            if answer.delay:
                time.sleep(answer.delay)
            data = answer.body.encode()
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
