"""A workshop's agenda of activities and its current activity (issue 16); every existing workshop
becomes a workshop with one statements activity holding its prompt (statements, themes and votes
stay the workshop's, untouched)

Revision ID: 0019_workshop_activities
Revises: 0018_series_featured
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_workshop_activities"
down_revision = "0018_series_featured"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("statements", "poll", name="activitykind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("prompt", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("settings_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_activity_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "poll_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("choices_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_poll_answer_activity_id_activity"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_poll_answer_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_answer")),
        sa.UniqueConstraint("activity_id", "participant_id", name=op.f("uq_poll_answer_activity_id")),
    )
    with op.batch_alter_table("poll_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_answer_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_poll_answer_participant_id"), ["participant_id"], unique=False)

    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("current_activity_id", sa.Integer(), nullable=True))

    op.execute(
        "INSERT INTO activity (workshop_id, kind, title, prompt, position, settings_json, created_at)"
        " SELECT id, 'statements', 'Statements', prompt, 0, '{}', CURRENT_TIMESTAMP FROM workshop"
    )
    op.execute(
        "UPDATE workshop SET current_activity_id ="
        " (SELECT min(activity.id) FROM activity WHERE activity.workshop_id = workshop.id)"
    )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy of the workshop table on
    # SQLite would delete and re-insert it, and the ON DELETE CASCADE keys would take every
    # statement, theme and vote with it.
    op.execute("ALTER TABLE workshop DROP COLUMN current_activity_id")
    with op.batch_alter_table("poll_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_answer_participant_id"))
        batch_op.drop_index(batch_op.f("ix_poll_answer_activity_id"))
    op.drop_table("poll_answer")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_workshop_id"))
    op.drop_table("activity")
