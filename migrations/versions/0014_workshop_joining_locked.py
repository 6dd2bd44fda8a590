"""The facilitator's "Lock joining" switch on a workshop (finding 6 of issue 12)

Revision ID: 0014_workshop_joining_locked
Revises: 0013_survey_section_skip_logic
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_workshop_joining_locked"
down_revision = "0013_survey_section_skip_logic"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("joining_locked", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("joining_locked")
