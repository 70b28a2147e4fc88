"""Status columns hold only known values; erasure finds a number's rows through indexes

Revision ID: 9e24994a1697
Revises: 7f3c2a9e5b18
Create Date: 2026-11-30 14:20:00.000000

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e24994a1697'
down_revision = '7f3c2a9e5b18'
branch_labels = None
depends_on = None

# (table, column, allowed values): the values of the enums the code writes, as of this revision.
CHOICES = (
    ('surveys', 'channel', ('ivr', 'sms')),
    ('surveys', 'kind', ('smiley', 'nps', 'ces')),
    ('surveys', 'state', ('skipped', 'scheduled', 'active', 'completed', 'abandoned',
                          'expired')),
    ('surveys', 'step', ('score', 'reason', 'praise', 'comment', 'done')),
    ('surveys', 'skip_reason', ('not_answered', 'too_short', 'no_caller_number', 'not_a_mobile',
                                'opted_out', 'quarantine', 'not_sampled', 'unknown_agent',
                                'agent_inactive')),
    ('responses', 'channel', ('ivr', 'sms')),
    ('responses', 'kind', ('smiley', 'nps', 'ces')),
    ('responses', 'category', ('happy', 'sad', 'promoter', 'passive', 'detractor', 'easy',
                               'neutral', 'difficult')),
    ('follow_ups', 'status', ('open', 'contacted', 'resolved')),
    ('outbox_messages', 'channel', ('sms', 'email')),
    ('outbox_messages', 'status', ('pending', 'sending', 'sent', 'delivered', 'undelivered',
                                   'failed', 'ambiguous')),
    ('outbox_pauses', 'channel', ('sms', 'email')),
    ('users', 'role', ('agent', 'supervisor', 'admin')),
    ('password_links', 'purpose', ('invite', 'reset')),
)

# A number in E.164 anywhere in a text, whole (as feedback_service.phone_numbers.numbers_in).
E164_IN_TEXT = re.compile(r"(?<!\d)\+[1-9]\d{6,14}(?!\d)")
EVENTS_AT_ONCE = 1000


def _numbers_in(value):
    if isinstance(value, str):
        return set(E164_IN_TEXT.findall(value))
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return set().union(*(_numbers_in(item) for item in value))
    return set()


def _tables():
    tables = {}
    for table, column, values in CHOICES:
        tables.setdefault(table, []).append((column, values))
    return tables


def upgrade():
    # Batch mode: SQLite adds a CHECK only by copying the table.
    for table, checks in _tables().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in checks:
                allowed = ", ".join(f"'{value}'" for value in values)
                batch_op.create_check_constraint(op.f(f'ck_{table}_{column}'),
                                                 f"{column} IN ({allowed})")

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_recipient'), ['recipient'],
                              unique=False)

    op.create_table('webhook_event_numbers',
    sa.Column('webhook_event_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['webhook_event_id'], ['webhook_events.id'],
                            name=op.f('fk_webhook_event_numbers_webhook_event_id_webhook_events'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('webhook_event_id', 'phone', name=op.f('pk_webhook_event_numbers'))
    )
    with op.batch_alter_table('webhook_event_numbers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_event_numbers_phone'), ['phone'],
                              unique=False)

    # The numbers in the events kept so far, read once, a thousand events at a time.
    bind = op.get_bind()
    events = sa.table('webhook_events', sa.column('id', sa.Integer()),
                      sa.column('payload', sa.JSON()))
    numbers = sa.table('webhook_event_numbers', sa.column('webhook_event_id', sa.Integer()),
                       sa.column('phone', sa.String()))
    last_id = 0
    while True:
        batch = bind.execute(sa.select(events.c.id, events.c.payload)
                             .where(events.c.id > last_id).order_by(events.c.id)
                             .limit(EVENTS_AT_ONCE)).all()
        if not batch:
            break
        rows = [{'webhook_event_id': event_id, 'phone': phone}
                for event_id, payload in batch for phone in sorted(_numbers_in(payload))]
        if rows:
            bind.execute(numbers.insert(), rows)
        last_id = batch[-1].id


def downgrade():
    with op.batch_alter_table('webhook_event_numbers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_event_numbers_phone'))
    op.drop_table('webhook_event_numbers')

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_recipient'))

    for table, checks in reversed(list(_tables().items())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _ in reversed(checks):
                batch_op.drop_constraint(op.f(f'ck_{table}_{column}'), type_='check')
