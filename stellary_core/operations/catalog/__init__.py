"""Every operation, one module per area; importing this package registers them all."""

from stellary_core.operations.catalog import (  # noqa: F401
    account,
    activity,
    api_tokens,
    attachments,
    board,
    bulk,
    card_editing,
    checklists,
    comments,
    custom_fields,
    labels,
    notifications,
    organizations,
    projects,
    relations,
    saved_filters,
    scopes,
    stats,
    transfer,
    workspaces,
)
