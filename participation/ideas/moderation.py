"""Staff writes on ideas and comments: moderation decisions, edits, merges, official answers and
board settings. Flush, never commit; every change goes to the audit log."""

import datetime as dt

from sqlalchemy import select, update

from participation.extensions import db
from participation.ideas.models import Idea, IdeaBoard, IdeaComment, IdeaReport
from participation.staff import audit


class ModerationError(Exception):
    """A decision that cannot be taken; str(error) is a key of the view's messages."""


def _resolve_reports(column, target_id: int) -> None:
    db.session.execute(update(IdeaReport).where(column == target_id).values(resolved=True))


def approve_idea(idea: Idea) -> None:
    """Publish the idea (or keep it public) and settle any reports about it."""
    before = (idea.moderation, idea.hidden)
    idea.moderation = "approved"
    idea.reviewed = True
    idea.hidden = False
    idea.rejection_reason = None
    idea.moderator_message = ""
    _resolve_reports(IdeaReport.idea_id, idea.id)
    audit.record("idea.approve", idea, before=list(before))


def reject_idea(idea: Idea, reason: str, message: str) -> None:
    """Take the idea off the board for good; the author reads reason and message on the follow link."""
    idea.moderation = "rejected"
    idea.reviewed = True
    idea.rejection_reason = reason
    idea.moderator_message = message.strip()
    _resolve_reports(IdeaReport.idea_id, idea.id)
    audit.record("idea.reject", idea, reason=reason)


def edit_idea(idea: Idea, title: str, body: str, note: str) -> None:
    """Change title or text; the note says publicly what was changed and why."""
    if not note.strip():
        raise ModerationError("note_required")
    before = {"title": idea.title, "body": idea.body}
    idea.title = title.strip()
    idea.body = body.strip()
    idea.edit_note = note.strip()
    audit.record("idea.edit", idea, before=before, note=idea.edit_note)


def merge_idea(idea: Idea, target: Idea | None, today: dt.date) -> None:
    """Mark `idea` as a duplicate of `target`: its page points there, its supports count there."""
    if target is None or target.id == idea.id:
        raise ModerationError("merge_target_unknown")
    if target.merged_into_id is not None or target.moderation == "rejected":
        raise ModerationError("merge_target_unusable")
    idea.merged_into_id = target.id
    idea.status = "merged"
    idea.answered_on = today
    if idea.moderation == "pending":
        idea.moderation = "approved"
    idea.reviewed = True
    # Ideas merged into this one earlier now point to the new target too: no chains.
    db.session.execute(update(Idea).where(Idea.merged_into_id == idea.id).values(merged_into_id=target.id))
    audit.record("idea.merge", idea, into=target.id)


def answer_idea(idea: Idea, status: str, answer: str, today: dt.date) -> None:
    """Set the official status and answer; "not pursued" needs a reason."""
    if status == "declined" and not answer.strip():
        raise ModerationError("reason_required")
    if status == "merged":
        raise ModerationError("merge_separately")
    before = idea.status
    idea.status = status
    if idea.merged_into_id is not None:
        idea.merged_into_id = None  # a new status undoes an earlier merge
    if answer.strip() != idea.official_answer:
        idea.official_answer = answer.strip()
        idea.answered_on = today if idea.official_answer else None
    audit.record("idea.answer", idea, before=before, after=status)


def approve_comment(comment: IdeaComment) -> None:
    comment.moderation = "approved"
    comment.reviewed = True
    comment.hidden = False
    comment.rejection_reason = None
    _resolve_reports(IdeaReport.comment_id, comment.id)
    audit.record("idea_comment.approve", comment, idea_id=comment.idea_id)


def reject_comment(comment: IdeaComment, reason: str) -> None:
    comment.moderation = "rejected"
    comment.reviewed = True
    comment.rejection_reason = reason
    _resolve_reports(IdeaReport.comment_id, comment.id)
    audit.record("idea_comment.reject", comment, idea_id=comment.idea_id, reason=reason)


def save_board(board: IdeaBoard | None, **values) -> IdeaBoard:
    """Create a board or change its settings."""
    creating = board is None
    if creating:
        if db.session.scalars(select(IdeaBoard.id).where(IdeaBoard.slug == values["slug"])).first():
            raise ModerationError("slug_taken")
        board = IdeaBoard(translations={}, position=0)
        db.session.add(board)
    elif values.get("slug") != board.slug and db.session.scalars(
        select(IdeaBoard.id).where(IdeaBoard.slug == values["slug"])
    ).first():
        raise ModerationError("slug_taken")
    before = {key: getattr(board, key, None) for key in values}
    for key, value in values.items():
        setattr(board, key, value)
    db.session.flush()
    audit.record("idea_board.create" if creating else "idea_board.update", board,
                 before=None if creating else {k: v for k, v in before.items() if v != values[k]}, after=values)
    return board
