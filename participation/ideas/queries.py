"""Reads of the idea boards: boards, browsing, idea pages, the follow link, the moderation queue,
and the counts the derivation step uses (no personal data)."""

import hashlib
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from participation.extensions import db
from participation.ideas.models import Idea, IdeaBoard, IdeaComment, IdeaReport, IdeaSupport
from participation.localities.models import LifeArea, Locality
from participation.pages.models import ProcessStep

SORTS = ("zufall", "neu", "unterstuetzt")


def _public():
    """Ideas anyone may see in a list: approved, not hidden by reports, not merged into another."""
    return and_(Idea.moderation == "approved", Idea.hidden.is_(False), Idea.merged_into_id.is_(None))


def list_boards() -> list[tuple[IdeaBoard, int]]:
    """Every board with the number of its public ideas; the town-wide board first."""
    counts = (
        select(Idea.board_id, func.count().label("ideas")).where(_public()).group_by(Idea.board_id).subquery()
    )
    rows = db.session.execute(
        select(IdeaBoard, func.coalesce(counts.c.ideas, 0))
        .outerjoin(counts, counts.c.board_id == IdeaBoard.id)
        .outerjoin(Locality, Locality.id == IdeaBoard.locality_id)
        .order_by(IdeaBoard.locality_id.is_not(None), Locality.position, IdeaBoard.position, IdeaBoard.title)
    )
    return [(board, count) for board, count in rows]


def get_board(slug: str) -> IdeaBoard | None:
    return db.session.scalars(select(IdeaBoard).where(IdeaBoard.slug == slug)).unique().one_or_none()


def get_board_for_locality(locality_id: int) -> IdeaBoard | None:
    """The first board of a locality, for a pointer from the town-wide board."""
    return db.session.scalars(
        select(IdeaBoard).where(IdeaBoard.locality_id == locality_id).order_by(IdeaBoard.position, IdeaBoard.id)
    ).first()


def get_board_by_id(board_id: int) -> IdeaBoard | None:
    return db.session.get(IdeaBoard, board_id)


def list_localities() -> list[Locality]:
    return list(db.session.scalars(select(Locality).order_by(Locality.position, Locality.name)))


def list_life_areas() -> list[LifeArea]:
    return list(db.session.scalars(select(LifeArea).order_by(LifeArea.position, LifeArea.name)))


def list_process_steps() -> list[ProcessStep]:
    return list(db.session.scalars(select(ProcessStep).order_by(ProcessStep.number)))


def get_locality_by_slug(slug: str) -> Locality | None:
    return db.session.scalars(select(Locality).where(Locality.slug == slug)).one_or_none()


def get_life_area_by_slug(slug: str) -> LifeArea | None:
    return db.session.scalars(select(LifeArea).where(LifeArea.slug == slug)).one_or_none()


def support_counts(idea_ids: list[int] | None = None) -> dict[int, int]:
    """Supports per idea; those of ideas merged into another count for that one."""
    target = func.coalesce(Idea.merged_into_id, Idea.id)
    query = select(target, func.count()).select_from(IdeaSupport).join(Idea, Idea.id == IdeaSupport.idea_id).group_by(target)
    if idea_ids is not None:
        if not idea_ids:
            return {}
        query = query.where(target.in_(idea_ids))
    return {idea_id: count for idea_id, count in db.session.execute(query)}


def has_support(idea_id: int, key_hash: str) -> bool:
    return db.session.get(IdeaSupport, (idea_id, key_hash)) is not None


def shuffle_key(seed: int, idea_id: int) -> bytes:
    """A stable pseudo-random position: the same seed gives the same order on every page."""
    return hashlib.sha256(f"{seed}:{idea_id}".encode()).digest()


@dataclass
class BoardPage:
    ideas: list[Idea]
    supports: dict[int, int]
    total: int
    page: int
    pages: int


def browse_board(
    board: IdeaBoard,
    *,
    sort: str,
    seed: int,
    page: int,
    per_page: int,
    locality: Locality | None = None,
    life_area: LifeArea | None = None,
) -> BoardPage:
    """One page of a board's public ideas, filtered and in the chosen order."""
    query = select(Idea.id).where(Idea.board_id == board.id).where(_public())
    if locality is not None:
        query = query.where(Idea.locality_id == locality.id)
    if life_area is not None:
        query = query.where(Idea.life_area_id == life_area.id)
    ids = list(db.session.scalars(query))
    supports = support_counts(ids)
    if sort == "neu":
        ids.sort(reverse=True)  # ids grow with posting; the stored date alone has no order within a day
    elif sort == "unterstuetzt":
        ids.sort(key=lambda idea_id: (-supports.get(idea_id, 0), -idea_id))
    else:
        ids.sort(key=lambda idea_id: shuffle_key(seed, idea_id))
    pages = max(1, -(-len(ids) // per_page))
    page = min(max(page, 1), pages)
    chosen = ids[(page - 1) * per_page : page * per_page]
    by_id = {idea.id: idea for idea in db.session.scalars(select(Idea).where(Idea.id.in_(chosen))).unique()} if chosen else {}
    return BoardPage([by_id[i] for i in chosen], supports, len(ids), page, pages)


def get_idea(idea_id: int) -> Idea | None:
    return db.session.scalars(
        select(Idea).where(Idea.id == idea_id).options(selectinload(Idea.merged_into))
    ).unique().one_or_none()


def list_public_comments(idea_id: int) -> list[IdeaComment]:
    return list(
        db.session.scalars(
            select(IdeaComment)
            .where(IdeaComment.idea_id == idea_id)
            .where(IdeaComment.moderation == "approved", IdeaComment.hidden.is_(False))
            .order_by(IdeaComment.id)
        )
    )


def list_merged_into(idea_id: int) -> list[Idea]:
    return list(db.session.scalars(select(Idea).where(Idea.merged_into_id == idea_id).order_by(Idea.id)).unique())


def get_comment(comment_id: int) -> IdeaComment | None:
    return db.session.scalars(
        select(IdeaComment).where(IdeaComment.id == comment_id).options(selectinload(IdeaComment.idea))
    ).one_or_none()


def find_by_follow_hash(follow_hash: str) -> Idea | None:
    return db.session.scalars(
        select(Idea).where(Idea.follow_hash == follow_hash).options(selectinload(Idea.merged_into))
    ).unique().one_or_none()


def recent_texts(board_id: int, window: int) -> list[tuple[int, str]]:
    """(id, title and text) of the board's latest ideas that were not rejected."""
    rows = db.session.execute(
        select(Idea.id, Idea.title, Idea.body)
        .where(Idea.board_id == board_id, Idea.moderation != "rejected")
        .order_by(Idea.id.desc())
        .limit(window)
    )
    return [(row.id, f"{row.title}\n{row.body}") for row in rows]


# --- moderation ------------------------------------------------------------------------------


@dataclass
class Queue:
    ideas: list[Idea]
    comments: list[IdeaComment]
    reports: dict[tuple[str, int], dict[str, int]]

    def report_count(self, kind: str, item_id: int) -> int:
        """Open reports of one item (one per browser session: not necessarily one per person)."""
        return sum(self.reports.get((kind, item_id), {}).values())


def _queue_order(queue_reports: dict, kind: str):
    """Reported items first, most reported on top; then hidden, pending and unreviewed ones, oldest first."""

    def key(item):
        reports = sum(queue_reports.get((kind, item.id), {}).values())
        return (-reports, not item.hidden, item.moderation != "pending", item.id)

    return key


def moderation_queue() -> Queue:
    """Everything waiting for a moderator: reported, new and unreviewed ideas and comments."""
    reported_ideas = select(IdeaReport.idea_id).where(IdeaReport.resolved.is_(False), IdeaReport.idea_id.is_not(None))
    reported_comments = select(IdeaReport.comment_id).where(IdeaReport.resolved.is_(False), IdeaReport.comment_id.is_not(None))
    ideas = list(
        db.session.scalars(
            select(Idea).where(
                or_(
                    Idea.moderation == "pending",
                    and_(Idea.moderation == "approved", or_(Idea.reviewed.is_(False), Idea.hidden.is_(True))),
                    and_(Idea.moderation == "approved", Idea.id.in_(reported_ideas)),
                )
            )
        ).unique()
    )
    comments = list(
        db.session.scalars(
            select(IdeaComment)
            .where(
                or_(
                    IdeaComment.moderation == "pending",
                    and_(IdeaComment.moderation == "approved", or_(IdeaComment.reviewed.is_(False), IdeaComment.hidden.is_(True))),
                    and_(IdeaComment.moderation == "approved", IdeaComment.id.in_(reported_comments)),
                )
            )
            .options(selectinload(IdeaComment.idea))
        )
    )
    reports = open_reports()
    ideas.sort(key=_queue_order(reports, "idea"))
    comments.sort(key=_queue_order(reports, "comment"))
    return Queue(ideas, comments, reports)


def open_reports() -> dict[tuple[str, int], dict[str, int]]:
    """Unresolved reports by item and reason: {("idea", 5): {"offensive": 2}}."""
    rows = db.session.execute(
        select(IdeaReport.idea_id, IdeaReport.comment_id, IdeaReport.reason, func.count())
        .where(IdeaReport.resolved.is_(False))
        .group_by(IdeaReport.idea_id, IdeaReport.comment_id, IdeaReport.reason)
    )
    reports: dict[tuple[str, int], dict[str, int]] = {}
    for idea_id, comment_id, reason, count in rows:
        key = ("idea", idea_id) if idea_id is not None else ("comment", comment_id)
        reports.setdefault(key, {})[reason] = count
    return reports


def list_comments_for_staff(idea_id: int) -> list[IdeaComment]:
    return list(db.session.scalars(select(IdeaComment).where(IdeaComment.idea_id == idea_id).order_by(IdeaComment.id)))


def list_ideas_for_staff(board_id: int | None = None, status: str | None = None) -> list[Idea]:
    """Every idea that is or was public, for giving official answers."""
    query = select(Idea).where(Idea.moderation == "approved").order_by(Idea.id.desc())
    if board_id:
        query = query.where(Idea.board_id == board_id)
    if status:
        query = query.where(Idea.status == status)
    return list(db.session.scalars(query).unique())


# --- for the derivation step -------------------------------------------------------------------


@dataclass(frozen=True)
class AreaLocalityCount:
    life_area_slug: str
    #: None: ideas for the whole town.
    locality_slug: str | None
    ideas: int
    supports: int


def idea_counts_by_life_area_and_locality() -> list[AreaLocalityCount]:
    """Published ideas and their supports per life area and locality; no text, no dates, no names.

    Ideas merged into another are not counted again, but their supports count for the idea they
    were merged into (with its life area and locality).
    """
    target = aliased(Idea)
    published = and_(target.moderation == "approved", target.hidden.is_(False), target.merged_into_id.is_(None))
    ideas = dict(
        ((area, locality), count)
        for area, locality, count in db.session.execute(
            select(LifeArea.slug, Locality.slug, func.count())
            .select_from(target)
            .join(LifeArea, LifeArea.id == target.life_area_id)
            .outerjoin(Locality, Locality.id == target.locality_id)
            .where(published)
            .group_by(LifeArea.slug, Locality.slug)
        )
    )
    supports = dict(
        ((area, locality), count)
        for area, locality, count in db.session.execute(
            select(LifeArea.slug, Locality.slug, func.count())
            .select_from(IdeaSupport)
            .join(Idea, Idea.id == IdeaSupport.idea_id)
            .join(target, target.id == func.coalesce(Idea.merged_into_id, Idea.id))
            .join(LifeArea, LifeArea.id == target.life_area_id)
            .outerjoin(Locality, Locality.id == target.locality_id)
            .where(published)
            .group_by(LifeArea.slug, Locality.slug)
        )
    )
    keys = sorted(set(ideas) | set(supports), key=lambda key: (key[0], key[1] or ""))
    return [AreaLocalityCount(area, locality, ideas.get((area, locality), 0), supports.get((area, locality), 0)) for area, locality in keys]
