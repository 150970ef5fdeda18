"""Kiosk mode: a tablet at the Bürgerbüro or a town fair, locked to one survey.

The lock lives in the tablet's own (signed cookie) session, nowhere else: the staff member who
starts it is logged out in that browser, every other address leads back to the survey's intro,
responses get the channel "kiosk", and each page resets itself (a meta refresh, no JavaScript)
after a response or a while without activity, discarding unsent answers. Ending the lock needs a
staff login (the discreet "Verwaltung" link in the footer leads there).
"""

from flask import current_app, redirect, request, session, url_for

SESSION_KEY = "kiosk"
#: Seconds on any page before it resets itself (the tablet was left alone).
IDLE_SECONDS = 180
#: Seconds the thank-you page stays before the next person's intro comes up.
THANKS_SECONDS = 15

#: The resident's way through the locked survey (checked against the lock's slug).
SURVEY_ENDPOINTS = frozenset({"surveys.intro", "surveys.start", "surveys.page", "surveys.thanks"})
#: Reachable on a kiosk whatever the survey: styles, the way out, the language switch, legal pages.
OPEN_ENDPOINTS = frozenset(
    {
        "static",
        "staff.login",
        "paper.kiosk_end",
        "paper.kiosk_reset",
        "pages.set_language",
        "pages.privacy",
        "pages.imprint",
        "pages.accessibility",
        "pages.easy_read",
    }
)


def locked() -> dict | None:
    """The lock of this browser: {"survey_id": ..., "slug": ...}, or None."""
    lock = session.get(SESSION_KEY)
    return lock if isinstance(lock, dict) and "slug" in lock else None


def channel_for(survey_id: int) -> str:
    """The channel of a response begun in this browser: "kiosk" on a tablet locked to the survey."""
    lock = locked()
    return "kiosk" if lock and lock.get("survey_id") == survey_id else "web"


def lock(survey_id: int, slug: str, language: str | None = None) -> None:
    """Lock a fresh session to the survey; kept across browser restarts (the session lifetime)."""
    session.clear()
    session[SESSION_KEY] = {"survey_id": survey_id, "slug": slug}
    if language:
        session["lang"] = language
    session.permanent = True


def forget_answers(survey_id: int) -> None:
    """Discard unsent answers and the "already answered here" marker: the next person starts afresh."""
    drafts = session.get("drafts") or {}
    if str(survey_id) in drafts:
        drafts.pop(str(survey_id))
        session.modified = True
    if "answered" in session:
        session.pop("answered")


def unlock() -> dict | None:
    """End the lock, dropping whatever the last resident left unsent; returns the old lock."""
    lock = locked()
    if lock:
        forget_answers(lock["survey_id"])
        session.pop(SESSION_KEY)
        session.permanent = False
    return lock


def guard():
    """before_app_request: on a locked tablet, every other address leads to the survey's intro."""
    if request.endpoint == "static":
        return None  # without touching the session, so static files do not vary by cookie
    lock = locked()
    if lock is None:
        return None
    if "answered" in session:
        # Each person at a kiosk is new: never "this browser already answered".
        session.pop("answered")
    endpoint = request.endpoint
    if "_user_id" in session and endpoint not in ("staff.login", "paper.kiosk_end"):
        # A staff member logged in on the tablet (whatever the login's next page): end the lock now,
        # so a staff session and a kiosk are never left on one device together.
        return redirect(url_for("paper.kiosk_end"))
    if endpoint in OPEN_ENDPOINTS:
        return None
    if endpoint in SURVEY_ENDPOINTS and (request.view_args or {}).get("slug") == lock["slug"]:
        return None
    return redirect(url_for("surveys.intro", slug=lock["slug"]))


def template_context() -> dict:
    """app_context_processor: `kiosk_mode` for base.html (the reset refresh and the way out)."""
    lock = locked() if request.endpoint != "static" else None
    if lock is None:
        return {"kiosk_mode": None}
    config = current_app.config
    seconds = (
        config.get("KIOSK_THANKS_SECONDS", THANKS_SECONDS)
        if request.endpoint == "surveys.thanks"
        else config.get("KIOSK_IDLE_SECONDS", IDLE_SECONDS)
    )
    return {
        "kiosk_mode": {
            "refresh": seconds,
            "reset_url": url_for("paper.kiosk_reset"),
            "end_url": url_for("staff.login", next=url_for("paper.kiosk_end")),
        }
    }
