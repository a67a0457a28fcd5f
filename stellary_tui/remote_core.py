"""``RemoteCore``: the TUI's core over HTTP, on a team server (``stellary --server URL``).

Every operation is posted to the server's ``POST /operations/{operationName}`` and its
answer decoded with the operation's own output type, so screens get the very
objects ``LocalCore`` gives them. An error envelope becomes the matching
``StellaryError`` (its message is the server's), and a server that cannot be
reached becomes ``ServerUnreachable``; while it is unreachable, writes are
refused before they are sent, so nothing is half-sent and the caller keeps
what was typed. Imported only with ``--server`` (it brings httpx).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from stellary_core.errors import (
    Busy,
    Conflict,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    ProviderFailed,
    RateLimited,
    StellaryError,
    TooLarge,
    Unauthorized,
)
from stellary_core.operations import Operation, get_operation

InT = TypeVar("InT", bound=BaseModel)
OutT = TypeVar("OutT")

OFFLINE_LINE = "Server unreachable, retrying; read only"
# Long enough for a slow operation (an AI suggestion); connecting fails fast.
TIMEOUT = httpx.Timeout(60.0, connect=5.0)

_ERRORS_BY_STATUS: dict[int, type[StellaryError]] = {
    error.status: error for error in (Invalid, Unauthorized, Forbidden, NotFound, Conflict, TooLarge, ProviderFailed)
}


class ServerUnreachable(StellaryError):
    """The team server did not answer (down, or the network is): nothing was changed."""

    status = 503
    default_message = "The server cannot be reached; nothing was saved. Retrying in the background."


def error_from_envelope(status: int, body: Any, retry_after: str | None = None) -> StellaryError:
    """The ``StellaryError`` an error answer stands for, with the server's message and details."""
    envelope = body if isinstance(body, dict) else {}
    message = envelope.get("message")
    text = message if isinstance(message, str) and message else None
    details = [
        FieldError(str(item.get("field", "")), str(item.get("message", "")))
        for item in envelope.get("details") or []
        if isinstance(item, dict)
    ]
    seconds = int(retry_after) if retry_after is not None and retry_after.isdigit() else None
    if status == RateLimited.status:
        return RateLimited(text, retry_after=seconds or 60)
    if status == Busy.status:
        return Busy(text, retry_after=seconds or 1)
    kind = _ERRORS_BY_STATUS.get(status)
    if kind is not None:
        return kind(text, details=details)
    error = StellaryError(text or f"The server answered {status}", details=details)
    error.status = status
    return error


class RemoteCore:
    """Operations on a team server, as the user whose token this is; blocking, like ``LocalCore``."""

    def __init__(self, base_url: str, token: str, *, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.headers = {"Authorization": f"Bearer {token}"}
        self._client = httpx.Client(base_url=self.base_url, headers=self.headers, timeout=TIMEOUT, transport=transport)
        self._lock = threading.Lock()
        self._online = True
        # Told of every change of reachability (from any thread): the app shows or hides its offline line.
        self.on_reachability: Callable[[bool], None] | None = None

    @property
    def online(self) -> bool:
        return self._online

    def set_online(self, online: bool) -> None:
        """Record whether the server answers; the event stream says so too when it drops or comes back."""
        with self._lock:
            changed, self._online = self._online != online, online
        if changed and self.on_reachability is not None:
            self.on_reachability(online)

    def run(self, op: Operation[InT, OutT] | str, payload: InT | dict[str, Any]) -> OutT:
        declared: Operation[InT, OutT] = get_operation(op) if isinstance(op, str) else op
        if declared.writes and not self._online:
            raise ServerUnreachable(f"{OFFLINE_LINE}: nothing was saved.")
        # Only what was set: an update's absent fields must arrive absent, not as nulls that would clear them.
        body = payload.model_dump_json(by_alias=True, exclude_unset=True) if isinstance(payload, BaseModel) else None
        with self._reaching(declared.writes):
            response = self._client.post(
                f"/operations/{declared.name}",
                content=body,
                json=None if body is not None else payload,
                headers={"Content-Type": "application/json"},
            )
        if response.is_success:
            result: OutT = declared.output_adapter.validate_json(response.content)
            return result
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        raise error_from_envelope(response.status_code, envelope, response.headers.get("Retry-After"))

    @contextmanager
    def _reaching(self, writes: bool) -> Iterator[None]:
        try:
            yield
        except httpx.TransportError as error:
            self.set_online(False)
            # A write whose answer was lost may have been applied: only one that never left is "not saved".
            unsent = isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
            outcome = " Nothing was saved." if writes and unsent else ""
            raise ServerUnreachable(f"The server at {self.base_url} cannot be reached ({error}).{outcome}") from None
        self.set_online(True)

    def stream(self, timeout: httpx.Timeout) -> Any:
        """``GET /events`` as a streaming response (a context manager), with this core's token."""
        return self._client.stream("GET", "/events", timeout=timeout)

    def close(self) -> None:
        self._client.close()
