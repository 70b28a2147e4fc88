"""Surveys know a caller's repeat contacts by a keyed hash of the number

Revision ID: 5c7d1e9b2a60
Revises: 8e2a5d0c4f13
Create Date: 2026-11-30 10:00:00.000000

"""
import hashlib
import hmac
from collections import defaultdict
from datetime import timedelta

from alembic import op
import sqlalchemy as sa
from flask import current_app


# revision identifiers, used by Alembic.
revision = '5c7d1e9b2a60'
down_revision = '8e2a5d0c4f13'
branch_labels = None
depends_on = None

REPEAT_WITHIN = timedelta(days=7)


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('caller_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('repeat_contact', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_index('ix_surveys_caller_key_call_ended', ['caller_key', 'call_ended_at'],
                              unique=False)
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.alter_column('repeat_contact', server_default=None)

    # Key the numbers still held, and mark the calls a caller followed with another within the
    # default seven days, so first-contact resolution covers the history too.
    secret = str(current_app.config.get("SECRET_KEY") or "").encode()
    bind = op.get_bind()
    surveys = sa.table('surveys', sa.column('id'), sa.column('caller'),
                       sa.column('caller_key'), sa.column('call_ended_at', sa.DateTime()),
                       sa.column('repeat_contact'))
    calls_by_key = defaultdict(list)
    for survey_id, caller, ended in bind.execute(
            sa.select(surveys.c.id, surveys.c.caller, surveys.c.call_ended_at)
            .where(surveys.c.caller.is_not(None))):
        key = hmac.new(secret, caller.encode(), hashlib.sha256).hexdigest()
        bind.execute(surveys.update().where(surveys.c.id == survey_id).values(caller_key=key))
        calls_by_key[key].append((ended, survey_id))
    for calls in calls_by_key.values():
        calls.sort()
        for (ended, survey_id), (next_ended, _) in zip(calls, calls[1:]):
            if next_ended - ended <= REPEAT_WITHIN:
                bind.execute(surveys.update().where(surveys.c.id == survey_id)
                             .values(repeat_contact=True))


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index('ix_surveys_caller_key_call_ended')
        batch_op.drop_column('repeat_contact')
        batch_op.drop_column('caller_key')
