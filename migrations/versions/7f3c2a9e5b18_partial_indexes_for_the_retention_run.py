"""Partial indexes that let the retention run find only what still holds personal data

Revision ID: 7f3c2a9e5b18
Revises: a7c3e5f1b2d8
Create Date: 2026-11-30 11:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7f3c2a9e5b18'
down_revision = 'a7c3e5f1b2d8'
branch_labels = None
depends_on = None

# (table, index, column, condition): each index holds only the rows a retention run still has
# to erase, so the nightly run reads a day's rows, not the whole history.
PARTIAL_INDEXES = (
    ('calls', 'ix_calls_started_at_with_caller', 'started_at', 'caller IS NOT NULL'),
    ('surveys', 'ix_surveys_created_at_with_caller', 'created_at', 'caller IS NOT NULL'),
    ('responses', 'ix_responses_received_at_not_anonymised', 'received_at',
     'anonymised_at IS NULL'),
    ('responses', 'ix_responses_recording_kept', 'id',
     'anonymised_at IS NOT NULL AND recording_sid IS NOT NULL'),
    ('follow_ups', 'ix_follow_ups_handled_at_with_note', 'handled_at', 'note IS NOT NULL'),
    ('outbox_messages', 'ix_outbox_messages_created_at_with_body', 'created_at',
     'body IS NOT NULL'),
)


def upgrade():
    for table, name, column, condition in PARTIAL_INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, [column], unique=False,
                                  postgresql_where=sa.text(condition),
                                  sqlite_where=sa.text(condition))


def downgrade():
    for table, name, _, _ in reversed(PARTIAL_INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
