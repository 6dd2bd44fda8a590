"""People of a workshop (issue 16): who it is shared with and in which role, and who changed which statement

Revision ID: 0017_workshop_people
Revises: 0016_series_themes
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_workshop_people"
down_revision = "0016_series_themes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statement_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=True),
        sa.Column("who", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitator.id"],
            name=op.f("fk_statement_change_facilitator_id_facilitator"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_statement_change_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_change")),
    )
    with op.batch_alter_table("statement_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_change_facilitator_id"), ["facilitator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_change_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "workshop_member",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
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
            name=op.f("fk_workshop_member_facilitator_id_facilitator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_workshop_member_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("workshop_id", "facilitator_id", name=op.f("pk_workshop_member")),
    )
    with op.batch_alter_table("workshop_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_member_facilitator_id"), ["facilitator_id"], unique=False)


def downgrade():
    with op.batch_alter_table("workshop_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_member_facilitator_id"))

    op.drop_table("workshop_member")
    with op.batch_alter_table("statement_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_change_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_statement_change_facilitator_id"))

    op.drop_table("statement_change")
