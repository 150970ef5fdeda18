"""Cached charts are drawn again: the ones kept so far use inline styles, which the charts' CSP
no longer allows (they now use SVG presentation attributes, results/charts.py).

The table is a cache of what the snapshots say; each chart is drawn again on its first request.

Revision ID: 0009redrawcharts
Revises: 0008builderformkeys
Create Date: 2026-12-01 23:41:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0009redrawcharts"
down_revision = "0008builderformkeys"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM result_charts WHERE svg LIKE '%style=%' OR svg LIKE '%<style%'")


def downgrade():
    pass  # charts without styles render under either policy
