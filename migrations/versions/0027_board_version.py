"""The workshop's board version: every change but a vote counts it, so the shared themes (labels,
counts, example statements) are re-read when they change, not at every vote

Revision ID: 0027_board_version
Revises: 0026_reminder_sent_on
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_board_version"
down_revision = "0026_reminder_sent_on"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("board_version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("board_version")
