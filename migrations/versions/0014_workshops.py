"""The live workshop (Zukunftswerkstatt): workshops, their rounds, topics, cards, dots, and the
cards handed to an idea board.

Revision ID: 0014workshops
Revises: 0013groups
Create Date: 2026-12-02 16:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014workshops"
down_revision = "0013groups"
branch_labels = None
depends_on = None

PHASES = "phase IN ('critique', 'fantasy', 'realisation')"


def upgrade():
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("join_code", sa.String(length=8), nullable=False),
        sa.Column("dots_per_participant", sa.Integer(), nullable=False),
        sa.Column("max_dots_per_card", sa.Integer(), nullable=True),
        sa.Column("phase", sa.String(length=12), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("collecting", sa.Boolean(), nullable=False),
        sa.Column("voting", sa.Boolean(), nullable=False),
        sa.Column("ended", sa.Boolean(), nullable=False),
        sa.CheckConstraint(PHASES, name=op.f("ck_workshops_phase_known")),
        sa.CheckConstraint("dots_per_participant BETWEEN 1 AND 50", name=op.f("ck_workshops_dots_range")),
        sa.CheckConstraint("max_dots_per_card IS NULL OR max_dots_per_card BETWEEN 1 AND 50", name=op.f("ck_workshops_max_per_card_range")),
        sa.CheckConstraint("round >= 1", name=op.f("ck_workshops_round_positive")),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name=op.f("fk_workshops_group_id_groups"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
        sa.UniqueConstraint("join_code", name=op.f("uq_workshops_join_code")),
    )
    op.create_index(op.f("ix_workshops_group_id"), "workshops", ["group_id"], unique=False)
    op.create_table(
        "workshop_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=12), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.CheckConstraint(PHASES, name=op.f("ck_workshop_stages_phase_known")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_workshop_stages_number_positive")),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], name=op.f("fk_workshop_stages_workshop_id_workshops"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_stages")),
        sa.UniqueConstraint("workshop_id", "phase", "number", name=op.f("uq_workshop_stages_workshop_id_phase_number")),
    )
    op.create_index(op.f("ix_workshop_stages_workshop_id"), "workshop_stages", ["workshop_id"], unique=False)
    op.create_table(
        "workshop_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("due", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["stage_id"], ["workshop_stages.id"], name=op.f("fk_workshop_clusters_stage_id_workshop_stages"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_clusters")),
    )
    op.create_index(op.f("ix_workshop_clusters_stage_id"), "workshop_clusters", ["stage_id"], unique=False)
    # No rowid: nothing in the table orders a round's voters or dots in time.
    op.create_table(
        "workshop_voters",
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("participant_hash", sa.String(length=64), nullable=False),
        sa.Column("dots_used", sa.Integer(), nullable=False),
        sa.CheckConstraint("dots_used >= 0", name=op.f("ck_workshop_voters_dots_used_not_negative")),
        sa.ForeignKeyConstraint(["stage_id"], ["workshop_stages.id"], name=op.f("fk_workshop_voters_stage_id_workshop_stages"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("stage_id", "participant_hash", name=op.f("pk_workshop_voters")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "workshop_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=280), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("room_dots", sa.Integer(), nullable=False),
        sa.Column("submission_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("source IN ('phone', 'room')", name=op.f("ck_workshop_cards_source_known")),
        sa.CheckConstraint("room_dots >= 0", name=op.f("ck_workshop_cards_room_dots_not_negative")),
        sa.ForeignKeyConstraint(["cluster_id"], ["workshop_clusters.id"], name=op.f("fk_workshop_cards_cluster_id_workshop_clusters"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["stage_id"], ["workshop_stages.id"], name=op.f("fk_workshop_cards_stage_id_workshop_stages"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_cards")),
        sa.UniqueConstraint("submission_hash", name=op.f("uq_workshop_cards_submission_hash")),
    )
    op.create_index(op.f("ix_workshop_cards_cluster_id"), "workshop_cards", ["cluster_id"], unique=False)
    op.create_index(op.f("ix_workshop_cards_stage_id"), "workshop_cards", ["stage_id"], unique=False)
    op.create_table(
        "workshop_cluster_life_areas",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("life_area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cluster_id"], ["workshop_clusters.id"], name=op.f("fk_workshop_cluster_life_areas_cluster_id_workshop_clusters"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["life_area_id"], ["life_areas.id"], name=op.f("fk_workshop_cluster_life_areas_life_area_id_life_areas"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cluster_id", "life_area_id", name=op.f("pk_workshop_cluster_life_areas")),
    )
    op.create_table(
        "workshop_dots",
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("participant_hash", sa.String(length=64), nullable=False),
        sa.Column("dot_number", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("dot_number >= 1", name=op.f("ck_workshop_dots_dot_number_positive")),
        sa.ForeignKeyConstraint(["card_id"], ["workshop_cards.id"], name=op.f("fk_workshop_dots_card_id_workshop_cards"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stage_id"], ["workshop_stages.id"], name=op.f("fk_workshop_dots_stage_id_workshop_stages"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("stage_id", "participant_hash", "dot_number", name=op.f("pk_workshop_dots")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_workshop_dots_card_id"), "workshop_dots", ["card_id"], unique=False)
    op.create_table(
        "workshop_ideas",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["workshop_cards.id"], name=op.f("fk_workshop_ideas_card_id_workshop_cards"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], name=op.f("fk_workshop_ideas_idea_id_ideas"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_workshop_ideas")),
        sa.UniqueConstraint("card_id", name=op.f("uq_workshop_ideas_card_id")),
    )


def downgrade():
    op.drop_table("workshop_ideas")
    op.drop_index(op.f("ix_workshop_dots_card_id"), table_name="workshop_dots")
    op.drop_table("workshop_dots")
    op.drop_table("workshop_cluster_life_areas")
    op.drop_index(op.f("ix_workshop_cards_stage_id"), table_name="workshop_cards")
    op.drop_index(op.f("ix_workshop_cards_cluster_id"), table_name="workshop_cards")
    op.drop_table("workshop_cards")
    op.drop_table("workshop_voters")
    op.drop_index(op.f("ix_workshop_clusters_stage_id"), table_name="workshop_clusters")
    op.drop_table("workshop_clusters")
    op.drop_index(op.f("ix_workshop_stages_workshop_id"), table_name="workshop_stages")
    op.drop_table("workshop_stages")
    op.drop_index(op.f("ix_workshops_group_id"), table_name="workshops")
    op.drop_table("workshops")
