"""A used access code is deleted; codes made and used are counted per survey.

Revision ID: 0010usedcodesdeleted
Revises: 0009redrawcharts
Create Date: 2026-12-02 00:45:00.000000

A used flag changed in the response's transaction carries that transaction's stamp on
PostgreSQL (`xmin`), which joins the code to the response. The counts are taken from the codes
stored so far; used codes are then deleted and the flag dropped.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010usedcodesdeleted"
down_revision = "0009redrawcharts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "access_code_counts",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("made", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.CheckConstraint("used >= 0 AND used <= made", name=op.f("ck_access_code_counts_used_within_made")),
        sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_access_code_counts_survey_id_surveys"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_access_code_counts")),
    )
    op.execute(
        "INSERT INTO access_code_counts (survey_id, made, used) "
        "SELECT survey_id, count(*), sum(CASE WHEN used THEN 1 ELSE 0 END) FROM access_codes GROUP BY survey_id"
    )
    op.execute("DELETE FROM access_codes WHERE used")
    with op.batch_alter_table("access_codes", schema=None, recreate="auto", table_kwargs={"sqlite_with_rowid": False}) as batch_op:
        batch_op.drop_column("used")


def downgrade():
    # The used codes are gone for good; the remaining ones are unused.
    with op.batch_alter_table("access_codes", schema=None, recreate="auto", table_kwargs={"sqlite_with_rowid": False}) as batch_op:
        batch_op.add_column(sa.Column("used", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.drop_table("access_code_counts")
