"""Surveys know when their first question was sent; outbox messages know when they expire

A survey's `question_sent_at` was read from its question's row in the outbox; an SMS's retry
window from its survey. Each now keeps its own, filled in from the other here.

Revision ID: 0f0098528fd6
Revises: 9e24994a1697
Create Date: 2026-11-30 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0f0098528fd6"
down_revision = "9e24994a1697"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("surveys") as batch_op:
        batch_op.add_column(sa.Column("question_sent_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
    # An SMS survey's question went when its outbox row was sent (delivered is later still).
    op.execute("""
        UPDATE surveys SET question_sent_at = (
            SELECT MIN(COALESCE(m.sent_at, m.updated_at)) FROM outbox_messages m
            WHERE m.survey_id = surveys.id AND m.purpose = 'survey_question'
              AND m.status IN ('sent', 'delivered'))
        WHERE channel = 'sms'
    """)
    # An IVR survey's question is said on the line when it is asked.
    op.execute("UPDATE surveys SET question_sent_at = asked_at WHERE channel = 'ivr'")
    op.execute("""
        UPDATE outbox_messages SET expires_at = (
            SELECT s.expires_at FROM surveys s WHERE s.id = outbox_messages.survey_id)
        WHERE survey_id IS NOT NULL
    """)


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("surveys") as batch_op:
        batch_op.drop_column("question_sent_at")
