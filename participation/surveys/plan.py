"""A survey's structure as plain, immutable data: what the answering flow needs on every request.

Built once per structure version and cached in the worker, so a submission does not reload
pages, questions and options from the database (no Flask here).
"""

from dataclasses import dataclass
from functools import cached_property

from participation.surveys.answering import QuestionSpec


@dataclass(frozen=True)
class SurveyPlan:
    survey_id: int
    #: Survey.structure_version this plan was built from.
    version: str
    #: The survey's non-empty pages in order; each a tuple of its questions in order.
    pages: tuple[tuple[QuestionSpec, ...], ...]
    #: SurveyPage ids of `pages`, to load a page's texts for display.
    page_ids: tuple[int, ...]

    @cached_property
    def specs(self) -> tuple[QuestionSpec, ...]:
        return tuple(spec for page in self.pages for spec in page)

    @cached_property
    def numbers(self) -> dict[int, int]:
        """Question id -> its number through the whole survey (for "Frage 7")."""
        return {spec.id: number for number, spec in enumerate(self.specs, 1)}

    @property
    def question_count(self) -> int:
        return len(self.specs)

    @property
    def minutes_needed(self) -> int:
        """A plain estimate for the intro: about 20 seconds a question, at least one minute."""
        return max(1, -(-self.question_count * 20 // 60))

    def page_of(self, question_id: int) -> int:
        return next(index for index, page in enumerate(self.pages) if any(spec.id == question_id for spec in page))

    def locality_answer(self, answers: dict[int, object]) -> int | None:
        """The locality the resident named in a locality question, if any."""
        for spec in self.specs:
            if spec.kind == "locality" and isinstance(answers.get(spec.id), int):
                return answers[spec.id]
        return None
