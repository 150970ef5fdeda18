"""What a transcribed paper sheet must satisfy: the answering rules of surveys/answering.py
with what paper cannot do taken into account (no Flask).

A printed questionnaire enforces nothing while it is filled in, and nobody can ask an anonymous
resident afterwards. So on paper:

- "required" cannot be enforced: a question left empty on the sheet is stored as skipped;
- show-if conditions are printed as instructions ("only if you answered ... to question 3"): a
  conditional question answered although its condition is not met is reported, so staff decide
  (leave it out, or check the earlier answer) instead of the answer vanishing silently;
- a sheet without any answer is not stored (an accidental second Enter, an empty form).

Everything else (valid options, ranges, lengths, rankings) is checked by `parse_answers` itself.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from participation.surveys.answering import FormValues, Problem, QuestionSpec, is_visible, parse_answers

CONDITION_NOT_MET = "condition_not_met"


def paper_specs(specs: Iterable[QuestionSpec]) -> tuple[QuestionSpec, ...]:
    """The questions as checked on paper: nothing is required."""
    return tuple(replace(spec, required=False) for spec in specs)


def has_values(spec: QuestionSpec, form: FormValues) -> bool:
    """Whether anything was entered for the question (in any of its fields)."""
    return any((value or "").strip() for name in spec.field_names() for value in form.get(name, []))


@dataclass
class Sheet:
    """A checked sheet: its answers, problems by question id, and whether it held anything at all."""

    answers: dict[int, object] = field(default_factory=dict)
    problems: dict[int, list[Problem]] = field(default_factory=dict)
    empty: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.empty


def check_sheet(specs: Iterable[QuestionSpec], form: FormValues, locality_ids: Iterable[int] = ()) -> Sheet:
    """Parse and check one paper sheet given as form values (field name -> list of strings)."""
    specs = paper_specs(specs)
    answers, problems = parse_answers(specs, form, locality_ids)
    for spec in specs:
        if spec.id in answers or spec.id in problems or spec.show_if_question_id is None:
            continue
        # A question skipped by parse_answers because of its condition, although something was entered.
        if spec.show_if_question_id not in problems and not is_visible(spec, answers) and has_values(spec, form):
            problems[spec.id] = [Problem.of(CONDITION_NOT_MET, question=spec.show_if_question_id)]
    return Sheet(answers, problems, empty=not answers and not problems)


def first_field(spec: QuestionSpec, problem: Problem) -> str:
    """The form field (or CSV column) a problem belongs to."""
    return problem.field or spec.field_names()[0]

