"""Where a resident goes next in a multi-page survey, given the answers so far (no Flask)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from participation.surveys.answering import Problem, QuestionSpec, is_visible, parse_answers, parse_question
from participation.surveys.plan import SurveyPlan

Pages = tuple[tuple[QuestionSpec, ...], ...]


def answers_so_far(pages: Pages, form: Mapping[str, list[str]], locality_ids: Iterable[int]) -> dict[int, object]:
    """Every answer that parses, ignoring problems: enough to decide which questions to show."""
    locality_ids = tuple(locality_ids)
    answers: dict[int, object] = {}
    for spec in (spec for page in pages for spec in page):
        if is_visible(spec, answers):
            parsed = parse_question(spec, form, locality_ids)
            if parsed.value is not None and not any(p.code != "required" for p in parsed.problems):
                answers[spec.id] = parsed.value
    return answers


def visible_specs(page: Iterable[QuestionSpec], answers: Mapping[int, object]) -> list[QuestionSpec]:
    return [spec for spec in page if is_visible(spec, answers)]


def visible_page_indexes(pages: Pages, answers: Mapping[int, object]) -> list[int]:
    """Pages that show at least one question; a page whose questions are all hidden is skipped."""
    return [index for index, page in enumerate(pages) if visible_specs(page, answers)]


def neighbour_page(visible: list[int], current: int, step: int) -> int | None:
    """The visible page before (step -1) or after (step +1) the current one, or None at either end."""
    if step > 0:
        return next((index for index in visible if index > current), None)
    return next((index for index in reversed(visible) if index < current), None)


@dataclass(frozen=True)
class Step:
    """What to do after a page was posted.

    kind: "page" (go to page `index`; -1 is the intro), "problems" (show page `index` with
    `problems`), or "submit" (store `answers`).
    """

    kind: str
    index: int = 0
    problems: dict[int, list[Problem]] = field(default_factory=dict)
    answers: dict[int, object] = field(default_factory=dict)


def next_step(plan: SurveyPlan, index: int, fields: Mapping[str, list[str]], locality_ids: Iterable[int], action: str) -> Step:
    """Decide where a posted page leads: back, on, to its own problems, or to submission."""
    locality_ids = tuple(locality_ids)
    answers = answers_so_far(plan.pages, fields, locality_ids)
    visible = visible_page_indexes(plan.pages, answers)
    if action == "back":
        previous = neighbour_page(visible, index, -1)
        return Step("page", -1 if previous is None else previous)

    checked, problems = parse_answers(plan.specs, fields, locality_ids)
    shown_here = {spec.id for spec in visible_specs(plan.pages[index], answers)}
    here = {qid: items for qid, items in problems.items() if qid in shown_here}
    if here:
        return Step("problems", index, here)

    following = neighbour_page(visible, index, +1)
    if following is not None or action != "submit":
        return Step("page", index if following is None else following)
    if problems:
        # An earlier page is incomplete, e.g. because the session cookie was lost on the way.
        first = min(plan.page_of(qid) for qid in problems)
        return Step("problems", first, {qid: items for qid, items in problems.items() if plan.page_of(qid) == first})
    return Step("submit", index, answers=checked)
