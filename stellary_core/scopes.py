"""Token scopes: every operation names the one it needs, and the runner checks it for every caller."""

from __future__ import annotations

from stellary_core.errors import Forbidden
from stellary_core.principal import Principal


def require_scope(principal: Principal, scope: str) -> None:
    """403 naming the missing scope when a token lacks it."""
    if not principal.has_scope(scope):
        raise Forbidden(f"Token is missing the required scope: {scope}")
