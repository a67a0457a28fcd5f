"""Project drafts: the AI project wizard's work in progress.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('project_drafts',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('readiness_score', sa.Integer(), nullable=False),
    sa.Column('roadmap', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('project_id', sa.String(length=24), nullable=True),
    sa.Column('created_by', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_project_drafts_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_drafts_project_id_projects'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_project_drafts_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_drafts'))
    )
    with op.batch_alter_table('project_drafts', schema=None) as batch_op:
        batch_op.create_index('ix_project_drafts_workspace_created', ['workspace_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('project_drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_project_drafts_workspace_created')

    op.drop_table('project_drafts')
