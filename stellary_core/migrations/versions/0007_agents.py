"""Agents, their missions on cards, each mission's stored steps, and the proposals of supervised agents.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agents',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('autonomy_mode', sa.String(length=20), nullable=False),
    sa.Column('tools', sa.JSON(), nullable=False),
    sa.Column('per_minute', sa.Integer(), nullable=False),
    sa.Column('per_hour', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_agents_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_agents_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agents')),
    sa.UniqueConstraint('workspace_id', 'slug', name='uq_agents_workspace_slug')
    )
    op.create_table('agent_missions',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('agent_id', sa.String(length=24), nullable=False),
    sa.Column('card_id', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('requester_id', sa.String(length=24), nullable=True),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('worker', sa.String(length=100), nullable=True),
    sa.Column('step_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_agent_missions_agent_id_agents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_agent_missions_requester_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_agent_missions_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_missions'))
    )
    with op.batch_alter_table('agent_missions', schema=None) as batch_op:
        batch_op.create_index('ix_agent_missions_agent_time', ['agent_id', 'created_at'], unique=False)
        batch_op.create_index('ix_agent_missions_status', ['status'], unique=False)

    op.create_table('agent_mission_steps',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('mission_id', sa.String(length=24), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['agent_missions.id'], name=op.f('fk_agent_mission_steps_mission_id_agent_missions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_mission_steps')),
    sa.UniqueConstraint('mission_id', 'seq', name='uq_agent_mission_steps_mission_seq')
    )
    op.create_table('agent_proposals',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('mission_id', sa.String(length=24), nullable=False),
    sa.Column('tool', sa.String(length=60), nullable=False),
    sa.Column('arguments', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=24), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_agent_proposals_decided_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['agent_missions.id'], name=op.f('fk_agent_proposals_mission_id_agent_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_agent_proposals_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_proposals'))
    )
    with op.batch_alter_table('agent_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_agent_proposals_mission', ['mission_id', 'created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('agent_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_agent_proposals_mission')

    op.drop_table('agent_proposals')
    op.drop_table('agent_mission_steps')
    with op.batch_alter_table('agent_missions', schema=None) as batch_op:
        batch_op.drop_index('ix_agent_missions_status')
        batch_op.drop_index('ix_agent_missions_agent_time')

    op.drop_table('agent_missions')
    op.drop_table('agents')
