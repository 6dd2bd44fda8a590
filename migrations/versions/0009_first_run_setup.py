"""One-time set-up link for the first facilitator account (first run in the browser)

Revision ID: 0009_first_run_setup
Revises: 0008_survey_bank_import
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_first_run_setup"
down_revision = "0008_survey_bank_import"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "setup_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setup_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_setup_token_token_hash")),
    )


def downgrade():
    op.drop_table("setup_token")
