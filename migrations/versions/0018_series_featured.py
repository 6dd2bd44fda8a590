"""Statements the facilitator ticked to feature in the series report (issue 17)

Revision ID: 0018_series_featured
Revises: 0017_workshop_people
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_series_featured"
down_revision = "0017_workshop_people"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "series_featured",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("series_id", "statement_id"),
    )
    with op.batch_alter_table("series_featured", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_featured_statement_id"), ["statement_id"], unique=False)


def downgrade():
    with op.batch_alter_table("series_featured", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_featured_statement_id"))
    op.drop_table("series_featured")
