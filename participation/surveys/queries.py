"""Reads for the resident's way through a survey."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.answering import QuestionSpec
from participation.surveys.models import Question, Survey, SurveyPage
from participation.surveys.records import SubmissionKey


def list_open_surveys(today: dt.date, locality: Locality | None = None) -> list[Survey]:
    """Surveys that take answers today; for a locality, its own and the town-wide ones."""
    query = (
        select(Survey)
        .where(Survey.status == "open")
        .where(or_(Survey.opens_on.is_(None), Survey.opens_on <= today))
        .where(or_(Survey.closes_on.is_(None), Survey.closes_on >= today))
        .options(selectinload(Survey.locality))
        .order_by(Survey.closes_on.is_(None), Survey.closes_on, Survey.title)
    )
    if locality is not None:
        query = query.where(or_(Survey.locality_id.is_(None), Survey.locality_id == locality.id))
    return list(db.session.scalars(query))


def get_survey_for_answering(slug: str) -> Survey | None:
    """The survey with its pages, questions and options loaded, so templates trigger no queries."""
    query = (
        select(Survey)
        .where(Survey.slug == slug)
        .options(
            selectinload(Survey.locality),
            selectinload(Survey.pages)
            .selectinload(SurveyPage.questions)
            .options(
                selectinload(Question.options),
                selectinload(Question.show_if_options),
            ),
        )
    )
    return db.session.scalars(query).one_or_none()


def list_localities() -> list[Locality]:
    return list(db.session.scalars(select(Locality).order_by(Locality.position, Locality.name)))


def get_locality_by_slug(slug: str) -> Locality | None:
    return db.session.scalars(select(Locality).where(Locality.slug == slug)).one_or_none()


def submission_key_used(key_hash: str) -> bool:
    return db.session.get(SubmissionKey, key_hash) is not None


def spec_of(question: Question) -> QuestionSpec:
    return QuestionSpec(
        id=question.id,
        kind=question.kind,
        required=question.required,
        option_ids=tuple(option.id for option in question.options),
        min_value=question.min_value,
        max_value=question.max_value,
        max_choices=question.max_choices,
        allow_no_answer=question.allow_no_answer,
        max_length=question.max_length,
        show_if_question_id=question.show_if_question_id,
        show_if_option_ids=frozenset(option.id for option in question.show_if_options),
    )


@dataclass(frozen=True)
class OutlinePage:
    page: SurveyPage
    items: list[tuple[Question, QuestionSpec]]

    @property
    def specs(self) -> list[QuestionSpec]:
        return [spec for _, spec in self.items]


@dataclass(frozen=True)
class SurveyOutline:
    """A loaded survey in the shape the answering flow needs: its non-empty pages of (question, spec)."""

    survey: Survey
    pages: list[OutlinePage]

    @property
    def specs(self) -> list[QuestionSpec]:
        return [spec for page in self.pages for spec in page.specs]

    @property
    def question_count(self) -> int:
        return sum(len(page.items) for page in self.pages)

    def numbers(self) -> dict[int, int]:
        """Question id -> its number counted through the whole survey (for "Frage 7")."""
        return {spec.id: number for number, spec in enumerate(self.specs, 1)}


def outline(survey: Survey) -> SurveyOutline:
    pages = [OutlinePage(page, [(question, spec_of(question)) for question in page.questions]) for page in survey.pages]
    return SurveyOutline(survey, [page for page in pages if page.items])
