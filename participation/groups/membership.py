"""Who came in through a join code, kept in this browser's own session only (nothing stored).

A group poll's survey is answered only by a browser that typed or scanned its code; the
organiser's browser may enter paper answers, one after another, for people without a phone.
"""

from flask import session
from flask_login import current_user

JOINED_KEY = "joined_polls"
PAPER_KEY = "paper_polls"
#: A phone joins a handful of polls at most; older markers fall off.
MAX_MARKERS = 20


def _add(key: str, survey_id: int) -> None:
    ids = [value for value in session.get(key, []) if value != survey_id]
    session[key] = (ids + [survey_id])[-MAX_MARKERS:]


def join(survey_id: int) -> None:
    _add(JOINED_KEY, survey_id)


def joined(survey_id: int) -> bool:
    return survey_id in session.get(JOINED_KEY, []) or entering_paper(survey_id)


def start_paper_entry(survey_id: int) -> None:
    """The organiser's browser types in paper answers: each one starts afresh after the last."""
    _add(PAPER_KEY, survey_id)


def entering_paper(survey_id: int | None = None) -> bool:
    if not getattr(current_user, "is_authenticated", False):
        return False  # logged out: the browser is a phone like any other again
    ids = session.get(PAPER_KEY, [])
    return bool(ids) if survey_id is None else survey_id in ids
