"""Skip logic: a survey question may be shown only when an earlier answer is (not) one of some options

Revision ID: 0010_survey_skip_logic
Revises: 0009_first_run_setup
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_survey_skip_logic"
down_revision = "0009_first_run_setup"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("condition_json", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("survey_question", schema=None) as batch_op:
        batch_op.drop_column("condition_json")
