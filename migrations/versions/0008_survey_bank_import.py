"""Questions a library imports into its survey bank, kept apart from the kit's built-in files

Revision ID: 0008_survey_bank_import
Revises: 0007_statement_embedding
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_survey_bank_import"
down_revision = "0007_statement_embedding"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_bank_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("qid", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("category_label", sa.String(length=200), nullable=False),
        sa.Column("qtype", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("options_json", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("help_text", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_bank_question")),
        sa.UniqueConstraint("qid", name=op.f("uq_survey_bank_question_qid")),
    )
    with op.batch_alter_table("survey_bank_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_bank_question_source"), ["source"], unique=False)


def downgrade():
    with op.batch_alter_table("survey_bank_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_bank_question_source"))
    op.drop_table("survey_bank_question")
