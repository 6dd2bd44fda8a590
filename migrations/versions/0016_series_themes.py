"""Themes across a series, kept apart from the workshops' own themes (issue 17)

Revision ID: 0016_series_themes
Revises: 0015_series
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_series_themes"
down_revision = "0015_series"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grouping_engine", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("key_messages", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "series_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("label_by_person", sa.Boolean(), nullable=False),
        sa.Column("keywords_json", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("series_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_theme_series_id"), ["series_id"], unique=False)
    op.create_table(
        "series_placement",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("placed_by_hand", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["theme_id"], ["series_theme.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("series_id", "statement_id"),
    )
    with op.batch_alter_table("series_placement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_placement_statement_id"), ["statement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_series_placement_theme_id"), ["theme_id"], unique=False)


def downgrade():
    with op.batch_alter_table("series_placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_placement_theme_id"))
        batch_op.drop_index(batch_op.f("ix_series_placement_statement_id"))
    op.drop_table("series_placement")
    with op.batch_alter_table("series_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_theme_series_id"))
    op.drop_table("series_theme")
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_column("key_messages")
        batch_op.drop_column("grouping_engine")
