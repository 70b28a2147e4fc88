"""Scheduled jobs record their last success and failure, for /healthz

Revision ID: 9e9f47e40684
Revises: b3d9e4f7a215
Create Date: 2026-12-06 20:22:44.004627

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e9f47e40684'
down_revision = 'b3d9e4f7a215'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_runs',
    sa.Column('job', sa.String(length=40), nullable=False),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('job', name=op.f('pk_job_runs'))
    )


def downgrade():
    op.drop_table('job_runs')
