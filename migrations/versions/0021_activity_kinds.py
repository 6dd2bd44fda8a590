"""The word cloud, scale, ranking and questions activities (issue 16): one answer per participant
and activity (a JSON payload), the questions to the facilitator and their upvotes

Revision ID: 0021_activity_kinds
Revises: 0020_workshop_timer
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_activity_kinds"
down_revision = "0020_workshop_timer"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "activity_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_activity_answer_activity_id_activity"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_activity_answer_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_answer")),
        sa.UniqueConstraint("activity_id", "participant_id", name=op.f("uq_activity_answer_activity_id")),
    )
    with op.batch_alter_table("activity_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_answer_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_answer_participant_id"), ["participant_id"], unique=False)

    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("visible", "pending", "hidden", name="statementstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("personal_data", sa.String(length=120), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_question_activity_id_activity"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_question_participant_id_participant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
        sa.UniqueConstraint("activity_id", "idempotency_key", name=op.f("uq_question_activity_id")),
    )
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_participant_id"), ["participant_id"], unique=False)

    op.create_table(
        "question_vote",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["question.id"], name=op.f("fk_question_vote_question_id_question"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_question_vote_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "participant_id", name=op.f("pk_question_vote")),
    )
    with op.batch_alter_table("question_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_vote_participant_id"), ["participant_id"], unique=False)


def downgrade():
    op.drop_table("question_vote")
    op.drop_table("question")
    op.drop_table("activity_answer")
