"""Mission heartbeats: the lease that lets any server fail the missions of a server that stopped.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agent_missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(), nullable=True))
    # A mission already under way counts from when it started: its lease runs from there.
    op.execute(
        "UPDATE agent_missions SET heartbeat_at = COALESCE(started_at, created_at) "
        "WHERE status IN ('queued', 'running') AND worker IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('agent_missions', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
