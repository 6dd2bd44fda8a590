"""Who changed what (issue 16): the change record tells of questions and word-cloud words too

``subject`` says what was changed (``statement``, ``question`` or ``word``); ``activity_id`` the
agenda's activity it belongs to (a question's or a word's); ``detail`` the word (folded), emptied
when the word is deleted. Existing rows are statements' changes.

Revision ID: 0025_change_subjects
Revises: 0024_series_members
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_change_subjects"
down_revision = "0024_series_members"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statement_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=16), nullable=False, server_default="statement"))
        batch_op.add_column(sa.Column("activity_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("detail", sa.String(length=80), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("statement_change", schema=None) as batch_op:
        batch_op.drop_column("detail")
        batch_op.drop_column("activity_id")
        batch_op.drop_column("subject")
