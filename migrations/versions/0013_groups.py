"""Groups of organisers and their polls; a survey's audience (public, or a group poll).

Revision ID: 0013groups
Revises: 0012answersresponsequestion
Create Date: 2026-12-02 15:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013groups"
down_revision = "0012answersresponsequestion"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audience", sa.String(length=8), nullable=False, server_default="public"))
        batch_op.create_check_constraint(op.f("ck_surveys_audience_known"), "audience IN ('public', 'group')")
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=True),
        sa.Column("expected_size", sa.Integer(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.CheckConstraint("kind IN ('school_class', 'club', 'business', 'workshop', 'other')", name=op.f("ck_groups_kind_known")),
        sa.CheckConstraint("expected_size IS NULL OR expected_size BETWEEN 1 AND 10000", name=op.f("ck_groups_expected_size_range")),
        sa.ForeignKeyConstraint(["locality_id"], ["localities.id"], name=op.f("fk_groups_locality_id_localities")),
        sa.ForeignKeyConstraint(["organiser_id"], ["staff_users.id"], name=op.f("fk_groups_organiser_id_staff_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
    )
    op.create_index(op.f("ix_groups_organiser_id"), "groups", ["organiser_id"], unique=False)
    op.create_table(
        "group_polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("join_code", sa.String(length=8), nullable=False),
        sa.Column("template", sa.String(length=24), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("shared_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name=op.f("fk_group_polls_group_id_groups"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_group_polls_survey_id_surveys"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_polls")),
        sa.UniqueConstraint("join_code", name=op.f("uq_group_polls_join_code")),
        sa.UniqueConstraint("survey_id", name=op.f("uq_group_polls_survey_id")),
    )
    op.create_index(op.f("ix_group_polls_group_id"), "group_polls", ["group_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_group_polls_group_id"), table_name="group_polls")
    op.drop_table("group_polls")
    op.drop_index(op.f("ix_groups_organiser_id"), table_name="groups")
    op.drop_table("groups")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_surveys_audience_known"), type_="check")
        batch_op.drop_column("audience")
