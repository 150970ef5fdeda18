"""The resident's way through a survey: intro, pages, submission, thanks."""

from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.access import codes
from participation.access import services as access

from participation.core import rate_limits
from participation.core.clock import town_today
from participation.extensions import csrf, db
from participation.groups import membership
from participation.paper import kiosk
from participation.surveys import drafts, queries, services
from participation.surveys.answering import answer_rows, keep_fields
from participation.surveys.counter import participation_counter
from participation.surveys.flow import answers_so_far, next_step, visible_page_indexes, visible_specs
from participation.surveys.forms import PageForm, StartForm
from participation.surveys.messages import describe

bp = Blueprint("surveys", __name__, url_prefix="/umfragen", template_folder="templates")


def _load(slug: str):
    """The survey if residents may see it: drafts are unknown; a group poll only to a browser
    that came in through its join code."""
    survey = queries.get_survey(slug)
    if survey is None or survey.status == "draft":
        abort(404)
    if survey.audience == "group" and not membership.joined(survey.id):
        abort(redirect(url_for("join.form")))
    return survey


def _many_people() -> bool:
    """One browser entering the answers of many people: a kiosk tablet, or an organiser typing
    in a group's paper answers. The per-browser limits are for one person and do not apply."""
    return bool(kiosk.locked()) or membership.entering_paper()


def _channel(survey) -> str:
    return "group" if survey.audience == "group" else kiosk.channel_for(survey.id)


def _unavailable(survey):
    today = town_today()
    status = 404 if survey.status == "open" and survey.opens_on and today < survey.opens_on else 410
    return render_template("surveys/unavailable.html", survey=survey, today=today), status


@bp.get("/<slug>")
def intro(slug: str):
    """Show what the survey is about, how anonymity works and how long it takes."""
    survey = _load(slug)
    if not survey.accepts_answers(town_today()):
        return _unavailable(survey)
    return _render_intro(survey, StartForm(), drafts.get_draft(survey.id))


def _render_intro(survey, form, draft):
    # A survey for one locality shows only its total; a town-wide one each locality's too.
    localities = [] if survey.locality_id else [(item.id, item.name) for item in queries.list_localities()]
    return render_template(
        "surveys/intro.html",
        survey=survey,
        plan=queries.get_plan(survey),
        form=form,
        draft=draft,
        answered=drafts.has_answered(survey.id),
        paper_entry=membership.entering_paper(survey.id),
        counter=participation_counter(queries.count_participation(survey.id), localities),
    )


@bp.post("/<slug>/beginnen")
@rate_limits.limited("SUBMIT", browser_exempt_when=_many_people)
@rate_limits.limited("CODE", only="wrong-code")
def start(slug: str):
    """Begin a fresh set of answers (also for another person on the same device), or continue."""
    survey = _load(slug)
    if not survey.accepts_answers(town_today()):
        return _unavailable(survey)
    form = StartForm()
    draft = drafts.get_draft(survey.id)
    code = None
    if survey.access_mode == "codes":
        code = codes.normalise(form.code.data or "")
        if code is None or access.find_unused(current_app.config["SECRET_KEY"], survey.id, code) is None:
            form.code.errors = [_("Diesen Zugangscode kennen wir nicht oder er wurde schon benutzt. Bitte prüfen Sie ihn.")]
            rate_limits.count("wrong-code")
            return _render_intro(survey, form, draft), 422
    if request.form.get("continue") and draft:
        if code:
            drafts.set_code(survey.id, code)
    elif survey.audience == "group" and drafts.has_answered(survey.id) and not membership.entering_paper(survey.id):
        return redirect(url_for(".thanks", slug=slug))  # one answer per phone
    else:
        drafts.start_draft(survey.id, code=code, channel=_channel(survey))
    return redirect(url_for(".page", slug=slug, number=1))


@bp.route("/<slug>/seite/<int:number>", methods=["GET", "POST"])
@csrf.exempt  # checked by PageForm below, so a failed check can show the page again with the answers
@rate_limits.limited("SUBMIT", browser_exempt_when=_many_people)
@rate_limits.limited("RESPONSE", only="response", when=lambda: request.form.get("action") == "submit",
                     browser_exempt_when=_many_people)
def page(slug: str, number: int):
    """Show one page of questions; keep what was entered, check it, move on or submit."""
    survey = _load(slug)
    if not survey.accepts_answers(town_today()):
        return _unavailable(survey)
    plan = queries.get_plan(survey)
    if not 1 <= number <= len(plan.pages):
        abort(404)
    index = number - 1
    form = PageForm()
    draft = drafts.get_draft(survey.id)
    if request.method == "GET":
        if draft is None or (survey.access_mode == "codes" and not draft.get("code")):
            # Answers begin on the intro; after a submission, Back leads to the thanks instead of
            # silently starting a second set of answers.
            target = ".thanks" if drafts.has_answered(survey.id) else ".intro"
            return redirect(url_for(target, slug=slug))
        return _render_page(survey, plan, index, draft, form)
    draft = draft or drafts.start_draft(survey.id, channel=_channel(survey))  # the session was lost: keep what is posted now
    if survey.access_mode == "codes" and not draft.get("code"):
        return redirect(url_for(".intro", slug=slug))

    posted = keep_fields(plan.pages[index], request.form.to_dict(flat=False))
    if not form.validate_on_submit():
        # An expired or missing CSRF token: show the page again with everything just entered.
        return _render_page(survey, plan, index, draft, form, fields={**draft["fields"], **posted}, csrf_failed=True)

    key_hash = services.hash_submission_key(current_app.config["SECRET_KEY"], form.submission_key.data or draft["key"])
    action = request.form.get("action", "next")
    if action == "submit" and queries.submission_key_used(key_hash):
        drafts.finish(survey.id)
        return redirect(url_for(".thanks", slug=slug))

    names = [name for spec in plan.pages[index] for name in spec.field_names()]
    fields = drafts.save_fields(survey.id, names, posted)["fields"]
    locality_ids = queries.list_locality_ids()
    step = next_step(plan, index, fields, locality_ids, action)
    if step.kind == "page":
        target = url_for(".intro", slug=slug) if step.index < 0 else url_for(".page", slug=slug, number=step.index + 1)
        return redirect(target)
    if step.kind == "problems":
        return _render_page(survey, plan, step.index, draft, form, problems=step.problems)

    code_locality_id = use_code = None
    if survey.access_mode == "codes":
        secret = current_app.config["SECRET_KEY"]
        use_code = partial(access.use_code, secret, survey.id, draft["code"])
        # Codes printed for one locality count there, unless the resident named a locality.
        row = access.find_unused(secret, survey.id, draft["code"])
        code_locality_id = row.locality_id if row else None
    locality_id = plan.locality_answer(step.answers) or code_locality_id or survey.locality_id
    try:
        services.submit_response(
            survey.id, key_hash, answer_rows(plan.specs, step.answers), locality_id, town_today(),
            channel=draft.get("channel", "web"), use_code=use_code,
        )
    except services.CodeAlreadyUsed:
        db.session.rollback()
        drafts.set_code(survey.id, None)
        flash(_("Ihr Zugangscode wurde inzwischen schon benutzt. Ihre Antworten sind noch da: Mit einem anderen Code können Sie sie absenden."), "error")
        return redirect(url_for(".intro", slug=slug))
    db.session.commit()
    rate_limits.count("response")
    # Deliberately not logged: a log line with a time stamp per response would record timings.
    drafts.finish(survey.id)
    return redirect(url_for(".thanks", slug=slug))


@bp.get("/<slug>/danke")
def thanks(slug: str):
    """Thank the resident and say what happens next."""
    survey = _load(slug)
    return render_template(
        "surveys/thanks.html", survey=survey, form=StartForm(), paper_entry=membership.entering_paper(survey.id)
    )


def _render_page(survey, plan, index, draft, form, fields=None, problems=None, csrf_failed=False):
    """Render page `index` with the draft's (or the given) values and any problems."""
    fields = draft["fields"] if fields is None else fields
    localities = queries.list_localities()
    answers = answers_so_far(plan.pages, fields, [locality.id for locality in localities])
    visible = visible_page_indexes(plan.pages, answers)
    if index not in visible:
        visible = sorted({*visible, index})
    problems = problems or {}
    form.submission_key.data = draft["key"]
    html = render_template(
        "surveys/page.html",
        survey=survey,
        page=queries.get_page_for_display(plan.page_ids[index]),
        specs={spec.id: spec for spec in plan.pages[index]},
        shown={spec.id for spec in visible_specs(plan.pages[index], answers)},
        values=fields,
        messages={qid: [(problem.field, describe(problem)) for problem in items] for qid, items in problems.items()},
        numbers=plan.numbers,
        localities=localities,
        position=visible.index(index) + 1,
        total=len(visible),
        number=index + 1,
        is_last=visible[-1] == index,
        form=form,
        csrf_failed=csrf_failed,
    )
    return html, 400 if csrf_failed else 422 if problems else 200
