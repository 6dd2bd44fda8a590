"""The room's countdown (issue 16): when it ends, and whether submissions close then

Revision ID: 0020_workshop_timer
Revises: 0019_workshop_activities
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_workshop_timer"
down_revision = "0019_workshop_activities"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("timer_ends_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("timer_closes", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("timer_closes")
        batch.drop_column("timer_ends_at")
