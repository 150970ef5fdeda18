"""`GET /healthz` for load balancers: the app answers, and so does its database.

Cheap enough to be asked every second: one `SELECT 1` on a pooled connection, under the same
short time limits as every web request (core/database.py), so a hanging database makes this a
503 within seconds too. It says nothing an attacker could use (no versions, no host names, no
error text), sets no cookie, is never rate limited and needs no CSRF token.
"""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from participation.extensions import csrf, db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@csrf.exempt
@limiter.exempt
def healthz():
    """Whether the app and its database answer: 200, or 503 when the database does not."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        database = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        database = "unavailable"
    healthy = database == "ok"
    response = jsonify({"status": "ok" if healthy else "unavailable", "database": database})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
