"""Pilotage: missions, priorities, todos, decisions, active docs and proposed actions per workspace.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pilotage_actions',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('action_type', sa.String(length=100), nullable=False),
    sa.Column('explanation', sa.String(length=500), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('proposed_by', sa.String(length=24), nullable=True),
    sa.Column('reviewed_by', sa.String(length=24), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('review_reason', sa.String(length=200), nullable=True),
    sa.Column('applied_by', sa.String(length=24), nullable=True),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('error', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['applied_by'], ['users.id'], name=op.f('fk_pilotage_actions_applied_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by'], ['users.id'], name=op.f('fk_pilotage_actions_proposed_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'], name=op.f('fk_pilotage_actions_reviewed_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_pilotage_actions_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilotage_actions'))
    )
    with op.batch_alter_table('pilotage_actions', schema=None) as batch_op:
        batch_op.create_index('ix_pilotage_actions_workspace_status', ['workspace_id', 'status', 'created_at'], unique=False)

    op.create_table('pilotage_decisions',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('impact', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=24), nullable=True),
    sa.Column('cycle', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_pilotage_decisions_decided_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_pilotage_decisions_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilotage_decisions'))
    )
    with op.batch_alter_table('pilotage_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_pilotage_decisions_workspace_time', ['workspace_id', 'created_at'], unique=False)

    op.create_table('pilotage_docs',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('source_type', sa.String(length=10), nullable=True),
    sa.Column('created_by', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_pilotage_docs_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_pilotage_docs_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilotage_docs'))
    )
    with op.batch_alter_table('pilotage_docs', schema=None) as batch_op:
        batch_op.create_index('ix_pilotage_docs_workspace', ['workspace_id'], unique=False)

    op.create_table('pilotage_missions',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('objective', sa.String(length=200), nullable=False),
    sa.Column('module', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('blocked_reason', sa.String(length=200), nullable=True),
    sa.Column('cycle', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_pilotage_missions_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_pilotage_missions_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilotage_missions'))
    )
    with op.batch_alter_table('pilotage_missions', schema=None) as batch_op:
        batch_op.create_index('ix_pilotage_missions_workspace_status', ['workspace_id', 'status'], unique=False)

    op.create_table('pilotage_priorities',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('module', sa.String(length=100), nullable=True),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_pilotage_priorities_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_pilotage_priorities_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilotage_priorities'))
    )
    with op.batch_alter_table('pilotage_priorities', schema=None) as batch_op:
        batch_op.create_index('ix_pilotage_priorities_workspace_status', ['workspace_id', 'status', 'order'], unique=False)

    op.create_table('pilotage_todos',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('mission_id', sa.String(length=24), nullable=True),
    sa.Column('priority_id', sa.String(length=24), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('cycle', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_pilotage_todos_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['pilotage_missions.id'], name=op.f('fk_pilotage_todos_mission_id_pilotage_missions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['priority_id'], ['pilotage_priorities.id'], name=op.f('fk_pilotage_todos_priority_id_pilotage_priorities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_pilotage_todos_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilotage_todos'))
    )
    with op.batch_alter_table('pilotage_todos', schema=None) as batch_op:
        batch_op.create_index('ix_pilotage_todos_mission', ['mission_id'], unique=False)
        batch_op.create_index('ix_pilotage_todos_priority', ['priority_id'], unique=False)
        batch_op.create_index('ix_pilotage_todos_workspace_status', ['workspace_id', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pilotage_todos', schema=None) as batch_op:
        batch_op.drop_index('ix_pilotage_todos_workspace_status')
        batch_op.drop_index('ix_pilotage_todos_priority')
        batch_op.drop_index('ix_pilotage_todos_mission')

    op.drop_table('pilotage_todos')
    with op.batch_alter_table('pilotage_priorities', schema=None) as batch_op:
        batch_op.drop_index('ix_pilotage_priorities_workspace_status')

    op.drop_table('pilotage_priorities')
    with op.batch_alter_table('pilotage_missions', schema=None) as batch_op:
        batch_op.drop_index('ix_pilotage_missions_workspace_status')

    op.drop_table('pilotage_missions')
    with op.batch_alter_table('pilotage_docs', schema=None) as batch_op:
        batch_op.drop_index('ix_pilotage_docs_workspace')

    op.drop_table('pilotage_docs')
    with op.batch_alter_table('pilotage_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_pilotage_decisions_workspace_time')

    op.drop_table('pilotage_decisions')
    with op.batch_alter_table('pilotage_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_pilotage_actions_workspace_status')

    op.drop_table('pilotage_actions')
