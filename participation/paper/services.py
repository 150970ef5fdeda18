"""Writes of paper entry, imports and kiosk mode. Flush, never commit.

Paper responses are stored exactly like web responses (surveys/services.py): random ids, no time,
channel "paper". The audit log records a paper-entry sitting once and each import once, never a
single sheet: one event per sheet would put a time stamp on each paper response (PRIVACY.md §1).
"""

import datetime as dt

from participation.staff import audit
from participation.surveys import services as survey_services
from participation.surveys.answering import answer_rows
from participation.surveys.models import Survey
from participation.surveys.plan import SurveyPlan


def open_sitting(survey: Survey) -> None:
    """A staff member starts typing in paper sheets of this survey (no counts, no per-sheet events)."""
    audit.record("paper.sitting", survey)


def store_sheet(survey: Survey, plan: SurveyPlan, answers: dict[int, object], key_hash: str, day: dt.date) -> bool:
    """Store one paper sheet once per form (idempotency key); False when this form was stored before."""
    locality_id = plan.locality_answer(answers) or survey.locality_id
    rows = answer_rows(plan.specs, answers)
    return survey_services.submit_response(survey.id, key_hash, rows, locality_id, day, channel="paper")


def import_sheets(
    survey: Survey, plan: SurveyPlan, sheets: list[dict[int, object]], key_hash: str, day: dt.date
) -> bool:
    """Store every checked sheet of a file in the caller's transaction; False when the file was imported before."""
    if not survey_services.claim_submission_key(survey.id, key_hash):
        return False
    for answers in sheets:
        locality_id = plan.locality_answer(answers) or survey.locality_id
        survey_services.store_response(survey.id, answer_rows(plan.specs, answers), locality_id, "paper", day)
    audit.record("paper.import", survey, rows=len(sheets))
    return True


def start_kiosk(survey: Survey) -> None:
    audit.record("kiosk.start", survey)


def end_kiosk(survey: Survey | None, survey_id: int) -> None:
    audit.record("kiosk.end", survey, survey_id=None if survey else survey_id)
