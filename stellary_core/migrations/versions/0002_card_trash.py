"""Deleted cards kept for a while, so whoever deleted one can bring it back (undo).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trashed_cards',
    sa.Column('card_id', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=False),
    sa.Column('deleted_by', sa.String(length=24), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('copy', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['deleted_by'], ['users.id'], name=op.f('fk_trashed_cards_deleted_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_trashed_cards_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', name=op.f('pk_trashed_cards'))
    )
    with op.batch_alter_table('trashed_cards', schema=None) as batch_op:
        batch_op.create_index('ix_trashed_cards_deleted_at', ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_trashed_cards_project_id'), ['project_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('trashed_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trashed_cards_project_id'))
        batch_op.drop_index('ix_trashed_cards_deleted_at')

    op.drop_table('trashed_cards')
