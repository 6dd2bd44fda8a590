"""Facilitator session nonce (revocable sign-in) and account disable

Every existing account gets its own random nonce, so cookies issued before the upgrade (whose id
has no nonce) sign nobody in: facilitators sign in once more after the upgrade.

Revision ID: 0006_security_sessions
Revises: 0005_report_messages_logo
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006_security_sessions"
down_revision = "0005_report_messages_logo"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_nonce", sa.String(length=32), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    connection = op.get_bind()
    facilitator = sa.table("facilitator", sa.column("id", sa.Integer), sa.column("session_nonce", sa.String))
    for (facilitator_id,) in connection.execute(sa.select(facilitator.c.id)).all():
        connection.execute(
            facilitator.update().where(facilitator.c.id == facilitator_id).values(session_nonce=secrets.token_hex(16))
        )


def downgrade():
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.drop_column("disabled")
        batch_op.drop_column("session_nonce")
