"""Responses keep what went well (the praise code), asked after a positive answer

Revision ID: a7c3e5f1b920
Revises: d2b5d14c9b14
Create Date: 2026-11-30 11:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e5f1b920'
down_revision = 'd2b5d14c9b14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('praise', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('praise')
