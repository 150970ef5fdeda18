"""A published version may be withdrawn, and keeps how many responses it counted.

Revision ID: 0011snapshotwithdrawal
Revises: 0010usedcodesdeleted
Create Date: 2026-12-03 10:00:00.000000

Late paper forms after publication go into a new version; an earlier version that counts fewer
responses cannot stay beside it (the difference would be the late forms' answers), so it is
withdrawn. Versions published before this migration have no response count (NULL): nobody can
tell any more how many responses they counted, so they are left readable.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011snapshotwithdrawal"
down_revision = "0010usedcodesdeleted"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("result_snapshots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("response_count", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("result_snapshots", schema=None) as batch_op:
        batch_op.drop_column("response_count")
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn")
