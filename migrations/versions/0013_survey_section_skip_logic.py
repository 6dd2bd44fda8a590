"""Section skip logic: a whole survey section may be shown only when an earlier answer is (not) one of some options

Revision ID: 0013_survey_section_skip_logic
Revises: 0012_follow_ups_reminder_emails
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_survey_section_skip_logic"
down_revision = "0012_follow_ups_reminder_emails"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_section", schema=None) as batch_op:
        batch_op.add_column(sa.Column("condition_json", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("survey_section", schema=None) as batch_op:
        batch_op.drop_column("condition_json")
