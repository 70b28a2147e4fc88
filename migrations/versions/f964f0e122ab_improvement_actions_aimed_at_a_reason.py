"""Improvement actions aimed at a reason

Revision ID: f964f0e122ab
Revises: 105e93284be0
Create Date: 2026-12-06 23:04:04.604158

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f964f0e122ab'
down_revision = '105e93284be0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('improvement_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('owner_email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_improvement_actions_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_actions')),
    sa.UniqueConstraint('slug', name=op.f('uq_improvement_actions_slug'))
    )
    with op.batch_alter_table('improvement_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_actions_reason'), ['reason'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvement_actions_team_id'), ['team_id'], unique=False)



def downgrade():
    with op.batch_alter_table('improvement_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_improvement_actions_team_id'))
        batch_op.drop_index(batch_op.f('ix_improvement_actions_reason'))

    op.drop_table('improvement_actions')
