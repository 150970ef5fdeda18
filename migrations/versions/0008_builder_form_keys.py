"""Builder create forms carried out once: keyed hash of each form's key and what it made.

Revision ID: 0008builderformkeys
Revises: 0007staffsessions
Create Date: 2026-12-01 23:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008builderformkeys"
down_revision = "0007staffsessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('builder_form_keys',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_builder_form_keys_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_builder_form_keys'))
    )
    with op.batch_alter_table('builder_form_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_builder_form_keys_survey_id'), ['survey_id'], unique=False)


def downgrade():
    with op.batch_alter_table('builder_form_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_builder_form_keys_survey_id'))

    op.drop_table('builder_form_keys')
