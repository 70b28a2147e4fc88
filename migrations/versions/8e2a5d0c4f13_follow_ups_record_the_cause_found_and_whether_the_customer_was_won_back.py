"""Follow-ups record when the customer was first called back, the cause found, and whether they were won back

Revision ID: 8e2a5d0c4f13
Revises: 3b1f6c2d9a47
Create Date: 2026-11-30 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e2a5d0c4f13'
down_revision = '3b1f6c2d9a47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_reason', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('won_back', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('called_back_at', sa.DateTime(), nullable=True))
    # A follow-up handled before knew only its last handling time.
    op.execute("UPDATE follow_ups SET called_back_at = handled_at WHERE handled_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_column('called_back_at')
        batch_op.drop_column('won_back')
        batch_op.drop_column('confirmed_reason')
