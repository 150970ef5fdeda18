"""Where a resident is in a multi-page survey, given the answers so far (no Flask)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from participation.surveys.answering import Problem, QuestionSpec, is_visible, parse_answers, parse_question


@dataclass(frozen=True)
class Check:
    answers: dict[int, object]
    problems: dict[int, list[Problem]]
    #: Index of the first page with a problem, or None when everything can be submitted.
    first_problem_page: int | None


def answers_so_far(pages: list[list[QuestionSpec]], form: Mapping[str, list[str]], locality_ids: Iterable[int]) -> dict[int, object]:
    """Every answer that parses, ignoring problems: enough to decide which questions to show."""
    locality_ids = tuple(locality_ids)
    answers: dict[int, object] = {}
    for spec in (spec for page in pages for spec in page):
        if is_visible(spec, answers):
            parsed = parse_question(spec, form, locality_ids)
            if parsed.value is not None and not any(p.code != "required" for p in parsed.problems):
                answers[spec.id] = parsed.value
    return answers


def visible_specs(page: list[QuestionSpec], answers: Mapping[int, object]) -> list[QuestionSpec]:
    return [spec for spec in page if is_visible(spec, answers)]


def visible_page_indexes(pages: list[list[QuestionSpec]], answers: Mapping[int, object]) -> list[int]:
    """Pages that show at least one question; a page whose questions are all hidden is skipped."""
    return [index for index, page in enumerate(pages) if visible_specs(page, answers)]


def check_all(pages: list[list[QuestionSpec]], form: Mapping[str, list[str]], locality_ids: Iterable[int]) -> Check:
    """Validate the whole survey as it would be submitted."""
    flat = [spec for page in pages for spec in page]
    answers, problems = parse_answers(flat, form, locality_ids)
    page_of = {spec.id: index for index, page in enumerate(pages) for spec in page}
    first = min((page_of[qid] for qid in problems), default=None)
    return Check(answers, problems, first)


def neighbour_page(visible: list[int], current: int, step: int) -> int | None:
    """The visible page before (step -1) or after (step +1) the current one, or None at either end."""
    later = [index for index in visible if index > current] if step > 0 else []
    earlier = [index for index in visible if index < current] if step < 0 else []
    if step > 0:
        return later[0] if later else None
    return earlier[-1] if earlier else None
