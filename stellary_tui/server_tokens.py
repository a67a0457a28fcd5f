"""The tokens ``stellary login`` got from team servers, one per server URL, in the platform config dir.

One JSON file (``servers.json``) readable by its owner only (0600, in a 0700
directory): a token there acts as its user on that server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from stellary_core.file_modes import PRIVATE_FILE, private_dir

FILE_NAME = "servers.json"


def config_dir() -> Path:
    import platformdirs  # here: only the server commands need it

    return Path(platformdirs.user_config_dir("stellary"))


def server_key(url: str) -> str:
    """The URL as stored: without trailing slashes, so "https://h/" and "https://h" are one server."""
    return url.strip().rstrip("/")


def _path() -> Path:
    return config_dir() / FILE_NAME


def _read() -> dict[str, str]:
    try:
        loaded = json.loads(_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(url): str(token) for url, token in loaded.items()} if isinstance(loaded, dict) else {}


def _write(tokens: dict[str, str]) -> None:
    path = _path()
    private_dir(path.parent)
    # Written to a new 0600 file then renamed over the old one: never readable by others, never half-written.
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(tokens, out, indent=2)
    os.replace(partial, path)


def token_for(url: str) -> str | None:
    return _read().get(server_key(url))


def store_token(url: str, token: str) -> Path:
    tokens = _read()
    tokens[server_key(url)] = token
    _write(tokens)
    return _path()


def forget_token(url: str) -> bool:
    """Remove the server's token; False when there was none."""
    tokens = _read()
    if tokens.pop(server_key(url), None) is None:
        return False
    _write(tokens)
    return True
