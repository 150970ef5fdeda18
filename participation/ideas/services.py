"""Writes of the idea boards: posting, supporting, commenting, reporting. Flush, never commit.

Moderation and official answers by staff live in moderation.py.
"""

import base64
import datetime as dt
import hashlib
import hmac

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from participation.extensions import db
from participation.ideas.models import Idea, IdeaBoard, IdeaComment, IdeaReport, IdeaSupport


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """HMAC-SHA256 with the app secret: without the secret the stored hash tells nothing."""
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def follow_token(secret: str, submission_key: str) -> str:
    """The private follow link's token, derived from the form's submission key.

    Deriving it (instead of drawing a new one) lets a repeated submission of the same form, a
    double click or a retry on a bad connection, show the author the same link again.
    """
    digest = hmac.new(secret.encode(), b"idea-follow-token:" + submission_key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def follow_hash(secret: str, token: str) -> str:
    return keyed_hash(secret, "idea-follow", token)


def support_hash(secret: str, session_key: str, idea_id: int) -> str:
    """Differs for every idea, so the table cannot tell that two supports came from one browser."""
    return keyed_hash(secret, "idea-support", f"{idea_id}:{session_key}")


def report_hash(secret: str, session_key: str, kind: str, target_id: int) -> str:
    return keyed_hash(secret, "idea-report", f"{kind}:{target_id}:{session_key}")


def post_idea(
    board: IdeaBoard,
    *,
    title: str,
    body: str,
    life_area_id: int,
    locality_id: int | None,
    display_name: str,
    follow_hash_value: str,
    today: dt.date,
) -> tuple[Idea, bool]:
    """Add an idea (pending under pre-moderation, public at once under post-moderation).

    Returns (idea, created); a second submission with the same follow hash returns the first idea.
    """
    existing = db.session.scalars(select(Idea).where(Idea.follow_hash == follow_hash_value)).one_or_none()
    if existing is not None:
        return existing, False
    idea = Idea(
        board_id=board.id,
        title=title.strip(),
        body=body.strip(),
        life_area_id=life_area_id,
        locality_id=locality_id,
        display_name=display_name.strip(),
        created_on=today,
        follow_hash=follow_hash_value,
        moderation="approved" if board.moderation == "post" else "pending",
        reviewed=False,
        hidden=False,
        status="received",
        moderator_message="",
        edit_note="",
        official_answer="",
    )
    try:
        with db.session.begin_nested():
            db.session.add(idea)
    except IntegrityError:
        # The same form arrived twice at once; the other request stored it.
        return db.session.scalars(select(Idea).where(Idea.follow_hash == follow_hash_value)).one(), False
    return idea, True


def support_idea(idea_id: int, key_hash: str) -> bool:
    """Count one support; False when this browser session supported the idea before.

    The primary key (idea, key hash) decides under any race: of concurrent requests with the same
    session exactly one inserts, on SQLite and PostgreSQL alike.
    """
    try:
        with db.session.begin_nested():
            db.session.execute(insert(IdeaSupport.__table__).values(idea_id=idea_id, key_hash=key_hash))
    except IntegrityError:
        return False
    return True


def add_comment(idea: Idea, body: str, display_name: str, today: dt.date) -> IdeaComment:
    """Add a comment, moderated like the ideas of its board."""
    comment = IdeaComment(
        idea_id=idea.id,
        body=body.strip(),
        display_name=display_name.strip(),
        created_on=today,
        moderation="approved" if idea.board.moderation == "post" else "pending",
        reviewed=False,
        hidden=False,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def report(kind: str, target: Idea | IdeaComment, reason: str, key_hash: str) -> bool:
    """Record a report: it puts the item into the moderators' queue, and the item stays visible.

    Reports never hide anything by themselves: a script without cookies makes a new "browser" per
    request, and one address can be a whole school, so nothing a resident's browser can count
    tells several independent people from one. The moderator decides (PRIVACY.md stores no address
    to tell them apart). False when this browser session reported the item before, also when a
    moderator has kept it since: the same report never puts it back into the queue.
    """
    column = "idea_id" if kind == "idea" else "comment_id"
    try:
        with db.session.begin_nested():
            db.session.execute(
                insert(IdeaReport.__table__).values(**{column: target.id}, reason=reason, key_hash=key_hash, resolved=False)
            )
    except IntegrityError:
        return False
    return True
