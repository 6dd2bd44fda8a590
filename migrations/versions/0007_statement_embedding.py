"""Each statement keeps its sentence embedding, made when the text is written

Grouping by meaning then reads stored vectors instead of running the model for every statement
when the facilitator presses "Group". Statements stored before this revision have none: they are
embedded on their workshop's first grouping.

Revision ID: 0007_statement_embedding
Revises: 0006_security_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_statement_embedding"
down_revision = "0006_security_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("embedding", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("embedding_model", sa.String(length=40), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_column("embedding_model")
        batch_op.drop_column("embedding")
