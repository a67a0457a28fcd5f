"""The event journal: committed domain events, read by the other processes' event streams.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'event_journal',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('committed_at', sa.DateTime(), nullable=False),
        sa.Column('origin', sa.String(length=32), nullable=False),
        sa.Column('event', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_journal')),
        # Ids never reused once pruned: a reader asks for the rows after the last id it read.
        sqlite_autoincrement=True,
    )
    # A plain CREATE INDEX: a batch rebuild of the table on SQLite would gain nothing here.
    op.create_index(op.f('ix_event_journal_committed_at'), 'event_journal', ['committed_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_event_journal_committed_at'), table_name='event_journal')
    op.drop_table('event_journal')
