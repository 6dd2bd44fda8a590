"""Key messages for the session report, and an optional logo for the social media cards

The facilitator writes the key messages and next steps on the closed session's page before
downloading the report; the logo is a small PNG or JPEG kept with the workshop.

Revision ID: 0005_report_messages_logo
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_report_messages_logo"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_messages", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("logo_type", sa.String(length=20), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("logo_type")
        batch_op.drop_column("logo")
        batch_op.drop_column("key_messages")
