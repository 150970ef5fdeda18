"""Staff login attempts per typed e-mail address (keyed hash), counted across workers and hosts.

Revision ID: 0006stafflogin
Revises: 0005ideas
Create Date: 2026-12-01 23:13:32.012480

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006stafflogin"
down_revision = '0005ideas'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_login_attempts',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('window_started', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_staff_login_attempts'))
    )
    with op.batch_alter_table('staff_login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_login_attempts_window_started'), ['window_started'], unique=False)



def downgrade():
    with op.batch_alter_table('staff_login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_login_attempts_window_started'))

    op.drop_table('staff_login_attempts')
