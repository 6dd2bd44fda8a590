"""People of a series (issue 17): the facilitators its owner shares it with, each with a role

Revision ID: 0024_series_members
Revises: 0023_agenda_templates
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_series_members"
down_revision = "0023_agenda_templates"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "series_member",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("moderator", "co-facilitator", "owner", name="workshoprole", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitator.id"],
            name=op.f("fk_series_member_facilitator_id_facilitator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_series_member_series_id_series"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("series_id", "facilitator_id", name=op.f("pk_series_member")),
    )
    with op.batch_alter_table("series_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_member_facilitator_id"), ["facilitator_id"], unique=False)


def downgrade():
    with op.batch_alter_table("series_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_member_facilitator_id"))
    op.drop_table("series_member")
