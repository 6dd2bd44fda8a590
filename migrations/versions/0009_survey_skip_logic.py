"""Skip logic: a survey question may be shown only when an earlier answer is (not) one of some options

Revision ID: 0009_survey_skip_logic
Revises: 0008_survey_bank_import
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_survey_skip_logic"
down_revision = "0008_survey_bank_import"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("condition_json", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("survey_question", schema=None) as batch_op:
        batch_op.drop_column("condition_json")
