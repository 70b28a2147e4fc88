"""Follow-ups keep their answer's team

Revision ID: 7df351d94da3
Revises: d0d0c470e980
Create Date: 2026-12-07 02:40:41.445658

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7df351d94da3'
down_revision = 'd0d0c470e980'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_follow_ups_team_id_teams'), 'teams', ['team_id'], ['id'])

    # Every follow-up so far takes the team of its answer, as new ones are written.
    op.execute("UPDATE follow_ups SET team_id = (SELECT responses.team_id FROM responses"
               " WHERE responses.id = follow_ups.response_id)")

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_follow_ups_waiting_team', ['team_id', 'created_at'], unique=False, postgresql_where=sa.text("status IN ('open', 'contacted')"), sqlite_where=sa.text("status IN ('open', 'contacted')"))


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_follow_ups_team_id_teams'), type_='foreignkey')
        batch_op.drop_index('ix_follow_ups_waiting_team', postgresql_where=sa.text("status IN ('open', 'contacted')"), sqlite_where=sa.text("status IN ('open', 'contacted')"))
        batch_op.drop_column('team_id')

