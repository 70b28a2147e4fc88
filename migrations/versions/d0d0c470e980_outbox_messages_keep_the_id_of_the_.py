"""Outbox messages keep the id of the request that queued them, for the logs

Revision ID: d0d0c470e980
Revises: f964f0e122ab
Create Date: 2026-12-06 23:06:11.236122

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd0d0c470e980'
down_revision = 'f964f0e122ab'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('request_id')
