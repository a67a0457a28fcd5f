"""Who is acting, and with which token scopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ALL_SCOPES: tuple[str, ...] = (
    "projects:read",
    "projects:write",
    "pilotage:read",
    "pilotage:write",
    "notifications:read",
    "account:read",
    "account:write",
)

PrincipalKind = Literal["jwt", "pat", "local", "automation", "agent"]


@dataclass(frozen=True)
class Principal:
    """The acting user. A JWT or the local profile holds every scope; a PAT holds its own."""

    user_id: str
    kind: PrincipalKind = "local"
    scopes: frozenset[str] = field(default_factory=lambda: frozenset(ALL_SCOPES))
    token_id: str | None = None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


_KIND_NAMES: dict[str, str] = {
    "jwt": "a login session",
    "local": "the local profile",
    "pat": "a personal access token",
    "automation": "an automation",
    "agent": "an agent",
}


def describe_kind(kind: str) -> str:
    """How a refusal names a kind of principal ("a personal access token")."""
    return _KIND_NAMES.get(kind, kind)
