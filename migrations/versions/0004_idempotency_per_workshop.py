"""Idempotency keys unique per workshop, not per participant

A phone's first statement creates its participant. Two copies of that first POST (a double tap
before any cookie came back) made two participants, each with the statement once, and the
participant-scoped constraint let both in. The key is a random secret of the page the form came
from, so it is unique within a workshop.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_constraint("uq_statement_participant_id", type_="unique")
        batch_op.create_unique_constraint("uq_statement_workshop_id", ["workshop_id", "idempotency_key"])


def downgrade():
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_constraint("uq_statement_workshop_id", type_="unique")
        batch_op.create_unique_constraint("uq_statement_participant_id", ["participant_id", "idempotency_key"])
