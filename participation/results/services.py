"""Closing a survey and publishing its results as immutable, versioned snapshots.

Publishing is the only way results leave the database: count in SQL, gate every table, store the
outcome once. Pages, charts, the API and exports read the stored snapshot, so a late-arriving paper
form cannot move a published number (PRIVACY.md §6.5): it would need a new version, with a reason.
"""

import datetime as dt

from flask import current_app
from sqlalchemy import func, select

from participation.core.clock import town_today
from participation.extensions import db
from participation.localities.models import Locality
from participation.results.aggregate import count_survey
from participation.results.models import Quote, ResultSnapshot
from participation.disclosure.policy import Policy
from participation.results.snapshots import build_snapshot_data, quote_rows
from participation.results.structure import load_structure
from participation.staff import audit
from participation.surveys import storage_order
from participation.surveys.models import Survey

PUBLISHABLE = ("closed", "published")
MAX_REASON_LENGTH = 500


class PublishError(Exception):
    """Publishing is not possible now; `code` says why (the view words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def close_survey(survey: Survey, actor_id: int | None = None) -> None:
    """Stop taking answers (open → closed). Results stay unpublished until someone publishes them."""
    if survey.status != "open":
        raise PublishError("not_open")
    survey.status = "closed"
    audit.record("survey.status", survey, actor_id=actor_id, survey_id=survey.id, before="open", after="closed")
    db.session.flush()
    storage_order.shuffle_survey_later(survey.id)  # the final state keeps no order of arrival


def next_version(survey: Survey) -> int:
    latest = db.session.scalar(select(func.max(ResultSnapshot.version)).where(ResultSnapshot.survey_id == survey.id))
    return (latest or 0) + 1


def protected_results(survey: Survey, policy: Policy, today: dt.date, reason: str = "", version: int | None = None) -> dict:
    """The snapshot data as it would be published now (the analyst's preview uses it unchanged)."""
    if survey.status not in PUBLISHABLE:
        raise PublishError("still_open" if survey.status == "open" else "not_closed")
    structure = load_structure(survey)
    demographic_ids = [b.question_id for b in structure.breakdowns if b.question_id is not None]
    counts = count_survey(survey.id, demographic_ids)
    slugs = {locality.id: locality.slug for locality in db.session.scalars(select(Locality))}
    quotes = db.session.scalars(select(Quote).where(Quote.survey_id == survey.id).order_by(Quote.id))
    return build_snapshot_data(
        survey,
        structure,
        counts,
        policy,
        version=version or next_version(survey),
        published_on=today,
        reason=reason,
        quotes=quote_rows(quotes, slugs),
    )


def current_policy() -> Policy:
    """The installation's thresholds (config MIN_CELL, MIN_GROUP, ...)."""
    return Policy.from_config(current_app.config)


def publish_results(
    survey: Survey,
    reason: str = "",
    actor_id: int | None = None,
    today: dt.date | None = None,
    policy: Policy | None = None,
) -> ResultSnapshot:
    """Store a new snapshot version; a version after the first needs a reason (it is shown)."""
    policy = policy or current_policy()
    today = today or town_today()
    reason = reason.strip()
    version = next_version(survey)
    if version > 1 and not reason:
        raise PublishError("reason_missing")
    if len(reason) > MAX_REASON_LENGTH:
        raise PublishError("reason_too_long")
    data = protected_results(survey, policy, today, reason, version)
    snapshot = ResultSnapshot(
        survey_id=survey.id, version=version, published_on=today, reason=reason, policy=policy.to_dict(), data=data
    )
    db.session.add(snapshot)
    survey.status = "published"
    db.session.flush()
    # Paper forms may have come in after closing: rewrite again, so they lie in random order too.
    storage_order.shuffle_survey_later(survey.id)
    audit.record(
        "results.publish", snapshot, actor_id=actor_id, survey_id=survey.id, version=version, reason=reason or None
    )
    db.session.flush()
    return snapshot
