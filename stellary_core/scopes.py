"""Which token scope each area of the API needs: one mechanism for every shell.

Routes declare an area; reads need ``<area>:read`` and writes ``<area>:write``.
The REST server and the MCP server both check through ``require_scope``.
"""

from __future__ import annotations

from typing import Literal

from stellary_core.errors import Forbidden
from stellary_core.principal import Principal

Area = Literal["projects", "pilotage", "notifications", "account"]


def scope_for(area: Area, *, write: bool) -> str:
    """The scope an action needs. Notifications have only a read scope, which also manages them."""
    if area == "notifications":
        return "notifications:read"
    return f"{area}:{'write' if write else 'read'}"


def require_scope(principal: Principal, scope: str) -> None:
    """403 naming the missing scope when a token lacks it."""
    if not principal.has_scope(scope):
        raise Forbidden(f"Token is missing the required scope: {scope}")
