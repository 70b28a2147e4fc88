"""One-time password links for invitations and resets, and requests for them by address

Revision ID: a7c3e5f1b2d8
Revises: a7c3e5f1b920
Create Date: 2026-11-30 11:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e5f1b2d8'
down_revision = 'a7c3e5f1b920'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('password_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_links')),
    sa.UniqueConstraint('token', name=op.f('uq_password_links_token'))
    )
    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_links_user_id'), ['user_id'], unique=False)

    op.create_table('password_link_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_link_requests'))
    )
    with op.batch_alter_table('password_link_requests', schema=None) as batch_op:
        batch_op.create_index('ix_password_link_requests_address_time', ['client_address', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_link_requests_requested_at'), ['requested_at'], unique=False)


def downgrade():
    with op.batch_alter_table('password_link_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_link_requests_requested_at'))
        batch_op.drop_index('ix_password_link_requests_address_time')

    op.drop_table('password_link_requests')
    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_links_user_id'))

    op.drop_table('password_links')
