"""Answers belong to the week of their call: call_ended_at and team on surveys and responses

Revision ID: 3b1f6c2d9a47
Revises: 075028488fca
Create Date: 2026-11-30 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b1f6c2d9a47'
down_revision = '075028488fca'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('call_ended_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_surveys_team_id_teams'), 'teams', ['team_id'], ['id'])
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('call_ended_at', sa.DateTime(), nullable=True))

    # Existing surveys were put in weeks by their creation, which is when the call ended for
    # every channel; their team is the agent's team of the time, as far as it is known now.
    op.execute("UPDATE surveys SET call_ended_at = created_at")
    op.execute(
        "UPDATE surveys SET team_id = "
        "(SELECT agents.team_id FROM agents WHERE agents.id = surveys.agent_id)"
    )
    op.execute(
        "UPDATE responses SET call_ended_at = "
        "(SELECT surveys.call_ended_at FROM surveys WHERE surveys.id = responses.survey_id)"
    )

    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.alter_column('call_ended_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.drop_index('ix_surveys_agent_id')
        batch_op.create_index('ix_surveys_agent_call_ended', ['agent_id', 'call_ended_at'], unique=False)
        batch_op.create_index('ix_surveys_team_call_ended', ['team_id', 'call_ended_at'], unique=False)
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.alter_column('call_ended_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.drop_index('ix_responses_agent_id')
        batch_op.drop_index('ix_responses_team_id')
        batch_op.create_index('ix_responses_agent_call_ended', ['agent_id', 'call_ended_at'], unique=False)
        batch_op.create_index('ix_responses_team_call_ended', ['team_id', 'call_ended_at'], unique=False)
        batch_op.create_index('ix_responses_call_ended_at', ['call_ended_at'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_call_ended_at')
        batch_op.drop_index('ix_responses_team_call_ended')
        batch_op.drop_index('ix_responses_agent_call_ended')
        batch_op.create_index('ix_responses_team_id', ['team_id'], unique=False)
        batch_op.create_index('ix_responses_agent_id', ['agent_id'], unique=False)
        batch_op.drop_column('call_ended_at')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index('ix_surveys_team_call_ended')
        batch_op.drop_index('ix_surveys_agent_call_ended')
        batch_op.create_index('ix_surveys_agent_id', ['agent_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_surveys_team_id_teams'), type_='foreignkey')
        batch_op.drop_column('call_ended_at')
        batch_op.drop_column('team_id')
