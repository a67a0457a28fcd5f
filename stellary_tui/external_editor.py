"""Editing a text in the user's own editor ($VISUAL, then $EDITOR, else vi), the terminal handed over meanwhile."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

FALLBACK = "vi"


class EditorFailed(Exception):
    """The editor could not be started, or exited with an error: the text is left as it was."""


def editor_command() -> list[str]:
    # Both may carry arguments ("code --wait"): split them as a shell would.
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or FALLBACK
    return shlex.split(chosen)


def edit_text(app: App[object], text: str, *, suffix: str = ".md") -> str:
    """``text`` as the user left it in their editor; raises ``EditorFailed`` and changes nothing if it failed."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="stellary-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            with app.suspend():
                code = _run(command, path)
        except SuspendNotSupported:
            code = _run(command, path)  # no terminal to hand over (headless, a web session): run it as it is
        if code != 0:
            raise EditorFailed(f"{command[0]} exited with status {code}; the text is unchanged")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


def _run(command: list[str], path: Path) -> int:
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as error:
        raise EditorFailed(f"Could not start {command[0]}: {error.strerror or error}") from None
