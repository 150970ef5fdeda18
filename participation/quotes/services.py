"""Choosing and removing quotes (flush only; the view commits). Every change is audited."""

from sqlalchemy import select

from participation.core.personal_data import redact
from participation.extensions import db
from participation.quotes.scope import QuoteScope
from participation.results.models import Quote
from participation.staff import audit
from participation.surveys.models import Question, Survey


class QuoteRefused(Exception):
    """The quote cannot be stored; `reason` says why ("scope", "locality", "empty", "duplicate")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def pick_quote(survey: Survey, question: Question, text: str, locality_id: int | None, scope: QuoteScope) -> Quote:
    """Store a copy of the (moderated) text as a quote for the town or an allowed locality."""
    if not scope.quotable:
        raise QuoteRefused("scope")
    if locality_id is not None and locality_id not in scope.localities:
        raise QuoteRefused("locality")
    # The moderator may have typed something back in while shortening: redact the stored text again.
    cleaned = redact(text.strip())
    if not cleaned:
        raise QuoteRefused("empty")
    taken = db.session.scalars(
        select(Quote.id).where(Quote.question_id == question.id, Quote.text == cleaned)
    ).first()
    if taken is not None:
        raise QuoteRefused("duplicate")
    quote = Quote(survey_id=survey.id, question_id=question.id, locality_id=locality_id, text=cleaned)
    db.session.add(quote)
    db.session.flush()
    # The text stays out of the log: a quote removed for something redaction missed must be gone.
    audit.record("quote.pick", quote, survey_id=survey.id, question_id=question.id, locality_id=locality_id)
    return quote


def remove_quote(quote: Quote) -> None:
    audit.record("quote.remove", quote, survey_id=quote.survey_id, question_id=quote.question_id,
                 locality_id=quote.locality_id)
    db.session.delete(quote)
    db.session.flush()
