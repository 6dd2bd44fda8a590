"""'Me too' on statements (issue 16): the workshop's switch, and one row per participant and statement

Revision ID: 0022_statement_me_too
Revises: 0021_activity_kinds
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_statement_me_too"
down_revision = "0021_activity_kinds"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("me_too", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "statement_support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_statement_support_statement_id_statement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_statement_support_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_support")),
        sa.UniqueConstraint("statement_id", "participant_id", name=op.f("uq_statement_support_statement_id")),
    )
    with op.batch_alter_table("statement_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_support_statement_id"), ["statement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_support_participant_id"), ["participant_id"], unique=False)


def downgrade():
    with op.batch_alter_table("statement_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_support_participant_id"))
        batch_op.drop_index(batch_op.f("ix_statement_support_statement_id"))
    op.drop_table("statement_support")
    # A plain DROP COLUMN, not a batch copy of workshop: that would cascade-delete its statements (see 0019).
    op.execute("ALTER TABLE workshop DROP COLUMN me_too")
