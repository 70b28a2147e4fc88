"""A team's and an agent's answer counts, each with the other's id, come from an index alone

Revision ID: 808c8abb3595
Revises: 8549574d6e77
Create Date: 2026-12-07 06:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '808c8abb3595'
down_revision = '8549574d6e77'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_agent_call_ended')
        batch_op.drop_index('ix_responses_team_call_ended_counts')
        batch_op.create_index('ix_responses_agent_counts', ['agent_id', 'call_ended_at', 'team_id', 'kind', 'category', 'reason', 'survey_id'], unique=False)
        batch_op.create_index('ix_responses_team_counts', ['team_id', 'call_ended_at', 'agent_id', 'kind', 'category', 'reason', 'survey_id', 'praise', 'topic'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_team_counts')
        batch_op.drop_index('ix_responses_agent_counts')
        batch_op.create_index('ix_responses_team_call_ended_counts', ['team_id', 'call_ended_at', 'kind', 'category', 'reason'], unique=False)
        batch_op.create_index('ix_responses_agent_call_ended', ['agent_id', 'call_ended_at'], unique=False)
