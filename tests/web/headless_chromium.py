"""A headless Chromium driven over the DevTools protocol on a pipe (no port, no extra package).

textual-serve's page draws the terminal on a canvas (xterm.js' WebGL or canvas
renderer), so neither ``--dump-dom`` nor the accessibility tree holds its text.
A script run before the page's own reads the text from the xterm.js terminal
buffer, i.e. what the canvas shows, and the page's screenshot comes from the
same browser.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

EXECUTABLES = ("chromium", "chromium-browser", "google-chrome")

# xterm.js' public Terminal stores its core as ``this._core = ...`` (so do a
# few internal classes). A setter on Object.prototype sees each such object;
# the terminal is the one with a buffer API. Reading a row gives the text its
# cells hold, which is what the renderer paints.
TERMINAL_TEXT_HOOK = """
(() => {
  const holders = [];
  Object.defineProperty(Object.prototype, "_core", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "_core", {value, writable: true, configurable: true});
      holders.push(this);
    },
  });
  window.__terminalText = () => {
    const terminal = holders.find(
      (o) => o.buffer && o.buffer.active && typeof o.buffer.active.getLine === "function"
    );
    if (!terminal) return null;
    const buffer = terminal.buffer.active;
    const rows = [];
    for (let y = 0; y < terminal.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
  };
})();
"""


def find_chromium() -> str | None:
    for name in EXECUTABLES:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


class ChromiumError(RuntimeError):
    pass


class HeadlessChromium:
    """One headless browser with one page; a context manager that kills the browser's process group."""

    def __init__(self, executable: str, *, width: int = 1280, height: int = 800) -> None:
        self._profile = tempfile.mkdtemp(prefix="stellary-chromium-")
        # Our ends of two pipes; the browser reads commands on its fd 3 and writes on its fd 4.
        command_read, self._command_write = os.pipe()
        self._reply_read, reply_write = os.pipe()
        # Above 4, so that wiring them to 3 and 4 in the child cannot clobber one another.
        child_read = fcntl.fcntl(command_read, fcntl.F_DUPFD, 10)
        child_write = fcntl.fcntl(reply_write, fcntl.F_DUPFD, 10)
        os.close(command_read)
        os.close(reply_write)

        def wire_pipes() -> None:
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",  # CI runs as root
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--mute-audio",
                # Only loopback resolves: the page's web-font link and any
                # browser service stay off the network.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                f"--window-size={width},{height}",
                f"--user-data-dir={self._profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # Python's own descriptors are not inheritable; only 0-4 reach the browser
            preexec_fn=wire_pipes,
            start_new_session=True,  # its zygote, GPU and renderer processes share the group
        )
        os.close(child_read)
        os.close(child_write)
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None

    def __enter__(self) -> HeadlessChromium:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)
        for descriptor in (self._command_write, self._reply_read):
            try:
                os.close(descriptor)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol -------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any], session: str | None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._command_write, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChromiumError("no answer from Chromium in time")
            ready, _, _ = select.select([self._reply_read], [], [], remaining)
            if ready:
                chunk = os.read(self._reply_read, 1 << 16)
                if not chunk:
                    raise ChromiumError(f"Chromium closed its pipe (exit code {self.process.poll()})")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, params: dict[str, Any] | None = None, *, timeout: float = 30) -> dict[str, Any]:
        """Send one command to the page (or the browser before a page is attached) and return its result."""
        message_id = self._send(method, params or {}, self._session)
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message.get("id") != message_id:
                continue  # an event, or the answer to nothing we wait for
            if "error" in message:
                raise ChromiumError(f"{method}: {message['error']}")
            result: dict[str, Any] = message.get("result", {})
            return result

    # -- the page -------------------------------------------------------------

    def open(self, url: str) -> None:
        """Open ``url`` in a new page with the terminal-text hook installed before the page's scripts."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable")
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": TERMINAL_TEXT_HOOK})
        self.call("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise ChromiumError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def terminal_text(self) -> str | None:
        """The rows the page's terminal shows now, or None before the terminal exists."""
        value = self.evaluate("window.__terminalText && window.__terminalText()")
        return value if isinstance(value, str) else None

    def wait_for_text(self, needle: str, *, timeout: float) -> str:
        """Poll the terminal until ``needle`` is on it; returns the rows, or raises with the last ones seen."""
        deadline = time.monotonic() + timeout
        text: str | None = None
        while time.monotonic() < deadline:
            text = self.terminal_text()
            if text is not None and needle in text:
                return text
            time.sleep(0.25)
        raise ChromiumError(f"{needle!r} not on the page after {timeout:.0f} s; the terminal showed:\n{text}")

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
