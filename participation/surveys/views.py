"""The resident's way through a survey: intro, pages, submission, thanks."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from participation.core.clock import town_today
from participation.extensions import csrf, db, limiter
from participation.surveys import drafts, queries, services
from participation.surveys.answering import answer_rows, keep_fields
from participation.surveys.flow import answers_so_far, check_all, neighbour_page, visible_page_indexes, visible_specs
from participation.surveys.forms import PageForm, StartForm
from participation.surveys.messages import describe

bp = Blueprint("surveys", __name__, url_prefix="/umfragen", template_folder="templates")


def _load(slug: str):
    """The survey if residents may see it: drafts are unknown, ended surveys explain themselves."""
    survey = queries.get_survey_for_answering(slug)
    if survey is None or survey.status == "draft":
        abort(404)
    return survey


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
    return render_template(
        "surveys/intro.html",
        survey=survey,
        outline=queries.outline(survey),
        form=StartForm(),
        draft=drafts.get_draft(survey.id),
        answered=drafts.has_answered(survey.id),
    )


@bp.post("/<slug>/beginnen")
def start(slug: str):
    """Begin a fresh set of answers (also for another person on the same device)."""
    survey = _load(slug)
    if not survey.accepts_answers(town_today()):
        return _unavailable(survey)
    if request.form.get("continue") and drafts.get_draft(survey.id):
        return redirect(url_for(".page", slug=slug, number=1))
    drafts.start_draft(survey.id)
    return redirect(url_for(".page", slug=slug, number=1))


@bp.route("/<slug>/seite/<int:number>", methods=["GET", "POST"])
@csrf.exempt  # checked by PageForm below, so a failed check can show the page again with the answers
@limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"], methods=["POST"])
def page(slug: str, number: int):
    """Show one page of questions; keep what was entered, check it, move on or submit."""
    survey = _load(slug)
    if not survey.accepts_answers(town_today()):
        return _unavailable(survey)
    outline = queries.outline(survey)
    if not 1 <= number <= len(outline.pages):
        abort(404)
    index = number - 1
    specs_by_page = [page.specs for page in outline.pages]
    localities = queries.list_localities()
    locality_ids = [locality.id for locality in localities]
    form = PageForm()
    draft = drafts.draft_for(survey.id)

    if request.method == "GET":
        return _render_page(outline, index, draft["fields"], draft, form, localities)

    posted = keep_fields(specs_by_page[index], request.form.to_dict(flat=False))
    if not form.validate_on_submit():
        # An expired or missing CSRF token: show the page again with everything just entered.
        shown = {**draft["fields"], **posted}
        return _render_page(outline, index, shown, draft, form, localities, csrf_failed=True, status=400)

    action = request.form.get("action", "next")
    key = form.submission_key.data or draft["key"]
    key_hash = services.hash_submission_key(current_app.config["SECRET_KEY"], key)
    if action == "submit" and queries.submission_key_used(key_hash):
        drafts.finish(survey.id)
        return redirect(url_for(".thanks", slug=slug))

    names = [name for spec in specs_by_page[index] for name in spec.field_names()]
    fields = drafts.save_fields(survey.id, names, posted)["fields"]
    answers = answers_so_far(specs_by_page, fields, locality_ids)
    visible = visible_page_indexes(specs_by_page, answers)

    if action == "back":
        previous = neighbour_page(visible, index, -1)
        return redirect(url_for(".page", slug=slug, number=previous + 1) if previous is not None else url_for(".intro", slug=slug))

    check = check_all(specs_by_page, fields, locality_ids)
    shown_here = {spec.id for spec in visible_specs(specs_by_page[index], answers)}
    problems_here = {qid: problems for qid, problems in check.problems.items() if qid in shown_here}
    if problems_here:
        return _render_page(outline, index, fields, draft, form, localities, problems=problems_here, status=422)

    following = neighbour_page(visible, index, +1)
    if action != "submit" or following is not None:
        if following is None:
            following = index
        return redirect(url_for(".page", slug=slug, number=following + 1))
    if check.first_problem_page is not None:
        # Answers of an earlier page are missing or invalid (e.g. the session cookie was lost).
        first = check.first_problem_page
        problems = {qid: items for qid, items in check.problems.items() if qid in {s.id for s in specs_by_page[first]}}
        return _render_page(outline, first, fields, draft, form, localities, problems=problems, status=422)

    services.submit_response(
        survey.id,
        key_hash,
        answer_rows(outline.specs, check.answers),
        _response_locality(outline, check.answers),
        town_today(),
    )
    db.session.commit()
    # Deliberately not logged: a log line with a time stamp per response would record timings.
    drafts.finish(survey.id)
    return redirect(url_for(".thanks", slug=slug))


@bp.get("/<slug>/danke")
def thanks(slug: str):
    """Thank the resident and say what happens next."""
    survey = _load(slug)
    return render_template("surveys/thanks.html", survey=survey, form=StartForm())


def _response_locality(outline, answers) -> int | None:
    for spec in outline.specs:
        if spec.kind == "locality" and isinstance(answers.get(spec.id), int):
            return answers[spec.id]
    return outline.survey.locality_id


def _render_page(outline, index, fields, draft, form, localities, problems=None, csrf_failed=False, status=200):
    specs_by_page = [page.specs for page in outline.pages]
    answers = answers_so_far(specs_by_page, fields, [locality.id for locality in localities])
    visible = visible_page_indexes(specs_by_page, answers)
    if index not in visible and not problems:
        visible = sorted(set(visible) | {index})
    shown = {spec.id for spec in visible_specs(specs_by_page[index], answers)}
    problems = problems or {}
    messages = {
        qid: [(problem.field, describe(problem)) for problem in items] for qid, items in problems.items()
    }
    form.submission_key.data = draft["key"]
    is_last = neighbour_page(visible, index, +1) is None
    html = render_template(
        "surveys/page.html",
        survey=outline.survey,
        outline=outline,
        page=outline.pages[index],
        shown=shown,
        values=fields,
        messages=messages,
        numbers=outline.numbers(),
        localities=localities,
        position=visible.index(index) + 1 if index in visible else index + 1,
        total=len(visible),
        number=index + 1,
        is_last=is_last,
        form=form,
        csrf_failed=csrf_failed,
    )
    return html, status
