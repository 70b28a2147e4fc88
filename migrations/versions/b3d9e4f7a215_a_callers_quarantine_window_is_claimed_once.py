"""A caller's quarantine window is claimed once, however many of their calls end at once

Revision ID: b3d9e4f7a215
Revises: 94acef911074
Create Date: 2026-12-06 20:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3d9e4f7a215'
down_revision = '94acef911074'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'quarantine_windows',
        sa.Column('caller_key', sa.String(length=64), nullable=False),
        sa.Column('ends_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('caller_key', name=op.f('pk_quarantine_windows')),
    )


def downgrade():
    op.drop_table('quarantine_windows')
