"""The staff side of the idea boards: the moderation queue, decisions, official answers, boards."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from participation.core.clock import town_today
from participation.core.inputs import query_int
from participation.core.translatable import localized_text
from participation.extensions import db
from participation.ideas import messages, moderation, queries
from participation.ideas.forms import (
    AnswerForm, BoardForm, ButtonForm, CommentDecisionForm, EditForm, MergeForm, RejectForm,
)
from participation.ideas.models import REJECTION_REASONS, IdeaBoard, IdeaComment
from participation.ideas.views import RESERVED_SLUGS, template_context
from participation.staff.auth import role_required

bp = Blueprint("ideas_staff", __name__, url_prefix="/verwaltung/ideen", template_folder="templates")
bp.context_processor(template_context)


@bp.get("/")
@role_required("moderator")
def queue():
    """Everything waiting for a moderator: new, unreviewed and reported ideas and comments."""
    return render_template("ideas/staff/queue.html", queue=queries.moderation_queue(), button=ButtonForm(),
                           comment_form=CommentDecisionForm())


@bp.get("/alle")
@role_required("moderator", "editor")
def all_ideas():
    """Published ideas by board and status, to give official answers."""
    board_id = query_int("boerse")
    status = request.args.get("status", "")
    ideas = queries.list_ideas_for_staff(board_id, status if status in template_context()["status_labels"] else None)
    return render_template("ideas/staff/list.html", ideas=ideas, boards=queries.list_boards(), board_id=board_id,
                           status=status, supports=queries.support_counts([idea.id for idea in ideas]))


def _idea(number: int):
    return queries.get_idea(number) or abort(404)


def _render_detail(idea, status: int = 200, **forms):
    forms.setdefault("reject_form", RejectForm(formdata=None))
    forms.setdefault("edit_form", EditForm(formdata=None, data={"title": idea.title, "body": idea.body, "note": idea.edit_note}))
    forms.setdefault("merge_form", MergeForm(formdata=None))
    forms.setdefault("answer_form", AnswerForm(formdata=None, data={
        "status": idea.status if idea.status != "merged" else "received", "answer": idea.official_answer}))
    html = render_template(
        "ideas/staff/detail.html", idea=idea, button=ButtonForm(), comment_form=CommentDecisionForm(),
        reports=queries.open_reports(), comments=queries.list_comments_for_staff(idea.id),
        supports=queries.support_counts([idea.id]).get(idea.id, 0),
        personal=messages.personal_findings(idea), **forms,
    )
    return html, status


@bp.get("/<int:number>")
@role_required("moderator", "editor")
def detail(number: int):
    """One idea with everything a moderator or the answering staff member needs."""
    return _render_detail(_idea(number))


def _done(idea, message: str):
    db.session.commit()
    flash(message)
    return redirect(url_for(".detail", number=idea.id))


@bp.post("/<int:number>/freigeben")
@role_required("moderator")
def approve(number: int):
    """Publish the idea, or keep it public after reports."""
    idea = _idea(number)
    if not ButtonForm().validate_on_submit():
        abort(400)
    moderation.approve_idea(idea)
    return _done(idea, _("Die Idee ist freigegeben."))


@bp.post("/<int:number>/ablehnen")
@role_required("moderator")
def reject(number: int):
    """Reject the idea with a reason category and a short message for the author."""
    idea = _idea(number)
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_detail(idea, 422, reject_form=form)
    moderation.reject_idea(idea, form.reason.data, form.message.data or "")
    return _done(idea, _("Die Idee ist abgelehnt. Die Person sieht Grund und Nachricht über ihren privaten Link."))


@bp.post("/<int:number>/bearbeiten")
@role_required("moderator")
def edit(number: int):
    """Change title or text, with a public note about the change."""
    idea = _idea(number)
    form = EditForm()
    if not form.validate_on_submit():
        return _render_detail(idea, 422, edit_form=form)
    moderation.edit_idea(idea, form.title.data, form.body.data, form.note.data)
    return _done(idea, _("Die Änderung ist gespeichert; der Hinweis steht unter der Idee."))


@bp.post("/<int:number>/zusammenfuehren")
@role_required("moderator")
def merge(number: int):
    """Merge a duplicate into another idea."""
    idea = _idea(number)
    form = MergeForm()
    if form.validate_on_submit():
        try:
            moderation.merge_idea(idea, queries.get_idea(form.target.data), town_today())
        except moderation.ModerationError as error:
            db.session.rollback()
            form.target.errors = [messages.staff_error(str(error))]
        else:
            return _done(idea, _("Die Idee ist zusammengeführt."))
    return _render_detail(idea, 422, merge_form=form)


@bp.post("/<int:number>/antwort")
@role_required("moderator", "editor")
def answer(number: int):
    """Set the official status and answer of the administration."""
    idea = _idea(number)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            moderation.answer_idea(idea, form.status.data, form.answer.data or "", town_today())
        except moderation.ModerationError as error:
            db.session.rollback()
            form.answer.errors = [messages.staff_error(str(error))]
        else:
            return _done(idea, _("Status und Antwort sind gespeichert und öffentlich zu sehen."))
    return _render_detail(idea, 422, answer_form=form)


@bp.post("/kommentar/<int:number>")
@role_required("moderator")
def decide_comment(number: int):
    """Approve or reject a comment."""
    comment = db.session.get(IdeaComment, number) or abort(404)
    form = CommentDecisionForm()
    if not form.validate_on_submit() or request.form.get("action") not in ("approve", "reject"):
        abort(400)
    if request.form["action"] == "approve":
        moderation.approve_comment(comment)
        message = _("Der Kommentar ist freigegeben.")
    else:
        reason = form.reason.data if form.reason.data in REJECTION_REASONS else "other"
        moderation.reject_comment(comment, reason)
        message = _("Der Kommentar ist abgelehnt.")
    db.session.commit()
    flash(message)
    return redirect(url_for(".queue") if request.form.get("back") == "queue" else url_for(".detail", number=comment.idea_id))


# --- boards ----------------------------------------------------------------------------------


def _board_form(board: IdeaBoard | None) -> BoardForm:
    data = None
    if board is not None and request.method == "GET":
        data = {
            "title": board.title, "slug": board.slug, "description": board.description,
            "title_en": (board.translations or {}).get("en", {}).get("title", ""),
            "description_en": (board.translations or {}).get("en", {}).get("description", ""),
            "locality": str(board.locality_id or ""), "process_step": str(board.process_step_id or ""),
            "moderation": board.moderation, "is_open": board.is_open,
        }
    form = BoardForm(data=data)
    form.locality.choices = [SelectChoice("", _("Die ganze Stadt"))] + [
        SelectChoice(str(locality.id), locality.name) for locality in queries.list_localities()
    ]
    form.process_step.choices = [SelectChoice("", _("keiner"))] + [
        SelectChoice(str(step.id), f"{step.number}. {localized_text(step, 'title')}") for step in queries.list_process_steps()
    ]
    return form


@bp.route("/boersen", methods=["GET", "POST"])
@bp.route("/boersen/<int:number>", methods=["GET", "POST"])
@role_required("editor")
def boards(number: int | None = None):
    """List the boards; create one or change its settings (moderation mode, open or closed)."""
    board = queries.get_board_by_id(number) if number else None
    if number and board is None:
        abort(404)
    form = _board_form(board)
    if form.validate_on_submit():
        try:
            if form.slug.data in RESERVED_SLUGS:
                raise moderation.ModerationError("slug_taken")
            translations = {"en": {k: v for k, v in (("title", form.title_en.data), ("description", form.description_en.data)) if v}}
            board = moderation.save_board(
                board, title=form.title.data, slug=form.slug.data, description=form.description.data or "",
                locality_id=int(form.locality.data) if form.locality.data else None,
                process_step_id=int(form.process_step.data) if form.process_step.data else None,
                moderation=form.moderation.data, is_open=form.is_open.data, translations=translations,
            )
        except moderation.ModerationError as error:
            db.session.rollback()
            form.slug.errors = [messages.staff_error(str(error))]
        else:
            db.session.commit()
            flash(_("Die Ideenbörse ist gespeichert."))
            return redirect(url_for(".boards", number=board.id))
    status = 422 if form.errors else 200
    return render_template("ideas/staff/boards.html", form=form, board=board, boards=queries.list_boards()), status
