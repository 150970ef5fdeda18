"""Reads for free-text moderation: closed surveys, their text questions, redacted answers, quotes.

Answers leave this module redacted, without their response, channel or any time, and with their
locality only where the quote scope allows naming it.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from participation.core.personal_data import redact
from participation.extensions import db
from participation.localities.models import Locality
from participation.quotes.scope import QuoteScope, quote_scope
from participation.results.models import Quote
from participation.surveys.models import Question, Survey, SurveyPage
from participation.surveys.records import Answer, Response

#: Moderators read answers only once a survey no longer takes any: watching them arrive would
#: tell when each came in.
MODERATED_STATES = ("closed", "published")
TEXT_KINDS = ("short_text", "long_text")
ANSWERS_PER_PAGE = 20


@dataclass(frozen=True)
class TextQuestion:
    question: Question
    answers: int
    quotes: int


@dataclass(frozen=True)
class TextAnswer:
    id: uuid.UUID
    #: Redacted.
    text: str
    #: Only when that locality may be named (QuoteScope.localities); else None.
    locality_id: int | None


def _has_text():
    return Answer.text_value.is_not(None) & (Answer.text_value != "")


def list_surveys_for_moderation() -> list[tuple[Survey, list[TextQuestion]]]:
    """Closed and published surveys with their text questions, how many answered and were quoted."""
    surveys = list(db.session.scalars(
        select(Survey).where(Survey.status.in_(MODERATED_STATES), Survey.audience == "public").order_by(Survey.title, Survey.id)
    ))
    rows = db.session.execute(
        select(Question, SurveyPage.survey_id)
        .join(SurveyPage, Question.page_id == SurveyPage.id)
        .where(SurveyPage.survey_id.in_([survey.id for survey in surveys]), Question.kind.in_(TEXT_KINDS))
        .order_by(SurveyPage.position, Question.position)
    ).all()
    ids = [question.id for question, _survey_id in rows]
    answers = dict(db.session.execute(
        select(Answer.question_id, func.count()).where(Answer.question_id.in_(ids), _has_text()).group_by(Answer.question_id)
    ).all())
    quotes = dict(db.session.execute(
        select(Quote.question_id, func.count()).where(Quote.question_id.in_(ids)).group_by(Quote.question_id)
    ).all())
    by_survey: dict[int, list[TextQuestion]] = {survey.id: [] for survey in surveys}
    for question, survey_id in rows:
        by_survey[survey_id].append(TextQuestion(question, answers.get(question.id, 0), quotes.get(question.id, 0)))
    return [(survey, by_survey[survey.id]) for survey in surveys]


def get_moderated_survey(survey_id: int) -> Survey | None:
    """The survey, if it is closed or published."""
    return db.session.scalars(
        select(Survey).where(Survey.id == survey_id, Survey.status.in_(MODERATED_STATES), Survey.audience == "public")
    ).one_or_none()


def get_text_question(survey_id: int, question_id: int) -> Question | None:
    """The question, if it belongs to this survey and asks for text."""
    return db.session.scalars(
        select(Question)
        .join(SurveyPage, Question.page_id == SurveyPage.id)
        .where(Question.id == question_id, SurveyPage.survey_id == survey_id, Question.kind.in_(TEXT_KINDS))
    ).one_or_none()


def get_quote_scope(question_id: int, minimum: int) -> QuoteScope:
    """Which localities the question's answers and quotes may name (see quotes/scope.py)."""
    counts = db.session.execute(
        select(Response.locality_id, func.count())
        .join(Answer, Answer.response_id == Response.id)
        .where(Answer.question_id == question_id, _has_text())
        .group_by(Response.locality_id)
    ).all()
    return quote_scope(dict(counts), minimum)


def list_text_answers(question_id: int, scope: QuoteScope, page: int) -> list[TextAnswer]:
    """One page of the answers, redacted, ordered by their random id: stable, yet unrelated to time."""
    rows = db.session.execute(
        _answers(question_id).order_by(Answer.id).limit(ANSWERS_PER_PAGE).offset((page - 1) * ANSWERS_PER_PAGE)
    ).all()
    return [_text_answer(row, scope) for row in rows]


def get_text_answer(question_id: int, answer_id: uuid.UUID, scope: QuoteScope) -> TextAnswer | None:
    row = db.session.execute(_answers(question_id).where(Answer.id == answer_id)).one_or_none()
    return _text_answer(row, scope) if row else None


def _answers(question_id: int):
    return (
        select(Answer.id, Answer.text_value, Response.locality_id)
        .join(Response, Answer.response_id == Response.id)
        .where(Answer.question_id == question_id, _has_text())
    )


def _text_answer(row, scope: QuoteScope) -> TextAnswer:
    answer_id, text, locality_id = row
    return TextAnswer(answer_id, redact(text), locality_id if locality_id in scope.localities else None)


def list_quotes(question_id: int) -> list[Quote]:
    return list(db.session.scalars(select(Quote).where(Quote.question_id == question_id).order_by(Quote.id)))


def get_quote(question_id: int, quote_id: int) -> Quote | None:
    """The quote, if it belongs to this question."""
    return db.session.scalars(select(Quote).where(Quote.id == quote_id, Quote.question_id == question_id)).one_or_none()


def localities_by_id() -> dict[int, Locality]:
    return {locality.id: locality for locality in db.session.scalars(select(Locality))}
