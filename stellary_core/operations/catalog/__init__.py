"""Every operation, one module per area; importing this package registers them all."""

from stellary_core.operations.catalog import board, card_editing  # noqa: F401
