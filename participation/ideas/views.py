"""The residents' side of the idea boards: browse, post, follow, support, comment, report."""

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms import SelectChoice, ValidationError

from participation.core import rate_limits
from participation.core.clock import town_today
from participation.core.inputs import query_int
from participation.core.translatable import localized_text
from participation.extensions import csrf, db
from participation.ideas import DEFAULTS, messages, queries, services
from participation.ideas.forms import (
    REJECTION_LABELS, REPORT_LABELS, STATUS_LABELS, ButtonForm, CommentForm, IdeaForm, ReportForm,
)
from participation.ideas.models import BODY_MAX, COMMENT_MAX
from participation.ideas.screening import screen

bp = Blueprint("ideas", __name__, url_prefix="/ideen", template_folder="templates")
#: Paths below /ideen that are not boards.
RESERVED_SLUGS = {"idee", "kommentar", "verfolgen", "danke"}


@bp.record_once
def _defaults(state) -> None:
    for key, value in DEFAULTS.items():
        state.app.config.setdefault(key, value)


def template_context() -> dict:
    """Labels and limits the idea templates share (resident and staff side)."""
    return {
        "status_labels": STATUS_LABELS,
        "rejection_labels": REJECTION_LABELS,
        "report_labels": REPORT_LABELS,
        "body_max": BODY_MAX,
        "comment_max": COMMENT_MAX,
    }


bp.context_processor(template_context)
bp.add_app_template_filter(messages.personal_kind, "personal_kind")


def _config(key: str):
    return current_app.config[key]


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _session_key() -> str:
    """This browser session's key for supports and reports, only ever stored hashed with an item id.

    Derived from the session's CSRF secret, which the page's forms were rendered with and which
    every POST from that page carries in its cookie. Ten clicks on "Unterstützen" sent at once
    therefore get the same key, and the primary key counts them once; a key drawn at random per
    request would differ in each, as none of them has seen the cookie the others set. Kept in the
    session, so it stays the same if the CSRF secret is ever renewed.
    """
    if "idea_key" not in session:
        generate_csrf()  # makes sure the session has its CSRF secret (a POST that got here has one)
        secret = session[current_app.config["WTF_CSRF_FIELD_NAME"]]
        session["idea_key"] = services.keyed_hash(_secret(), "idea-session-key", secret)
    return session["idea_key"]


def _not_found():
    """404, but a POST without a valid CSRF token is refused as such first (as CSRFProtect would)."""
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            abort(400)
    abort(404)


def _public_idea(number: int):
    """The idea if residents may see it (approved and not hidden), else 404."""
    idea = queries.get_idea(number)
    if idea is None or not idea.is_public:
        _not_found()
    return idea


@bp.get("/")
def index():
    """List the boards: one for the whole town, one per locality."""
    return render_template("ideas/index.html", boards=queries.list_boards())


@bp.get("/<slug>")
def board(slug: str):
    """Browse a board's ideas by locality and life area, shuffled (default), newest or most supported."""
    board = queries.get_board(slug) or abort(404)
    sort = request.args.get("sortierung", "zufall")
    sort = sort if sort in queries.SORTS else "zufall"
    seed = query_int("mischung", minimum=0, maximum=10**9 - 1)
    if seed is None:
        # A fresh order per visit, carried in the page links (no cookie, nothing stored).
        seed = secrets.randbelow(10**9)
    locality_slug, area_slug = request.args.get("ortschaft", ""), request.args.get("bereich", "")
    locality = queries.get_locality_by_slug(locality_slug) if locality_slug else None
    life_area = queries.get_life_area_by_slug(area_slug) if area_slug else None
    result = queries.browse_board(
        board, sort=sort, seed=seed, page=query_int("seite", 1),
        per_page=_config("IDEAS_PER_PAGE"), locality=locality, life_area=life_area,
    )
    return render_template(
        "ideas/board.html", board=board, result=result, sort=sort, seed=seed,
        localities=queries.list_localities(), life_areas=queries.list_life_areas(),
        locality=locality, life_area=life_area,
        unknown_filter=(locality_slug and locality is None) or (area_slug and life_area is None),
        locality_board=queries.get_board_for_locality(locality.id) if locality and board.locality_id is None else None,
    )


def _prepare_idea_form(form: IdeaForm, board) -> None:
    form.life_area.choices = [SelectChoice("", _("Bitte wählen"))] + [
        SelectChoice(area.slug, localized_text(area, "name")) for area in queries.list_life_areas()
    ]
    if board.locality_id is None:
        form.locality.choices = [SelectChoice("", _("Die ganze Stadt"))] + [
            SelectChoice(locality.slug, locality.name) for locality in queries.list_localities()
        ]
    else:
        form.locality.choices = [SelectChoice(board.locality.slug, board.locality.name)]
        form.locality.data = board.locality.slug
    if not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)


@bp.route("/<slug>/neu", methods=["GET", "POST"])
@csrf.exempt  # checked by IdeaForm, so an expired token shows the form again with the text kept
@rate_limits.limited("IDEA")
def new_idea(slug: str):
    """Post an idea without an account; say what happens next; then show the private follow link."""
    board = queries.get_board(slug) or _not_found()
    form = IdeaForm()
    _prepare_idea_form(form, board)
    if not board.is_open:
        return render_template("ideas/closed.html", board=board), 410
    if request.method == "GET":
        return render_template("ideas/new.html", board=board, form=form, screening=None, similar=None)
    if not form.validate_on_submit():
        return _render_new(board, form, None, 400 if "csrf_token" in form.errors else 422)
    screening = _screen_idea(form, board)
    token = services.follow_token(_secret(), form.submission_key.data or secrets.token_urlsafe(24))
    follow_hash = services.follow_hash(_secret(), token)
    # A form that was stored already (double click, retry) is not screened again: it shows its link.
    if not screening.ok and queries.find_by_follow_hash(follow_hash) is None:
        messages.apply_screening(form, screening)
        return _render_new(board, form, screening, 422)
    locality = queries.get_locality_by_slug(form.locality.data) if form.locality.data else None
    services.post_idea(
        board, title=form.title.data, body=form.body.data,
        life_area_id=queries.get_life_area_by_slug(form.life_area.data).id,
        locality_id=locality.id if locality else board.locality_id,
        display_name=form.display_name.data or "", follow_hash_value=follow_hash, today=town_today(),
    )
    db.session.commit()
    # Shown once on the next page, then gone from the session; only its keyed hash is stored.
    session["idea_follow_token"] = token
    return redirect(url_for(".posted", boerse=board.slug))


def _screen_idea(form: IdeaForm, board):
    return screen(
        title=form.title.data, body=form.body.data, honeypot=form.homepage.data or "",
        max_links=_config("IDEA_MAX_LINKS"), personal_confirmed=form.confirm_personal.data,
        different_confirmed=form.confirm_different.data,
        recent=queries.recent_texts(board.id, _config("IDEA_DUPLICATE_WINDOW")),
        duplicate_threshold=_config("IDEA_DUPLICATE_THRESHOLD"),
    )


def _render_new(board, form, screening, status):
    similar = None
    if screening and screening.similar:
        candidate = queries.get_idea(screening.similar.idea_id)
        similar = candidate if candidate and candidate.is_public else False
    return render_template("ideas/new.html", board=board, form=form, screening=screening, similar=similar), status


@bp.get("/danke")
def posted():
    """Thank the author and show the private follow link once."""
    token = session.pop("idea_follow_token", None)
    board = queries.get_board(request.args["boerse"]) if request.args.get("boerse") else None
    idea = queries.find_by_follow_hash(services.follow_hash(_secret(), token)) if token else None
    link = url_for(".follow", schluessel=token, _external=True) if idea else None
    return render_template("ideas/posted.html", link=link, idea=idea, board=board)


@bp.get("/verfolgen")
@rate_limits.limited("CODE", methods=("GET",), only="wrong-code")
def follow():
    """The author's private page: moderation result and official answer, without an account.

    The token rides in the query string, which the access log format leaves out.
    """
    token = request.args.get("schluessel", "")
    idea = queries.find_by_follow_hash(services.follow_hash(_secret(), token)) if 20 <= len(token) <= 100 else None
    if idea is None:
        rate_limits.count("wrong-code")
        return render_template("ideas/follow_unknown.html"), 404
    return render_template("ideas/follow.html", idea=idea, supports=queries.support_counts([idea.id]).get(idea.id, 0))


@bp.get("/idee/<int:number>")
def idea(number: int):
    """An idea with its status, the official answer, supports and comments."""
    idea = _public_idea(number)
    return _render_idea(idea, CommentForm(formdata=None))


def _render_idea(idea, comment_form, status=200, screening=None):
    supported = False
    if "idea_key" in session:
        supported = queries.has_support(idea.id, services.support_hash(_secret(), session["idea_key"], idea.id))
    html = render_template(
        "ideas/idea.html", idea=idea, supports=queries.support_counts([idea.id]).get(idea.id, 0),
        supported=supported, comments=queries.list_public_comments(idea.id),
        merged=queries.list_merged_into(idea.id), comment_form=comment_form, button=ButtonForm(),
        screening=screening,
    )
    return html, status


@bp.post("/idee/<int:number>/unterstuetzen")
@rate_limits.limited("IDEA_VOTE")
def support(number: int):
    """Support an idea once per browser session."""
    idea = _public_idea(number)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if not idea.board.is_open or idea.merged_into_id is not None:
        flash(_("Diese Idee kann nicht mehr unterstützt werden."), "error")
    elif services.support_idea(idea.id, services.support_hash(_secret(), _session_key(), idea.id)):
        db.session.commit()
        flash(_("Danke! Ihre Unterstützung wurde gezählt."))
    else:
        flash(_("Sie haben diese Idee schon unterstützt."))
    return redirect(url_for(".idea", number=idea.id, _anchor="unterstuetzung"))


@bp.post("/idee/<int:number>/kommentieren")
@csrf.exempt  # checked by CommentForm, so the comment is kept when the token expired
@rate_limits.limited("IDEA")
def comment(number: int):
    """Add a short comment, moderated like the ideas of the board."""
    idea = _public_idea(number)
    form = CommentForm()
    if not idea.board.is_open:
        abort(410)
    if not form.validate_on_submit():
        return _render_idea(idea, form, 400 if "csrf_token" in form.errors else 422)
    screening = screen(
        title="", body=form.body.data, honeypot=form.homepage.data or "", max_links=_config("IDEA_MAX_LINKS"),
        personal_confirmed=form.confirm_personal.data, different_confirmed=True,
    )
    if not screening.ok:
        messages.apply_screening(form, screening)
        return _render_idea(idea, form, 422, screening)
    comment = services.add_comment(idea, form.body.data, form.display_name.data or "", town_today())
    db.session.commit()
    if comment.moderation == "approved":
        flash(_("Danke! Ihr Kommentar ist veröffentlicht."))
    else:
        flash(_("Danke! Ihr Kommentar erscheint, sobald die Moderation ihn freigegeben hat."))
    return redirect(url_for(".idea", number=idea.id, _anchor="kommentare"))


@bp.route("/idee/<int:number>/melden", methods=["GET", "POST"])
@rate_limits.limited("IDEA_VOTE")
def report_idea(number: int):
    """Report an idea to the moderation, with a reason."""
    idea = _public_idea(number)
    return _report("idea", idea, idea)


@bp.route("/kommentar/<int:number>/melden", methods=["GET", "POST"])
@rate_limits.limited("IDEA_VOTE")
def report_comment(number: int):
    """Report a comment to the moderation, with a reason."""
    comment = queries.get_comment(number)
    if comment is None or not comment.is_public or not comment.idea.is_public:
        abort(404)
    return _report("comment", comment, comment.idea)


def _report(kind: str, target, idea):
    form = ReportForm()
    if form.validate_on_submit():
        key = services.report_hash(_secret(), _session_key(), kind, target.id)
        if services.report(kind, target, form.reason.data, key):
            db.session.commit()
            flash(_("Danke für Ihre Meldung. Der Beitrag bleibt sichtbar, bis die Moderation ihn geprüft hat; sie entscheidet, ob er bleibt."))
        else:
            flash(_("Sie haben diesen Beitrag schon gemeldet. Die Moderation prüft ihn und entscheidet, ob er bleibt."))
        return redirect(url_for(".idea", number=idea.id))
    status = 422 if form.errors else 200
    return render_template("ideas/report.html", form=form, kind=kind, target=target, idea=idea), status
