"""Where data lives and how long tokens last, read from the environment."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from stellary_core.errors import Invalid

DEFAULT_JWT_LIFETIME = 7 * 24 * 3600
_DURATION_RE = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """Seconds in ``7d``, ``12h``, ``30m``, ``45s`` or a bare number of seconds."""
    match = _DURATION_RE.match(text)
    if not match or int(match.group(1)) <= 0:
        raise Invalid.field("JWT_EXPIRES_IN", f"cannot read duration {text!r} (use 7d, 12h, 30m or seconds)")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def default_data_dir() -> Path:
    override = os.environ.get("STELLARY_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("stellary"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    jwt_lifetime: int
    jwt_secret: str | None
    # How long a writer waits for SQLite's lock before the operation answers 503 (Busy).
    busy_timeout_ms: int = 5000
    # The AI provider of agents and the wizard: "rules" (offline) or "openai" (any OpenAI-compatible server).
    ai_provider: str = "rules"
    ai_base_url: str | None = None
    ai_model: str | None = None
    ai_api_key: str | None = None

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @classmethod
    def from_env(cls, data_dir: Path | str | None = None, database_url: str | None = None) -> "Settings":
        """Settings from the environment; explicit arguments win over variables."""
        directory = Path(data_dir).expanduser() if data_dir else default_data_dir()
        url = database_url or os.environ.get("STELLARY_DATABASE_URL") or f"sqlite:///{directory / 'stellary.db'}"
        lifetime_text = os.environ.get("JWT_EXPIRES_IN")
        lifetime = parse_duration(lifetime_text) if lifetime_text else DEFAULT_JWT_LIFETIME
        return cls(
            data_dir=directory,
            database_url=url,
            jwt_lifetime=lifetime,
            jwt_secret=os.environ.get("STELLARY_JWT_SECRET") or None,
            ai_provider=(os.environ.get("STELLARY_AI_PROVIDER") or "rules").strip().lower(),
            ai_base_url=os.environ.get("STELLARY_AI_BASE_URL") or None,
            ai_model=os.environ.get("STELLARY_AI_MODEL") or None,
            ai_api_key=os.environ.get("STELLARY_AI_API_KEY") or None,
        )
