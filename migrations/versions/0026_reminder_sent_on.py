"""The day a participant's e-mail reminder was sent, so that their private page can say so

The address itself is still deleted as the reminder is sent; only the day is kept, with the
participant (and deleted with them).

Revision ID: 0026_reminder_sent_on
Revises: 0025_change_subjects
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_reminder_sent_on"
down_revision = "0025_change_subjects"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_sent_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("reminder_sent_on")
