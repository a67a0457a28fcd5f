"""Due-date firings per rule: the claim of (rule, card, due date) is written with the rule's run.

The claims of 0006 were one per (card, due date), and such a claim kept every rule
from firing for that date again. Each becomes one claim per ``due_date_reached``
rule of the card's project made by that date (enabled or not): the rules it covered
and that could still fire for it. Later rules never fire for a date that passed
before they existed, so they need no row.

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-20 09:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# The rows wait here while the table is made anew (its key changes; SQLite cannot alter a primary key).
_CARRIED = 'automation_due_firings_carried'


def _carried(*columns: sa.Column[Any]) -> None:
    op.create_table(_CARRIED, *columns, sa.Column('due_date', sa.DateTime(), nullable=False),
                    sa.Column('fired_at', sa.DateTime(), nullable=False))


def upgrade() -> None:
    _carried(sa.Column('card_id', sa.String(length=24), nullable=False),
             sa.Column('rule_id', sa.String(length=24), nullable=False))
    op.execute(
        f"INSERT INTO {_CARRIED} (card_id, rule_id, due_date, fired_at) "
        "SELECT f.card_id, r.id, f.due_date, f.fired_at FROM automation_due_firings f "
        "JOIN cards c ON c.id = f.card_id "
        "JOIN automation_rules r ON r.project_id = c.project_id "
        "AND r.\"trigger\" = 'due_date_reached' AND r.created_at <= f.due_date"
    )
    op.drop_table('automation_due_firings')
    op.create_table('automation_due_firings',
    sa.Column('card_id', sa.String(length=24), nullable=False),
    sa.Column('rule_id', sa.String(length=24), nullable=False),
    sa.Column('due_date', sa.DateTime(), nullable=False),
    sa.Column('fired_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_automation_due_firings_card_id_cards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_id'], ['automation_rules.id'], name=op.f('fk_automation_due_firings_rule_id_automation_rules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', 'rule_id', 'due_date', name=op.f('pk_automation_due_firings'))
    )
    op.execute(
        f"INSERT INTO automation_due_firings (card_id, rule_id, due_date, fired_at) "
        f"SELECT card_id, rule_id, due_date, fired_at FROM {_CARRIED}"
    )
    op.drop_table(_CARRIED)


def downgrade() -> None:
    # Back to one claim per (card, due date): a date any rule fired for counts as fired for all.
    _carried(sa.Column('card_id', sa.String(length=24), nullable=False))
    op.execute(
        f"INSERT INTO {_CARRIED} (card_id, due_date, fired_at) "
        "SELECT card_id, due_date, MIN(fired_at) FROM automation_due_firings GROUP BY card_id, due_date"
    )
    op.drop_table('automation_due_firings')
    op.create_table('automation_due_firings',
    sa.Column('card_id', sa.String(length=24), nullable=False),
    sa.Column('due_date', sa.DateTime(), nullable=False),
    sa.Column('fired_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_automation_due_firings_card_id_cards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', 'due_date', name=op.f('pk_automation_due_firings'))
    )
    op.execute(
        f"INSERT INTO automation_due_firings (card_id, due_date, fired_at) "
        f"SELECT card_id, due_date, fired_at FROM {_CARRIED}"
    )
    op.drop_table(_CARRIED)
