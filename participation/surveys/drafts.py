"""Unsent answers wait in the resident's own (signed cookie) session, never in the database."""

import secrets

from flask import session

MAX_ANSWERED_MARKERS = 50


def _drafts() -> dict:
    return session.setdefault("drafts", {})


def get_draft(survey_id: int) -> dict | None:
    return session.get("drafts", {}).get(str(survey_id))


def start_draft(survey_id: int, code: str | None = None, channel: str = "web") -> dict:
    """Begin a fresh set of answers with its own idempotency key (a new person may answer).

    An access code waits here, in the resident's own cookie, until it is used up on submission.
    """
    draft = {"key": secrets.token_urlsafe(18), "fields": {}, "channel": channel}
    if code:
        draft["code"] = code
    _drafts()[str(survey_id)] = draft
    session.modified = True
    return draft


def set_code(survey_id: int, code: str | None) -> None:
    """Give the current answers a (new) access code, or take it away after it was used up elsewhere."""
    draft = get_draft(survey_id) or start_draft(survey_id)
    if code:
        draft["code"] = code
    else:
        draft.pop("code", None)
    session.modified = True


def save_fields(survey_id: int, field_names: list[str], values: dict[str, list[str]]) -> dict:
    """Replace this page's fields in the draft with what was just entered (empty fields included)."""
    draft = get_draft(survey_id) or start_draft(survey_id)
    fields = draft["fields"]
    for name in field_names:
        fields.pop(name, None)
    fields.update(values)
    session.modified = True
    return draft


def finish(survey_id: int) -> None:
    """Forget the sent answers and remember, in this browser only, that it has answered."""
    _drafts().pop(str(survey_id), None)
    answered = [value for value in session.get("answered", []) if value != survey_id]
    session["answered"] = (answered + [survey_id])[-MAX_ANSWERED_MARKERS:]
    session.modified = True


def has_answered(survey_id: int) -> bool:
    return survey_id in session.get("answered", [])
