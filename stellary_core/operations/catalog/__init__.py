"""Every operation, one module per area; importing this package registers them all."""

from stellary_core.operations.catalog import (  # noqa: F401
    account,
    api_tokens,
    board,
    card_editing,
    notifications,
    organizations,
    workspaces,
)
