"""Handing workshop cards to the idea board of the group's locality: what the room wrote meets
what the town wrote online (DOMAIN.md: workshops that stay apart from the online results come to
nothing). Flush, never commit; audited.

Each card becomes an idea like any other, moderated as its board says, and says where it came
from with the card's dots (WorkshopIdea). Handing a card over again updates its dots and adds
nothing: the idea's follow hash is derived from the card with the app secret, so nobody holds a
follow link for it and posting it twice finds the first idea.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from participation.extensions import db
from participation.groups import workshop_queries as queries
from participation.groups.services import GroupError
from participation.groups.workshop_models import Workshop, WorkshopCard, WorkshopIdea
from participation.ideas.models import TITLE_MAX, Idea, IdeaBoard
from participation.ideas.services import follow_hash, keyed_hash, post_idea
from participation.staff import audit


@dataclass(frozen=True)
class HandedOver:
    card: WorkshopCard
    idea: Idea
    created: bool


def idea_title(text: str, limit: int = TITLE_MAX) -> str:
    """The card's text as a title: whole if it fits, else cut at a word and marked with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.-") + "…"


def card_life_area(card: WorkshopCard, clusters: dict[int, object]) -> int | None:
    """The life area of the card's topic (the first one it is tagged with), if any."""
    cluster = clusters.get(card.cluster_id) if card.cluster_id else None
    return cluster.life_areas[0].id if cluster is not None and cluster.life_areas else None


def hand_over(
    secret: str,
    workshop: Workshop,
    board: IdeaBoard,
    cards: list[WorkshopCard],
    dots: dict[int, int],
    life_areas: dict[int, int],
    today: dt.date,
) -> list[HandedOver]:
    """Post `cards` as ideas on `board`; `dots` and `life_areas` are by card id."""
    if not board.is_open:
        raise GroupError("board_closed")
    if any(card.id not in life_areas for card in cards):
        raise GroupError("life_area_needed")
    results = []
    for card in cards:
        token = keyed_hash(secret, "workshop-card-idea", str(card.id))
        idea, created = post_idea(
            board, title=idea_title(card.text), body=card.text, life_area_id=life_areas[card.id],
            locality_id=workshop.group.locality_id, display_name="",
            follow_hash_value=follow_hash(secret, token), today=today,
        )
        db.session.flush()
        origin = queries.workshop_origin(idea.id)
        if origin is None:
            db.session.add(WorkshopIdea(idea_id=idea.id, card_id=card.id, dots=dots.get(card.id, 0)))
        else:
            origin.dots = dots.get(card.id, 0)
        results.append(HandedOver(card, idea, created))
    audit.record("workshop.hand_over", workshop, board=board.slug, cards=str(len(cards)),
                 new=str(sum(result.created for result in results)))
    db.session.flush()
    return results
