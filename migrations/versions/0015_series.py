"""Series ("tours") of workshops reported together (issue 17)

Revision ID: 0015_series
Revises: 0014_workshop_joining_locked
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_series"
down_revision = "0014_workshop_joining_locked"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["facilitator_id"], ["facilitator.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_facilitator_id"), ["facilitator_id"], unique=False)
    op.create_table(
        "series_workshop",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("series_id", "workshop_id"),
    )
    with op.batch_alter_table("series_workshop", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_workshop_workshop_id"), ["workshop_id"], unique=False)


def downgrade():
    with op.batch_alter_table("series_workshop", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_workshop_workshop_id"))
    op.drop_table("series_workshop")
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_facilitator_id"))
    op.drop_table("series")
