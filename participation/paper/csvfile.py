"""Paper responses from a CSV file (a scanning service's export, a spreadsheet): no Flask.

The format, explained on the import page with a template holding the header line:

- UTF-8 (with or without byte order mark); separated by ";" or "," (taken from the header line);
- the first line names the columns: one per form field of the survey, QuestionSpec.field_names()
  (e.g. q12; q13_45 for a row of a matrix; q14_place1 for the first place of a ranking), in any order;
- one line per paper sheet. Choice questions hold the number of the ticked option as printed
  (1 = first option), a multiple choice several numbers joined by "+" (e.g. 1+4), a locality its
  number in the list on the import page, a scale or matrix row the scale value, "keine Angabe" is
  na; numbers and texts as written; an empty cell is an unanswered question.

Each line is turned into the same form values (field name -> list of strings) the web form posts
and checked by rules.check_sheet, so a file is validated by the very code that validates the web.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from participation.paper.rules import check_sheet, first_field
from participation.surveys.answering import NO_ANSWER, Problem, QuestionSpec

#: Lines with answers per file: a town's paper returns come in batches of hundreds.
MAX_ROWS = 2000
#: Accepted for "keine Angabe" besides "na" (compared in lower case).
NO_ANSWER_WORDS = frozenset({NO_ANSWER, "k.a.", "k. a.", "ka", "keine angabe"})
#: Between the option numbers of a multiple choice: "+" as documented; spaces, "," and "|" also work.
LIST_SEPARATORS = re.compile(r"[+\s,;|/]+")
#: Put in place of a value that names no option: never a valid form value, so parse_answers rejects it.
INVALID = "?"
#: Question kinds whose cells hold option numbers (one per cell).
OPTION_KINDS = ("single", "demographic", "ranking")
TEXT_KINDS = ("short_text", "long_text")
HEADER_ROW = 1


@dataclass(frozen=True)
class RowProblem:
    """One entry of the error report."""

    #: The line of the file as a spreadsheet counts it: 1 is the header line.
    row: int
    #: The column (a form field name), or None for the whole line or file.
    column: str | None
    problem: Problem
    question_id: int | None = None
    #: What the cell held, for choice and number columns (free texts are not repeated).
    value: str = ""


@dataclass
class ImportCheck:
    """The result of checking a whole file: answers of every good line, and every problem."""

    problems: list[RowProblem] = field(default_factory=list)
    sheets: list[dict[int, object]] = field(default_factory=list)
    #: Lines with answers (blank lines are not counted).
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.sheets)


class CsvFileError(Exception):
    def __init__(self, code: str, row: int | None = None, **params: object):
        super().__init__(code)
        self.report = RowProblem(row or 0, None, Problem.of(code, **params))


def column_names(specs: Iterable[QuestionSpec]) -> list[str]:
    """The header line of the template: every form field of the survey, in survey order."""
    return [name for spec in specs for name in spec.field_names()]


def template_csv(specs: Iterable[QuestionSpec]) -> str:
    """A template file: the byte order mark (so spreadsheet programs read UTF-8) and the header line."""
    return "\ufeff" + ";".join(column_names(specs)) + "\r\n"


def decode(data: bytes) -> str:
    if not data.strip():
        raise CsvFileError("empty_file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError("not_utf8", row=data[: error.start].count(b"\n") + 1) from None
    if "\x00" in text:
        raise CsvFileError("not_text")
    return text


def delimiter_of(text: str) -> str:
    header = text.split("\n", 1)[0]
    return "," if header.count(",") > header.count(";") else ";"


def read_table(text: str, max_rows: int = MAX_ROWS) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header names (lower case, trimmed) and the non-blank lines with their line numbers."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text), strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                if not any(header):
                    raise CsvFileError("empty_header", row=number)
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                raise CsvFileError("too_many_rows", row=number, max=max_rows)
            rows.append((number, cells))
    except csv.Error:
        raise CsvFileError("malformed", row=number + 1) from None
    if header is None:
        raise CsvFileError("empty_file")
    return header, rows


def check_header(header: Sequence[str], expected: Sequence[str]) -> list[RowProblem]:
    """Every expected column exactly once, nothing else; the report names each wrong column."""
    if len(header) == 1 and len(expected) > 1:
        return [RowProblem(HEADER_ROW, header[0] or None, Problem.of("one_column"))]
    problems = []
    seen = set()
    known = set(expected)
    for index, name in enumerate(header, 1):
        if not name:
            problems.append(RowProblem(HEADER_ROW, None, Problem.of("unnamed_column", position=index)))
        elif name in seen:
            problems.append(RowProblem(HEADER_ROW, name, Problem.of("duplicate_column")))
        elif name not in known:
            problems.append(RowProblem(HEADER_ROW, name, Problem.of("unknown_column")))
        seen.add(name)
    problems += [RowProblem(HEADER_ROW, name, Problem.of("missing_column")) for name in expected if name not in seen]
    return problems


def _option(token: str, option_ids: Sequence[int]) -> str:
    """The form value for an option number as printed (1 = first), "keine Angabe", or INVALID."""
    token = token.strip()
    if token.lower() in NO_ANSWER_WORDS:
        return NO_ANSWER
    if token.isascii() and token.isdigit() and 1 <= int(token) <= len(option_ids):
        return str(option_ids[int(token) - 1])
    return INVALID


def cell_values(spec: QuestionSpec, cell: str, localities: Sequence[int]) -> list[str]:
    """The form values of one cell, as the web form would post them for this field."""
    if not cell.strip():
        return []
    if spec.kind in OPTION_KINDS:
        return [_option(cell, spec.option_ids)]
    if spec.kind == "locality":
        return [_option(cell, localities)]
    if spec.kind == "multiple":
        return [_option(token, spec.option_ids) for token in LIST_SEPARATORS.split(cell.strip()) if token]
    if spec.kind in ("scale", "matrix"):
        return [NO_ANSWER if cell.strip().lower() in NO_ANSWER_WORDS else cell.strip()]
    return [cell]


def check_file(
    data: bytes, specs: Iterable[QuestionSpec], localities: Sequence[int], max_rows: int = MAX_ROWS
) -> ImportCheck:
    """Check a whole file: header, then every line with the paper rules; nothing is stored here.

    `localities` are the locality ids in the order listed on the import page (1 = first).
    """
    specs = tuple(specs)
    try:
        header, rows = read_table(decode(data), max_rows)
    except CsvFileError as error:
        return ImportCheck([error.report])
    spec_of = {name: spec for spec in specs for name in spec.field_names()}
    by_id = {spec.id: spec for spec in specs}
    problems = check_header(header, list(spec_of))
    if problems:
        return ImportCheck(problems)
    if not rows:
        return ImportCheck([RowProblem(HEADER_ROW, None, Problem.of("no_rows"))])

    result = ImportCheck(rows=len(rows))
    for number, cells in rows:
        if len(cells) != len(header):
            problem = Problem.of("cell_count", found=len(cells), expected=len(header))
            result.problems.append(RowProblem(number, None, problem))
            continue
        row = dict(zip(header, cells))
        form = {name: cell_values(spec_of[name], cell, localities) for name, cell in row.items()}
        sheet = check_sheet(specs, form, localities)
        for question_id, items in sheet.problems.items():
            spec = by_id[question_id]
            for problem in items:
                column = first_field(spec, problem)
                value = "" if spec.kind in TEXT_KINDS else row.get(column, "").strip()[:40]
                result.problems.append(RowProblem(number, column, problem, question_id, value))
        if sheet.ok:
            result.sheets.append(sheet.answers)
    return result
