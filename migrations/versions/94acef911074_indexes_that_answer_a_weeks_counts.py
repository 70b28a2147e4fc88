"""Indexes that answer a week's counts from the index alone, and a week's surveys by time

Revision ID: 94acef911074
Revises: 0f0098528fd6
Create Date: 2026-11-30 14:20:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "94acef911074"
down_revision = "0f0098528fd6"
branch_labels = None
depends_on = None

# Every column the read model counts answers by, after the moment that puts an answer in a
# week: a week's (or sixteen weeks') counts per agent and team are read from the index alone,
# never from the rows. It leads with call_ended_at, so it replaces the index on that column.
ANSWER_COUNTS = ["call_ended_at", "agent_id", "team_id", "kind", "category", "reason"]


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index("ix_responses_call_ended_counts", ANSWER_COUNTS, unique=False)
        batch_op.drop_index("ix_responses_call_ended_at")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.create_index("ix_surveys_call_ended_at", ["call_ended_at"], unique=False)


def downgrade():
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index("ix_surveys_call_ended_at")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index("ix_responses_call_ended_at", ["call_ended_at"], unique=False)
        batch_op.drop_index("ix_responses_call_ended_counts")
