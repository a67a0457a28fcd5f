"""Automations: project rules, the trace of each run, and the due-date firing claims.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('automation_rules',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('trigger', sa.String(length=30), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('action', sa.JSON(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=24), nullable=True),
    sa.Column('last_run_at', sa.DateTime(), nullable=True),
    sa.Column('run_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_automation_rules_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_automation_rules_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_automation_rules'))
    )
    with op.batch_alter_table('automation_rules', schema=None) as batch_op:
        batch_op.create_index('ix_automation_rules_project_trigger', ['project_id', 'trigger'], unique=False)

    op.create_table('automation_traces',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('rule_id', sa.String(length=24), nullable=False),
    sa.Column('trigger', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.String(length=24), nullable=True),
    sa.Column('card_id', sa.String(length=24), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('event', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['rule_id'], ['automation_rules.id'], name=op.f('fk_automation_traces_rule_id_automation_rules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_automation_traces'))
    )
    with op.batch_alter_table('automation_traces', schema=None) as batch_op:
        batch_op.create_index('ix_automation_traces_rule_time', ['rule_id', 'at'], unique=False)

    op.create_table('automation_due_firings',
    sa.Column('card_id', sa.String(length=24), nullable=False),
    sa.Column('due_date', sa.DateTime(), nullable=False),
    sa.Column('fired_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_automation_due_firings_card_id_cards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', 'due_date', name=op.f('pk_automation_due_firings'))
    )


def downgrade() -> None:
    op.drop_table('automation_due_firings')
    with op.batch_alter_table('automation_traces', schema=None) as batch_op:
        batch_op.drop_index('ix_automation_traces_rule_time')

    op.drop_table('automation_traces')
    with op.batch_alter_table('automation_rules', schema=None) as batch_op:
        batch_op.drop_index('ix_automation_rules_project_trigger')

    op.drop_table('automation_rules')
