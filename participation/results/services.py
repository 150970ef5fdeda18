"""Closing a survey and publishing its results as immutable, versioned snapshots.

Publishing is the only way results leave the database: count in SQL, gate every table, store the
outcome once. Pages, charts, the API and exports read the stored snapshot, so a late-arriving paper
form cannot move a published number (PRIVACY.md §6.5): it would need a new version, with a reason.

Versions and late forms: a new version that counts responses an earlier one does not cannot be
shown beside it (every published count of the two differs by exactly what the added forms say),
so publishing it withdraws those earlier versions. Earlier versions of the same responses (a
republish with other thresholds or texts) stay, and the gate sees them, so that the two together
pin nothing that either hides.
"""

import datetime as dt

from flask import current_app
from sqlalchemy import func, select

from participation.core.clock import town_today
from participation.extensions import db
from participation.localities.models import Locality
from participation.results.aggregate import LOCALITY, SurveyCounts, count_survey
from participation.results.models import Quote, ResultSnapshot
from participation.disclosure.policy import Policy
from participation.results.snapshots import build_snapshot_data, quote_rows
from participation.results.structure import load_structure
from participation import disclosure
from participation.results.withdrawal import RESPONSES_ADDED
from participation.staff import audit
from participation.surveys import storage_order
from participation.surveys.models import Survey

PUBLISHABLE = ("closed", "published")
MAX_REASON_LENGTH = 500
#: The whole-publication gate takes the earlier versions of the same responses as `earlier=`; it
#: lands together with this change, and until then the per-table gate is called without them.
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
    return _gate(survey, policy, today, reason, version or next_version(survey))[0]


def _gate(survey: Survey, policy: Policy, today: dt.date, reason: str, version: int) -> tuple[dict, int]:
    """The snapshot data and the number of responses it counts (taken from the same counts)."""
    if survey.status not in PUBLISHABLE:
        raise PublishError("still_open" if survey.status == "open" else "not_closed")
    structure = load_structure(survey)
    demographic_ids = [b.question_id for b in structure.breakdowns if b.question_id is not None]
    counts = count_survey(survey.id, demographic_ids)
    total = responses_in(counts)
    slugs = {locality.id: locality.slug for locality in db.session.scalars(select(Locality))}
    quotes = db.session.scalars(select(Quote).where(Quote.survey_id == survey.id).order_by(Quote.id))
    # Versions still shown of the very same responses: the gate judges the new one beside them.
    earlier = [snapshot.data for snapshot in _shown_versions(survey) if counts_same(snapshot, total)]
    data = build_snapshot_data(
        survey,
        structure,
        counts,
        policy,
        version=version,
        published_on=today,
        reason=reason,
        quotes=quote_rows(quotes, slugs),
        earlier=earlier,
    )
    return data, total


def responses_in(counts: SurveyCounts) -> int:
    """Every stored response of the survey: each has one locality or none."""
    return sum(counts.dimensions[LOCALITY].respondents.values())


def _shown_versions(survey: Survey) -> list[ResultSnapshot]:
    """The published versions that are not withdrawn, oldest first."""
    return list(
        db.session.scalars(
            select(ResultSnapshot)
            .where(ResultSnapshot.survey_id == survey.id, ResultSnapshot.withdrawn.is_(False))
            .order_by(ResultSnapshot.version)
        )
    )


def counts_same(snapshot: ResultSnapshot, total: int) -> bool:
    """Whether a version counts the same responses as the current `total`.

    Versions published before the count was kept have none; their published number of
    respondents tells, when it is shown. When it is hidden nobody can tell, and such a version is
    treated as counting other responses: it is withdrawn rather than risk showing both.
    """
    if snapshot.response_count is not None:
        return snapshot.response_count == total
    published = _published_respondents(snapshot.data)
    return published is not None and published == total


def _published_respondents(data: dict) -> int | None:
    for group in (data.get("respondents") or {}).get("groups", []):
        if group.get("key") == "town":
            return group.get("n")
    return None


def versions_to_withdraw(survey: Survey, total: int) -> list[ResultSnapshot]:
    """The shown versions that a new version counting `total` responses would withdraw (none
    with the whole-publication audit switched off, as before issue 10: tests only)."""
    if not disclosure.WHOLE_PUBLICATION:
        return []
    return [snapshot for snapshot in _shown_versions(survey) if not counts_same(snapshot, total)]


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
    data, total = _gate(survey, policy, today, reason, version)
    replaced = versions_to_withdraw(survey, total)
    snapshot = ResultSnapshot(
        survey_id=survey.id,
        version=version,
        published_on=today,
        reason=reason,
        policy=policy.to_dict(),
        data=data,
        response_count=total,
    )
    db.session.add(snapshot)
    for earlier in replaced:
        earlier.withdrawn = True
        earlier.withdrawn_reason = RESPONSES_ADDED
        # No counts in the event: how many forms came late, with the event's time, is not needed.
        audit.record(
            "results.withdraw",
            earlier,
            actor_id=actor_id,
            survey_id=survey.id,
            version=earlier.version,
            replaced_by=version,
            reason=RESPONSES_ADDED,
        )
    survey.status = "published"
    db.session.flush()
    # Paper forms may have come in after closing: rewrite again, so they lie in random order too.
    storage_order.shuffle_survey_later(survey.id)
    audit.record(
        "results.publish", snapshot, actor_id=actor_id, survey_id=survey.id, version=version, reason=reason or None
    )
    db.session.flush()
    return snapshot
