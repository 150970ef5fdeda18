"""The pure parts: paper rules and CSV reading, without an app."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from participation.paper import csvfile
from participation.paper.rules import CONDITION_NOT_MET, check_sheet
from participation.surveys.answering import NO_ANSWER, QuestionSpec, parse_answers

LOCALITIES = (7, 8, 9)
SPECS = (
    QuestionSpec(1, "locality", required=True),
    QuestionSpec(2, "single", required=True, option_ids=(21, 22, 23)),
    QuestionSpec(3, "scale", required=True, min_value=1, max_value=5, allow_no_answer=True,
                 show_if_question_id=2, show_if_option_ids=frozenset({21, 22})),
    QuestionSpec(4, "multiple", option_ids=(41, 42, 43, 44), max_choices=2),
    QuestionSpec(5, "matrix", required=True, option_ids=(51, 52), min_value=1, max_value=3, allow_no_answer=True),
    QuestionSpec(6, "ranking", option_ids=(61, 62, 63), max_choices=2),
    QuestionSpec(7, "number", min_value=0, max_value=20),
    QuestionSpec(8, "long_text", max_length=50),
    QuestionSpec(9, "demographic", option_ids=(91, 92), allow_no_answer=True),
)


def test_nothing_is_required_on_paper():
    sheet = check_sheet(SPECS, {"q7": ["3"]}, LOCALITIES)
    assert sheet.ok and sheet.answers == {7: 3}
    web_answers, web_problems = parse_answers(SPECS, {"q7": ["3"]}, LOCALITIES)
    assert web_problems  # the same answers fail on the web, where questions are required


def test_an_empty_sheet_is_not_ok():
    sheet = check_sheet(SPECS, {"q8": ["  "], "q4": []}, LOCALITIES)
    assert sheet.empty and not sheet.ok and not sheet.problems


def test_an_answer_against_its_condition_is_reported_not_dropped():
    sheet = check_sheet(SPECS, {"q2": ["23"], "q3": ["4"]}, LOCALITIES)
    assert [problem.code for problem in sheet.problems[3]] == [CONDITION_NOT_MET]
    assert dict(sheet.problems[3][0].params) == {"question": 2}
    assert check_sheet(SPECS, {"q2": ["21"], "q3": ["4"]}, LOCALITIES).answers == {2: 21, 3: 4}
    # When the earlier answer is itself wrong, only that one is reported.
    sheet = check_sheet(SPECS, {"q2": ["99"], "q3": ["4"]}, LOCALITIES)
    assert set(sheet.problems) == {2}


def test_the_answering_rules_still_apply():
    sheet = check_sheet(SPECS, {"q4": ["41", "42", "43"], "q6_place2": ["61"], "q7": ["21"]}, LOCALITIES)
    assert {qid: [p.code for p in items] for qid, items in sheet.problems.items()} == {
        4: ["too_many"], 6: ["ranking_gap"], 7: ["out_of_range"]
    }


def test_cells_become_the_form_values_of_the_web_form():
    spec = {spec.id: spec for spec in SPECS}
    assert csvfile.cell_values(spec[2], " 2 ", LOCALITIES) == ["22"]
    assert csvfile.cell_values(spec[2], "4", LOCALITIES) == [csvfile.INVALID]
    assert csvfile.cell_values(spec[2], "0", LOCALITIES) == [csvfile.INVALID]
    assert csvfile.cell_values(spec[2], "22", LOCALITIES) == [csvfile.INVALID]  # an option id is no number
    assert csvfile.cell_values(spec[2], "٢", LOCALITIES) == [csvfile.INVALID]
    assert csvfile.cell_values(spec[1], "3", LOCALITIES) == ["9"]
    assert csvfile.cell_values(spec[4], "1+3", LOCALITIES) == ["41", "43"]
    assert csvfile.cell_values(spec[4], "1, 4", LOCALITIES) == ["41", "44"]
    assert csvfile.cell_values(spec[9], "k.A.", LOCALITIES) == [NO_ANSWER]
    assert csvfile.cell_values(spec[3], "NA", LOCALITIES) == [NO_ANSWER]
    assert csvfile.cell_values(spec[3], "4", LOCALITIES) == ["4"]
    assert csvfile.cell_values(spec[6], "3", LOCALITIES) == ["63"]
    assert csvfile.cell_values(spec[7], "3,5", LOCALITIES) == ["3,5"]
    assert csvfile.cell_values(spec[8], "", LOCALITIES) == []


def file_of(rows: list[list[str]], delimiter=";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


COLUMNS = csvfile.column_names(SPECS)


def test_the_template_has_one_column_per_field():
    assert COLUMNS == ["q1", "q2", "q3", "q4", "q5_51", "q5_52", "q6_place1", "q6_place2", "q7", "q8", "q9"]
    assert csvfile.template_csv(SPECS) == "\ufeff" + ";".join(COLUMNS) + "\r\n"


def test_line_numbers_count_as_a_spreadsheet_does():
    row = {name: "" for name in COLUMNS}
    good = [{**row, "q2": "1", "q8": "zwei\nZeilen"}, {**row, "q7": "99"}]
    data = b"\xef\xbb\xbf" + file_of([[name.upper() for name in COLUMNS], [""] * len(COLUMNS)] + [[r[c] for c in COLUMNS] for r in good])
    result = csvfile.check_file(data, SPECS, LOCALITIES)
    assert result.rows == 2 and len(result.sheets) == 1
    [problem] = result.problems
    assert (problem.row, problem.column, problem.problem.code, problem.value) == (4, "q7", "out_of_range", "99")


def test_file_problems():
    check = lambda data: [(p.row, p.column, p.problem.code) for p in csvfile.check_file(data, SPECS, LOCALITIES).problems]
    assert check(b"") == [(0, None, "empty_file")]
    assert check(b"\r\n\r\n") == [(0, None, "empty_file")]
    assert check(b";;;\r\n1;2;3;4\r\n") == [(1, None, "empty_header")]
    assert check(file_of([COLUMNS])) == [(1, None, "no_rows")]
    assert check(b"q1\r\n1\r\n") == [(1, "q1", "one_column")]
    assert check("q1;q2\r\n1;\xe4\r\n".encode("cp1252")) == [(2, None, "not_utf8")]
    assert check(b"q1;q2\x00\r\n") == [(0, None, "not_text")]
    assert check(file_of([COLUMNS, ['"1'] + [""] * 10]).replace(b'""1', b'"1')) == [(2, None, "malformed")]
    assert check(file_of([COLUMNS, ["1"] * 12])) == [(2, None, "cell_count")]
    header = ["q1", "q1", "", "x"] + COLUMNS[2:]
    assert check(file_of([header, ["1"] * len(header)])) == [
        (1, "q1", "duplicate_column"), (1, None, "unnamed_column"), (1, "x", "unknown_column"), (1, "q2", "missing_column")
    ]
    many = file_of([COLUMNS] + [["1"] + [""] * 10] * 4)
    assert [p.problem.code for p in csvfile.check_file(many, SPECS, LOCALITIES, max_rows=3).problems] == ["too_many_rows"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(alphabet=';,"\r\n q1234567890_placena+', max_size=300).map(str.encode))
def test_any_bytes_give_problems_or_sheets_never_an_exception(data):
    result = csvfile.check_file(data, SPECS, LOCALITIES)
    assert result.ok or result.problems


answers = st.fixed_dictionaries(
    {},
    optional={
        "q1": st.sampled_from(["1", "2", "3"]),
        "q2": st.sampled_from(["1", "2"]),
        "q3": st.sampled_from(["1", "5", "na"]),
        "q4": st.sampled_from(["1", "2+4", "3+1"]),
        "q5_51": st.sampled_from(["1", "3", "na"]),
        "q6_place1": st.sampled_from(["1", "3"]),
        "q7": st.sampled_from(["0", "20", "3,5"]),
        "q8": st.text(alphabet="abc ;,\"\n", min_size=1, max_size=20).filter(str.strip),
        "q9": st.sampled_from(["2", "na"]),
    },
)


def typed_in(row: dict[str, str]) -> dict[str, list[str]]:
    """The web form's values for a CSV row, mapped by hand: option numbers to option ids."""
    options = {"q1": LOCALITIES, "q2": (21, 22, 23), "q4": (41, 42, 43, 44), "q6_place1": (61, 62, 63), "q9": (91, 92)}
    form = {}
    for name, cell in row.items():
        if name in options:
            form[name] = [cell if cell == "na" else str(options[name][int(n) - 1]) for n in cell.split("+")]
        else:
            form[name] = [cell]
    return form


@settings(max_examples=100, deadline=None)
@given(st.lists(answers, min_size=1, max_size=5), st.sampled_from([";", ","]))
def test_a_file_yields_exactly_what_the_same_sheets_typed_in_yield(rows, delimiter):
    rows = [row for row in rows if row]
    data = file_of([COLUMNS] + [[row.get(column, "") for column in COLUMNS] for row in rows], delimiter)
    result = csvfile.check_file(data, SPECS, LOCALITIES)
    if not rows:
        assert [p.problem.code for p in result.problems] == ["no_rows"]
        return
    expected = [check_sheet(SPECS, typed_in(row), LOCALITIES) for row in rows]
    assert result.sheets == [sheet.answers for sheet in expected if sheet.ok]
    assert len(result.sheets) + len({p.row for p in result.problems}) == len(rows)
