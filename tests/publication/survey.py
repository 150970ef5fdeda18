"""A compact survey with one question of every kind, for counting and publication tests.

Small on purpose: gating a real survey takes seconds, and these tests publish many times.
"""

import datetime as dt

from sqlalchemy import select

from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.answering import NO_ANSWER, answer_rows
from participation.surveys.models import Option, Question, Survey, SurveyPage
from participation.surveys.queries import get_plan
from participation.surveys.services import store_response

SLUG = "kompakt"
DAY = dt.date(2026, 11, 2)


def _options(*labels: str) -> list[Option]:
    return [Option(position=i, label=label, translations={"en": {"label": label.upper()}}) for i, label in enumerate(labels)]


def make_survey(status: str = "open") -> Survey:
    survey = Survey(slug=SLUG, title="Kompakt", intro="", status=status, access_mode="open", translations={})
    page = SurveyPage(position=0, title="")
    survey.pages.append(page)
    kinds = [
        dict(kind="locality", prompt="Wo wohnen Sie?", required=True),
        dict(kind="single", prompt="Anschluss?", options=_options("DSL", "Kabel", "Glasfaser")),
        dict(kind="multiple", prompt="Online erledigen?", options=_options("Ausweis", "Müll", "Kita")),
        dict(kind="scale", prompt="Zufrieden?", min_value=1, max_value=5, allow_no_answer=True),
        dict(kind="matrix", prompt="Wie wichtig?", min_value=1, max_value=3, options=_options("Schule", "Verkehr")),
        dict(kind="ranking", prompt="Kontakt?", max_choices=2, options=_options("Telefon", "E-Mail", "Rathaus")),
        dict(kind="number", prompt="Personen?", min_value=0, max_value=20),
        dict(kind="short_text", prompt="Was zuerst?"),
        dict(kind="demographic", prompt="Alter?", allow_no_answer=True, options=_options("jung", "mittel", "alt")),
    ]
    for position, fields in enumerate(kinds):
        options = fields.pop("options", [])
        question = Question(position=position, translations={}, **fields)
        question.options = options
        page.questions.append(question)
    db.session.add(survey)
    db.session.commit()
    return survey


def questions(survey: Survey) -> dict[str, Question]:
    return {
        question.kind: question
        for question in db.session.scalars(
            select(Question).join(SurveyPage).where(SurveyPage.survey_id == survey.id)
        )
    }


def localities() -> dict[str, int]:
    return {locality.slug: locality.id for locality in db.session.scalars(select(Locality))}


def answer(survey: Survey, locality: str | None, **values) -> None:
    """Store one response. values by kind: single=0 (option index), multiple=[0, 2], scale=4,
    matrix=[3, NO_ANSWER], ranking=[2, 0], number=3, short_text="...", demographic=1 or NO_ANSWER."""
    q = questions(survey)
    answers: dict[int, object] = {}
    if locality is not None:
        answers[q["locality"].id] = localities()[locality]
    for kind, value in values.items():
        question = q[kind]
        ids = [option.id for option in question.options]
        if kind in ("single", "demographic"):
            answers[question.id] = value if value == NO_ANSWER else ids[value]
        elif kind == "multiple":
            answers[question.id] = [ids[i] for i in value]
        elif kind == "matrix":
            answers[question.id] = dict(zip(ids, value))
        elif kind == "ranking":
            answers[question.id] = [ids[i] for i in value]
        else:
            answers[question.id] = value
    plan = get_plan(survey)
    store_response(survey.id, answer_rows(plan.specs, answers), plan.locality_answer(answers), "web", DAY)


def answer_many(survey: Survey, count: int, locality: str | None, **values) -> None:
    for _ in range(count):
        answer(survey, locality, **values)
    db.session.commit()
