"""Reading and checking a resident's answers: plain data in, plain data out, no Flask.

The same rules serve the web form, paper entry and imports. Form values are kept exactly as
entered (field name -> list of strings) until the survey is submitted, so going back and forth
never loses anything; `parse_question` turns them into answer values or error codes.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NO_ANSWER = "na"  # the form value of "keine Angabe"

#: Longest text accepted when a question sets no limit of its own.
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}
MAX_NUMBER_INPUT = 20

FormValues = Mapping[str, list[str]]


@dataclass(frozen=True)
class QuestionSpec:
    """What validation needs to know of a question."""

    id: int
    kind: str
    required: bool = False
    option_ids: tuple[int, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_choices: int | None = None
    allow_no_answer: bool = False
    max_length: int | None = None
    show_if_question_id: int | None = None
    show_if_option_ids: frozenset[int] = frozenset()

    @property
    def name(self) -> str:
        return f"q{self.id}"

    def item_name(self, item_id: int) -> str:
        return f"q{self.id}_{item_id}"

    def place_name(self, place: int) -> str:
        return f"q{self.id}_place{place}"

    @property
    def places(self) -> int:
        """Ranking: how many places are given (top-N, or all options)."""
        count = len(self.option_ids)
        return min(self.max_choices, count) if self.max_choices else count

    @property
    def text_limit(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.kind, 200)

    def field_names(self) -> list[str]:
        if self.kind == "matrix":
            return [self.item_name(item) for item in self.option_ids]
        if self.kind == "ranking":
            return [self.place_name(place) for place in range(1, self.places + 1)]
        return [self.name]


@dataclass(frozen=True)
class Problem:
    """An error code with its parameters; the view turns it into words in the resident's language."""

    code: str
    params: tuple[tuple[str, object], ...] = ()
    #: The form field the message belongs to (a matrix row, a ranking place), else the question's.
    field: str | None = None

    @classmethod
    def of(cls, code: str, field: str | None = None, **params: object) -> "Problem":
        return cls(code, tuple(sorted(params.items())), field)


@dataclass
class Parsed:
    """The answer to one question: `value` is None when the question was left empty."""

    value: object = None
    problems: list[Problem] = field(default_factory=list)


def _values(form: FormValues, name: str) -> list[str]:
    return [value.strip() for value in form.get(name, []) if value is not None and value.strip() != ""]


def _one(form: FormValues, name: str) -> str | None:
    values = _values(form, name)
    return values[0] if values else None


def _as_int(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _choice(text: str | None, allowed: Iterable[int]) -> int | None:
    number = _as_int(text) if text is not None else None
    return number if number is not None and number in allowed else None


def parse_number(text: str) -> float | None:
    """Read "12", "3,5" or "3.5"; None when it is no finite number."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned or len(cleaned) > MAX_NUMBER_INPUT:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() else number


def _parse_scale_value(text: str | None, spec: QuestionSpec) -> tuple[object, str | None]:
    if text is None:
        return None, None
    if text == NO_ANSWER and spec.allow_no_answer:
        return NO_ANSWER, None
    number = _as_int(text)
    if number is None or not (spec.min_value <= number <= spec.max_value):
        return None, "invalid_choice"
    return number, None


def _parse_single(form: FormValues, spec: QuestionSpec, allowed: Iterable[int]) -> Parsed:
    text = _one(form, spec.name)
    if text is None:
        return Parsed()
    if text == NO_ANSWER and spec.allow_no_answer:
        return Parsed(NO_ANSWER)
    choice = _choice(text, allowed)
    return Parsed(choice) if choice is not None else Parsed(problems=[Problem.of("invalid_choice")])


def _parse_multiple(form: FormValues, spec: QuestionSpec) -> Parsed:
    texts = _values(form, spec.name)
    chosen = []
    for text in texts:
        choice = _choice(text, spec.option_ids)
        if choice is None:
            return Parsed(problems=[Problem.of("invalid_choice")])
        if choice not in chosen:
            chosen.append(choice)
    if spec.max_choices and len(chosen) > spec.max_choices:
        return Parsed(chosen, [Problem.of("too_many", max=spec.max_choices)])
    return Parsed(chosen or None)


def _parse_matrix(form: FormValues, spec: QuestionSpec) -> Parsed:
    rows: dict[int, object] = {}
    problems = []
    for item in spec.option_ids:
        value, error = _parse_scale_value(_one(form, spec.item_name(item)), spec)
        if error:
            problems.append(Problem.of(error, field=spec.item_name(item)))
        elif value is not None:
            rows[item] = value
    if spec.required and not problems and rows and len(rows) < len(spec.option_ids):
        missing = [item for item in spec.option_ids if item not in rows]
        problems.extend(Problem.of("row_missing", field=spec.item_name(item)) for item in missing)
    return Parsed(rows or None, problems)


def _parse_ranking(form: FormValues, spec: QuestionSpec) -> Parsed:
    ranked: list[int | None] = []
    for place in range(1, spec.places + 1):
        text = _one(form, spec.place_name(place))
        if text is None:
            ranked.append(None)
            continue
        choice = _choice(text, spec.option_ids)
        if choice is None:
            return Parsed(problems=[Problem.of("invalid_choice", field=spec.place_name(place))])
        ranked.append(choice)
    filled = [choice for choice in ranked if choice is not None]
    if not filled:
        return Parsed()
    if len(set(filled)) != len(filled):
        return Parsed(problems=[Problem.of("ranking_duplicate")])
    first_gap = ranked.index(None) if None in ranked else len(ranked)
    if any(choice is not None for choice in ranked[first_gap:]):
        return Parsed(problems=[Problem.of("ranking_gap")])
    if spec.required and len(filled) < spec.places:
        return Parsed(problems=[Problem.of("ranking_incomplete", places=spec.places)])
    return Parsed(filled)


def _parse_number(form: FormValues, spec: QuestionSpec) -> Parsed:
    text = _one(form, spec.name)
    if text is None:
        return Parsed()
    number = parse_number(text)
    if number is None:
        return Parsed(problems=[Problem.of("not_a_number")])
    low, high = spec.min_value, spec.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        return Parsed(problems=[Problem.of("out_of_range", min=low, max=high)])
    return Parsed(number)


def _parse_text(form: FormValues, spec: QuestionSpec) -> Parsed:
    raw = form.get(spec.name) or [""]
    text = (raw[0] or "").replace("\r\n", "\n").strip()
    if not text:
        return Parsed()
    if "\x00" in text:
        return Parsed(problems=[Problem.of("invalid_text")])
    if len(text) > spec.text_limit:
        return Parsed(problems=[Problem.of("too_long", max=spec.text_limit, length=len(text))])
    return Parsed(text)


def parse_question(spec: QuestionSpec, form: FormValues, locality_ids: Iterable[int] = ()) -> Parsed:
    """Read one question's answer from the form values and check it, including "required"."""
    kind = spec.kind
    if kind in ("single", "demographic"):
        parsed = _parse_single(form, spec, spec.option_ids)
    elif kind == "locality":
        parsed = _parse_single(form, spec, tuple(locality_ids))
    elif kind == "scale":
        value, error = _parse_scale_value(_one(form, spec.name), spec)
        parsed = Parsed(value, [Problem.of(error)] if error else [])
    elif kind == "multiple":
        parsed = _parse_multiple(form, spec)
    elif kind == "matrix":
        parsed = _parse_matrix(form, spec)
    elif kind == "ranking":
        parsed = _parse_ranking(form, spec)
    elif kind == "number":
        parsed = _parse_number(form, spec)
    elif kind in ("short_text", "long_text"):
        parsed = _parse_text(form, spec)
    else:
        raise ValueError(f"unknown question kind {kind!r}")
    if spec.required and parsed.value is None and not parsed.problems:
        parsed.problems.append(Problem.of("required"))
    return parsed


def is_visible(spec: QuestionSpec, answers: Mapping[int, object]) -> bool:
    """Show-if: a conditional question is shown only when its earlier question has a matching answer."""
    if spec.show_if_question_id is None:
        return True
    given = answers.get(spec.show_if_question_id)
    chosen = set(given) if isinstance(given, list) else {given}
    return bool(chosen & spec.show_if_option_ids)


def parse_answers(
    specs: Iterable[QuestionSpec], form: FormValues, locality_ids: Iterable[int] = ()
) -> tuple[dict[int, object], dict[int, list[Problem]]]:
    """Parse questions in order, skipping those hidden by show-if; return (answers, problems by question)."""
    locality_ids = tuple(locality_ids)
    answers: dict[int, object] = {}
    problems: dict[int, list[Problem]] = {}
    for spec in specs:
        if not is_visible(spec, answers):
            continue
        parsed = parse_question(spec, form, locality_ids)
        if parsed.problems:
            problems[spec.id] = parsed.problems
        elif parsed.value is not None:
            answers[spec.id] = parsed.value
    return answers, problems


def keep_fields(specs: Iterable[QuestionSpec], form: FormValues) -> dict[str, list[str]]:
    """The form values that belong to these questions, capped in count and length, to keep in a draft."""
    kept: dict[str, list[str]] = {}
    for spec in specs:
        limit = spec.text_limit * 2 if spec.kind in ("short_text", "long_text") else 40
        for name in spec.field_names():
            values = [value[:limit] for value in form.get(name, [])][: max(len(spec.option_ids), 1)]
            if values:
                kept[name] = values
    return kept


@dataclass(frozen=True)
class AnswerRow:
    """One stored answer value (see the Answer model)."""

    question_id: int
    option_id: int | None = None
    locality_id: int | None = None
    number_value: float | None = None
    text_value: str | None = None
    abstained: bool = False


def answer_rows(specs: Iterable[QuestionSpec], answers: Mapping[int, object]) -> list[AnswerRow]:
    """Turn parsed answers into the rows stored for a response: one per chosen option, item or place."""
    rows: list[AnswerRow] = []
    for spec in specs:
        value = answers.get(spec.id)
        if value is None:
            continue
        qid = spec.id
        if value == NO_ANSWER:
            rows.append(AnswerRow(qid, abstained=True))
        elif spec.kind in ("single", "demographic"):
            rows.append(AnswerRow(qid, option_id=value))
        elif spec.kind == "locality":
            rows.append(AnswerRow(qid, locality_id=value))
        elif spec.kind == "multiple":
            rows.extend(AnswerRow(qid, option_id=option) for option in value)
        elif spec.kind == "matrix":
            rows.extend(
                AnswerRow(qid, option_id=item, abstained=True)
                if scale == NO_ANSWER
                else AnswerRow(qid, option_id=item, number_value=scale)
                for item, scale in value.items()
            )
        elif spec.kind == "ranking":
            rows.extend(AnswerRow(qid, option_id=option, number_value=place) for place, option in enumerate(value, 1))
        elif spec.kind in ("scale", "number"):
            rows.append(AnswerRow(qid, number_value=value))
        else:
            rows.append(AnswerRow(qid, text_value=value))
    return rows
