"""What every view of the survey builder shares: loading what the URL names (anything that does
not belong to the survey in the URL is a 404), form plumbing, and create forms carried out once."""

import secrets
from collections.abc import Callable

from flask import abort, current_app, request
from flask_login import current_user
from wtforms import SelectChoice

from participation.builder import form_keys, queries
from participation.builder.messages import describe_error
from participation.builder.services import BuilderError
from participation.core.translatable import localized_text
from participation.extensions import db

STEPS = {"up": -1, "down": 1}
FORM_KEY = "form_key"


def survey_or_404(survey_id: int):
    """The survey, for whoever may build it: the town's surveys for editors (403 for others); a
    group poll for its own organiser only (404 for everyone else, as if it did not exist)."""
    survey = queries.get_survey(survey_id) or abort(404)
    if survey.audience == "group":
        from participation.groups.queries import poll_of_survey

        poll = poll_of_survey(survey.id)
        if poll is None or poll.group.organiser_id != current_user.id or not current_user.has_role("organiser"):
            abort(404)
    elif not current_user.has_role("editor"):
        abort(403)
    return survey


def town_survey_or_404(survey_id: int):
    """A survey of the town's (status, copies and deletion of group polls are on the poll's page)."""
    survey = survey_or_404(survey_id)
    if survey.audience == "group":
        abort(404)
    return survey


def page_or_404(survey, page_id: int):
    return queries.find_page(survey, page_id) or abort(404)


def question_or_404(survey, question_id: int):
    return queries.find_question(survey, question_id) or abort(404)


def option_or_404(question, option_id: int):
    return queries.find_option(question, option_id) or abort(404)


def step_or_400() -> int:
    return STEPS.get(request.form.get("direction", "")) or abort(400)


def refuse_structure_fields(survey, names: set[str]) -> None:
    """A posted structure field for a survey that is no longer a draft is refused, not ignored."""
    if survey.status != "draft" and names & set(request.form):
        raise BuilderError("frozen")


def life_area_choices(form) -> None:
    if "life_areas" in form:
        form.life_areas.choices = [SelectChoice(area.id, localized_text(area, "name")) for area in queries.list_life_areas()]


def english_texts(obj, *fields: str) -> dict:
    english = (obj.translations or {}).get("en", {})
    return {f"{field}_en": english.get(field, "") for field in fields}


def form_values(form) -> dict:
    return {name: value for name, value in form.data.items() if name != "csrf_token"}


def save(form, call):
    """Run a service call and commit; a refusal about one field becomes that field's message."""
    try:
        result = call()
    except BuilderError as error:
        if error.field is None or error.field not in form:
            raise
        db.session.rollback()
        form[error.field].errors.append(describe_error(error))
        return None, False
    db.session.commit()
    return result, True


def form_key() -> str:
    """The key for a create form on the page being rendered: the one posted with it, when the
    form comes back with a message (nothing was made yet), else a new one."""
    posted = request.form.get(FORM_KEY) if request.method == "POST" else None
    return posted if posted and form_keys.KEY_PATTERN.fullmatch(posted) else secrets.token_urlsafe(18)


def _key_hash(action: str) -> str | None:
    return form_keys.hash_key(current_app.config["SECRET_KEY"], action, request.form.get(FORM_KEY))


def made_before(action: str) -> int | None:
    """What the posted create form made when it was sent before, or None. Checked before the
    form's own checks: the second click would otherwise hear "this option exists already"."""
    key_hash = _key_hash(action)
    return form_keys.earlier_result(key_hash) if key_hash is not None else None


def create_once(action: str, create: Callable[[], object], survey_id_of: Callable[[object], int]) -> int:
    """The id of what the posted create form makes: made now, or by an earlier post of the same
    form (a double click, reload or retry), which is then all that stays. Never commits.

    A post without a well-formed key (a hand-made request) is carried out every time.
    """
    key_hash = _key_hash(action)
    if key_hash is not None:
        earlier = form_keys.earlier_result(key_hash)
        if earlier is not None:
            return earlier
    made = create()
    if key_hash is not None and not form_keys.claim(key_hash, survey_id_of(made), made.id):
        db.session.rollback()  # another post of this form made it at the same moment: keep theirs
        return form_keys.earlier_result(key_hash)
    return made.id
