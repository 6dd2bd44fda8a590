"""Follow-ups that reach people: answers on the private page per statement, and reminder e-mails

Revision ID: 0012_follow_ups_reminder_emails
Revises: 0011_survey_versions
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_follow_ups_reminder_emails"
down_revision = "0011_survey_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminder_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("send_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id"),
    )
    op.create_index(op.f("ix_reminder_email_send_on"), "reminder_email", ["send_on"], unique=False)
    op.create_table(
        "survey_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "participant_id"),
    )
    op.create_index(op.f("ix_survey_follow_up_participant_id"), "survey_follow_up", ["participant_id"], unique=False)
    op.create_index(op.f("ix_survey_follow_up_survey_id"), "survey_follow_up", ["survey_id"], unique=False)
    op.create_table(
        "survey_follow_up_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column(
            "progress",
            sa.Enum("done", "in_progress", "not_started", name="followupprogress", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("difference", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["survey_follow_up.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "statement_id"),
    )
    op.create_index(
        op.f("ix_survey_follow_up_item_response_id"), "survey_follow_up_item", ["response_id"], unique=False
    )
    op.create_index(
        op.f("ix_survey_follow_up_item_statement_id"), "survey_follow_up_item", ["statement_id"], unique=False
    )


def downgrade():
    op.drop_table("survey_follow_up_item")
    op.drop_table("survey_follow_up")
    op.drop_table("reminder_email")
