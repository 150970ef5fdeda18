"""Free-text moderation: moderators read redacted answers of closed surveys and choose quotes."""

import math
import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.core.inputs import query_int
from participation.extensions import db
from participation.quotes import queries, services
from participation.quotes.forms import TOWN, QuoteForm, RemoveQuoteForm
from participation.disclosure.policy import Policy
from participation.staff.auth import role_required

bp = Blueprint("quotes", __name__, url_prefix="/verwaltung/freitext", template_folder="templates")


def _survey(survey_id: int):
    return queries.get_moderated_survey(survey_id) or abort(404)


def _question(survey, question_id: int):
    return queries.get_text_question(survey.id, question_id) or abort(404)


def _scope(question):
    minimum = Policy.from_config(current_app.config).MIN_FREE_TEXT_GROUP
    return queries.get_quote_scope(question.id, minimum)


def _answer_id(value: str | None) -> uuid.UUID:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        abort(404)


def _refusal_message(reason: str) -> str:
    return {
        "scope": _("Auf diese Frage haben zu wenige Menschen geantwortet, um etwas daraus zu veröffentlichen."),
        "locality": _("Diese Ortschaft kann für dieses Zitat nicht genannt werden."),
        "empty": _("Nach dem Entfernen persönlicher Angaben bleibt vom Zitat nichts übrig."),
        "duplicate": _("Genau dieses Zitat ist schon ausgewählt."),
    }[reason]


@bp.get("/")
@role_required("moderator")
def index():
    """Closed and published surveys with their free-text questions."""
    return render_template("quotes/index.html", surveys=queries.list_surveys_for_moderation())


@bp.get("/<int:survey_id>/fragen/<int:question_id>")
@role_required("moderator")
def answers(survey_id: int, question_id: int):
    """One page of a question's answers, redacted, in a stable random order; and its chosen quotes."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    scope = _scope(question)
    pages = max(1, math.ceil(scope.total / queries.ANSWERS_PER_PAGE))
    page = query_int("seite", 1)
    if not 1 <= page <= pages:
        abort(404)
    quotes = queries.list_quotes(question.id)
    return render_template(
        "quotes/answers.html",
        survey=survey,
        question=question,
        scope=scope,
        minimum=Policy.from_config(current_app.config).MIN_FREE_TEXT_GROUP,
        answers=queries.list_text_answers(question.id, scope, page),
        quotes=quotes,
        quoted={quote.text for quote in quotes},
        localities=queries.localities_by_id(),
        page=page,
        pages=pages,
        first=(page - 1) * queries.ANSWERS_PER_PAGE + 1,
        remove_form=RemoveQuoteForm(),
    )


@bp.route("/<int:survey_id>/fragen/<int:question_id>/zitat", methods=["GET", "POST"])
@role_required("moderator")
def pick(survey_id: int, question_id: int):
    """Choose an answer as a quote: shorten it if needed, say whether it stands for the town or its locality."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    scope = _scope(question)
    back = url_for(".answers", survey_id=survey.id, question_id=question.id)
    if not scope.quotable:
        flash(_refusal_message("scope"), "error")
        return redirect(back)
    answer_id = _answer_id(request.form.get("answer") if request.method == "POST" else request.args.get("antwort"))
    answer = queries.get_text_answer(question.id, answer_id, scope) or abort(404)
    localities = queries.localities_by_id()
    own = [localities[answer.locality_id]] if answer.locality_id is not None else []
    form = QuoteForm(current_app.config["TOWN_NAME"], own, question.text_limit)
    if request.method == "GET":
        form.text.data = answer.text
        form.scope.data = TOWN
    elif form.validate_on_submit():
        try:
            services.pick_quote(survey, question, form.text.data, form.locality_id, scope)
        except services.QuoteRefused as refusal:
            db.session.rollback()
            form.text.errors.append(_refusal_message(refusal.reason))
        else:
            db.session.commit()
            flash(_("Das Zitat wurde ausgewählt. Es erscheint bei der nächsten Veröffentlichung der Ergebnisse."))
            return redirect(back)
    return render_template(
        "quotes/pick.html", survey=survey, question=question, answer=answer, form=form, back=back,
        locality_name=own[0].name if own else None,
    ), 422 if form.errors else 200


@bp.post("/<int:survey_id>/fragen/<int:question_id>/zitate/entfernen")
@role_required("moderator")
def remove(survey_id: int, question_id: int):
    """Remove a chosen quote; it will not be in the next publication."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    form = RemoveQuoteForm()
    if not form.validate_on_submit():
        abort(400)
    quote_id = form.quote.data or ""
    if not (quote_id.isascii() and quote_id.isdigit() and len(quote_id) < 10):
        abort(404)
    quote = queries.get_quote(question.id, int(quote_id)) or abort(404)
    services.remove_quote(quote)
    db.session.commit()
    flash(_("Das Zitat wurde entfernt."))
    return redirect(url_for(".answers", survey_id=survey.id, question_id=question.id))
