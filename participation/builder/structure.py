"""Rules about a survey's structure, checked on the objects in memory (no database, no Flask).

A show-if condition may only point to a choice question on an EARLIER page: the resident's
answer to it is known when the page is built, so the page works without JavaScript.
"""

import datetime as dt
from dataclasses import dataclass

from participation.surveys.models import Question, Survey, SurveyPage

#: Kinds whose answers can decide whether a later question is shown.
CONDITION_KINDS = ("single", "multiple", "demographic")
#: Least number of options (matrix: rows) each kind needs before the survey may open.
MIN_OPTIONS = {"single": 2, "multiple": 2, "ranking": 2, "demographic": 2, "matrix": 1}

# Limits of a survey's size. Beyond them a survey is no longer answerable on a phone, and its
# editor page and its publishing grow without bound (3,036 options made the editor page 3.3 MB
# and publishing take 7.7 s): every option becomes a table row in every breakdown the gate protects.
MAX_PAGES = 50
MAX_QUESTIONS = 200
MAX_QUESTIONS_PER_PAGE = 30
#: Options of one question; a matrix's rows and a ranking's items are each read and placed one by one.
MAX_OPTIONS = {"single": 50, "multiple": 50, "demographic": 50, "matrix": 20, "ranking": 20}
MAX_OPTIONS_PER_SURVEY = 1000


def max_options(kind: str) -> int:
    return MAX_OPTIONS.get(kind, 0)


def option_count(survey: Survey) -> int:
    return sum(len(question.options) for page in survey.pages for question in page.questions)


@dataclass(frozen=True)
class Problem:
    """Something that stands in the way, as a code with parameters (words come from messages.py)."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params: object) -> "Problem":
        return cls(code, tuple(sorted(params.items())))


def ordered_pages(survey: Survey) -> list[SurveyPage]:
    return sorted(survey.pages, key=lambda page: page.position)


def ordered_questions(page: SurveyPage) -> list[Question]:
    return sorted(page.questions, key=lambda question: question.position)


def all_questions(survey: Survey) -> list[Question]:
    return [question for page in ordered_pages(survey) for question in ordered_questions(page)]


def question_numbers(survey: Survey) -> dict[int, int]:
    """Question id -> its number through the whole survey, as residents see it ("Frage 7")."""
    return {question.id: number for number, question in enumerate(all_questions(survey), 1)}


def renumber(items) -> None:
    """Positions 0, 1, 2, ... in the current order of positions."""
    for position, item in enumerate(sorted(items, key=lambda item: item.position)):
        item.position = position


def condition_candidates(survey: Survey, question: Question) -> list[Question]:
    """Questions a show-if condition of `question` may point to: choice questions on earlier pages."""
    return [
        other
        for other in all_questions(survey)
        if other.kind in CONDITION_KINDS and other.page.position < question.page.position
    ]


def broken_conditions(survey: Survey) -> list[tuple[Question, Question]]:
    """(question, the question its condition points to) for every condition that breaks the rule."""
    broken = []
    for question in all_questions(survey):
        target = question.show_if_question
        if target is None:
            continue
        if target.kind not in CONDITION_KINDS or target.page.survey is not survey or target.page.position >= question.page.position:
            broken.append((question, target))
    return broken


def dependents(survey: Survey, questions: list[Question]) -> list[Question]:
    """Questions whose condition points to one of `questions`."""
    ids = {question.id for question in questions}
    return [question for question in all_questions(survey) if question.show_if_question_id in ids]


def opening_problems(survey: Survey, today: dt.date) -> list[Problem]:
    """Why the survey cannot open yet; empty when it can."""
    problems = []
    questions = all_questions(survey)
    numbers = question_numbers(survey)
    if not questions:
        problems.append(Problem.of("no_questions"))
    if survey.closes_on and survey.closes_on < today:
        problems.append(Problem.of("closes_in_past", day=survey.closes_on))
    if survey.opens_on and survey.closes_on and survey.opens_on > survey.closes_on:
        problems.append(Problem.of("schedule_order"))
    for question in questions:
        least = MIN_OPTIONS.get(question.kind)
        if least and len(question.options) < least:
            problems.append(Problem.of("too_few_options", number=numbers[question.id], least=least))
        if question.show_if_question_id is not None and not question.show_if_options:
            problems.append(Problem.of("condition_without_options", number=numbers[question.id]))
    for question, target in broken_conditions(survey):
        problems.append(Problem.of("broken_condition", number=numbers[question.id], target=numbers.get(target.id, "?")))
    return problems
