"""Teams have collective goals; supervisors record coaching talks

Revision ID: 105e93284be0
Revises: ab72c0721831
Create Date: 2026-12-06 23:05:31.871828

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '105e93284be0'
down_revision = 'ab72c0721831'
branch_labels = None
depends_on = None


def upgrade():
    # One collective goal per team; there is no table for goals of one person.
    op.create_table('team_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('target', sa.Double(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('smiley', 'nps', 'ces')", name=op.f('ck_team_goals_kind')),
    sa.CheckConstraint('since <= until', name=op.f('ck_team_goals_period')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_goals_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_goals')),
    sa.UniqueConstraint('team_id', name=op.f('uq_team_goals_team_id'))
    )
    # The free text a supervisor writes about an agent: kept RETENTION_DAYS, erased with the
    # agent (privacy/erasure.py).
    op.create_table('coaching_talks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('agreed', sa.String(length=500), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_coaching_talks_agent_id_agents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_coaching_talks_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_talks'))
    )
    with op.batch_alter_table('coaching_talks', schema=None) as batch_op:
        batch_op.create_index('ix_coaching_talks_agent_held_on', ['agent_id', 'held_on'], unique=False)
        batch_op.create_index('ix_coaching_talks_held_on', ['held_on'], unique=False)



def downgrade():
    with op.batch_alter_table('coaching_talks', schema=None) as batch_op:
        batch_op.drop_index('ix_coaching_talks_held_on')
        batch_op.drop_index('ix_coaching_talks_agent_held_on')

    op.drop_table('coaching_talks')
    op.drop_table('team_goals')
