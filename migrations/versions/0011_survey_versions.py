"""Survey versions: answers record the version of the questions they answered; earlier versions are kept

Revision ID: 0011_survey_versions
Revises: 0010_survey_skip_logic
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_survey_versions"
down_revision = "0010_survey_skip_logic"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "survey_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("design_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_survey_version_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_version")),
        sa.UniqueConstraint("survey_id", "number", name=op.f("uq_survey_version_survey_id")),
    )
    with op.batch_alter_table("survey_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_version_survey_id"), ["survey_id"], unique=False)


def downgrade():
    with op.batch_alter_table("survey_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_version_survey_id"))
    op.drop_table("survey_version")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_column("version")
