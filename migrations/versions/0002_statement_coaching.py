"""statement coaching: consent to share on social media, stored SMART time and measure flags

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:00:00

Existing statements get their SMART flags computed once here, so a wall opened after the
upgrade counts them like new ones.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("share_consent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("has_time", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("has_measure", sa.Boolean(), nullable=False, server_default=sa.false()))

    from workshop.coaching.smart import smart_hints

    statement = sa.table(
        "statement",
        sa.column("id", sa.Integer()),
        sa.column("text", sa.Text()),
        sa.column("has_time", sa.Boolean()),
        sa.column("has_measure", sa.Boolean()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(statement.c.id, statement.c.text)).all()
    for statement_id, text in rows:
        report = smart_hints(text or "")
        if report.has_time or report.has_measure:
            connection.execute(
                statement.update()
                .where(statement.c.id == statement_id)
                .values(has_time=report.has_time, has_measure=report.has_measure)
            )


def downgrade():
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_column("has_measure")
        batch_op.drop_column("has_time")
        batch_op.drop_column("share_consent")
