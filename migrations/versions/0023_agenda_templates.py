"""A facilitator's own workshop templates (issue 16): a name and an agenda of planned activities

Revision ID: 0023_agenda_templates
Revises: 0022_statement_me_too
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_agenda_templates"
down_revision = "0022_statement_me_too"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("agenda_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["facilitator_id"], ["facilitator.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agenda_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_template_facilitator_id"), ["facilitator_id"], unique=False)


def downgrade():
    with op.batch_alter_table("agenda_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_template_facilitator_id"))
    op.drop_table("agenda_template")
