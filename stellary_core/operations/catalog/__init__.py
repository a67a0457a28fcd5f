"""Every operation, one module per area; importing this package registers them all."""

from stellary_core.operations.catalog import (  # noqa: F401
    activity,
    board,
    bulk,
    card_editing,
    projects,
    saved_filters,
    scopes,
    stats,
    transfer,
)
