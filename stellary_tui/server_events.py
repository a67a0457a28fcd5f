"""Following a team server's ``GET /events`` stream from a worker thread, reconnecting with backoff.

Each domain event is handed on as the event the in-process bus would have
given; ``None`` means "reload everything": another process's commit, and every
(re)connection, since whatever changed while the stream was down was not heard.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator

import httpx

from stellary_core.event_types import DomainEvent
from stellary_core.event_wire import event_from_wire
from stellary_tui.remote_core import RemoteCore

# The server sends a keep-alive every 15 s: three missed ones mean the connection is dead.
READ_TIMEOUT = 45.0
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0)


def sse_messages(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """(event name, data) of each message of a server-sent event stream; comments are skipped."""
    name, data = "message", list[str]()
    for line in lines:
        if not line:
            if data:
                yield name, "\n".join(data)
            name, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)


class EventFollower:
    """Reads the stream until ``stop()``; ``heard`` gets each event (None: reload all) on this thread."""

    def __init__(
        self, core: RemoteCore, heard: Callable[[DomainEvent | None], None], *, read_timeout: float = READ_TIMEOUT
    ) -> None:
        self.core = core
        self.heard = heard
        self._timeout = httpx.Timeout(5.0, read=read_timeout)
        self._stopped = threading.Event()
        self._response: httpx.Response | None = None

    def run(self) -> None:
        failures = 0
        while not self._stopped.is_set():
            try:
                self._follow()
                failures = 0  # the server closed a healthy stream (a restart): reconnect at once
            except httpx.HTTPStatusError:
                failures += 1  # answered, so reachable (a revoked token, say): operations will say what is wrong
            except (httpx.HTTPError, OSError):
                if self._stopped.is_set():
                    return
                self.core.set_online(False)
                failures += 1
            if self._stopped.wait(BACKOFF[min(failures, len(BACKOFF)) - 1] if failures else 0.1):
                return

    def _follow(self) -> None:
        with self.core.stream(self._timeout) as response:
            self._response = response
            if response.status_code != 200:
                # A revoked token or such: an error the operations will report; try again later.
                raise httpx.HTTPStatusError("event stream refused", request=response.request, response=response)
            for name, data in sse_messages(response.iter_lines()):
                if self._stopped.is_set():
                    return
                if name == "ready":
                    self.core.set_online(True)
                    self.heard(None)
                elif name == "changed":
                    self.heard(None)
                elif name == "domain":
                    try:
                        self.heard(event_from_wire(json.loads(data)))
                    except ValueError:
                        self.heard(None)

    def stop(self) -> None:
        self._stopped.set()
        response = self._response
        if response is not None:
            try:
                response.close()  # unblocks the read the worker thread waits in
            except Exception:  # closing from another thread may race the reader: it stops anyway
                pass
