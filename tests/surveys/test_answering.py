"""The pure rules for reading and checking answers (no app, no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from participation.surveys.answering import (
    NO_ANSWER,
    AnswerRow,
    QuestionSpec,
    answer_rows,
    is_visible,
    keep_fields,
    parse_answers,
    parse_number,
    parse_question,
)

SINGLE = QuestionSpec(id=1, kind="single", required=True, option_ids=(10, 11, 12))
MULTIPLE = QuestionSpec(id=2, kind="multiple", option_ids=(20, 21, 22, 23), max_choices=2)
SCALE = QuestionSpec(id=3, kind="scale", min_value=1, max_value=5, allow_no_answer=True)
MATRIX = QuestionSpec(id=4, kind="matrix", required=True, option_ids=(40, 41), min_value=1, max_value=5)
RANKING = QuestionSpec(id=5, kind="ranking", option_ids=(50, 51, 52, 53), max_choices=3)
NUMBER = QuestionSpec(id=6, kind="number", min_value=0, max_value=20)
SHORT = QuestionSpec(id=7, kind="short_text", max_length=10)
LOCALITY = QuestionSpec(id=8, kind="locality")
DEMOGRAPHIC = QuestionSpec(id=9, kind="demographic", option_ids=(90, 91), allow_no_answer=True)
CONDITIONAL = QuestionSpec(id=10, kind="long_text", show_if_question_id=1, show_if_option_ids=frozenset({11}))
ALL = [SINGLE, MULTIPLE, SCALE, MATRIX, RANKING, NUMBER, SHORT, LOCALITY, DEMOGRAPHIC, CONDITIONAL]


def codes(parsed):
    return [problem.code for problem in parsed.problems]


def test_single_choice():
    assert parse_question(SINGLE, {"q1": ["11"]}).value == 11
    assert codes(parse_question(SINGLE, {})) == ["required"]
    assert codes(parse_question(SINGLE, {"q1": ["99"]})) == ["invalid_choice"]
    assert codes(parse_question(SINGLE, {"q1": ["abc"]})) == ["invalid_choice"]


def test_multiple_choice_with_maximum():
    assert parse_question(MULTIPLE, {"q2": ["20", "22"]}).value == [20, 22]
    assert parse_question(MULTIPLE, {"q2": ["20", "20"]}).value == [20]
    assert codes(parse_question(MULTIPLE, {"q2": ["20", "21", "22"]})) == ["too_many"]
    assert parse_question(MULTIPLE, {}).value is None


def test_scale_with_no_answer():
    assert parse_question(SCALE, {"q3": ["5"]}).value == 5
    assert parse_question(SCALE, {"q3": [NO_ANSWER]}).value == NO_ANSWER
    assert codes(parse_question(SCALE, {"q3": ["6"]})) == ["invalid_choice"]
    assert codes(parse_question(SCALE, {"q3": ["0"]})) == ["invalid_choice"]


def test_matrix_rows():
    assert parse_question(MATRIX, {"q4_40": ["1"], "q4_41": ["5"]}).value == {40: 1, 41: 5}
    partly = parse_question(MATRIX, {"q4_40": ["1"]})
    assert codes(partly) == ["row_missing"]
    assert partly.problems[0].field == "q4_41"
    assert codes(parse_question(MATRIX, {})) == ["required"]
    assert codes(parse_question(MATRIX, {"q4_40": [NO_ANSWER], "q4_41": ["1"]})) == ["invalid_choice"]


def test_ranking_top_n():
    assert RANKING.places == 3
    assert parse_question(RANKING, {"q5_place1": ["52"], "q5_place2": ["50"]}).value == [52, 50]
    assert codes(parse_question(RANKING, {"q5_place1": ["52"], "q5_place2": ["52"]})) == ["ranking_duplicate"]
    assert codes(parse_question(RANKING, {"q5_place1": ["52"], "q5_place3": ["50"]})) == ["ranking_gap"]
    required = QuestionSpec(id=5, kind="ranking", option_ids=(50, 51), required=True)
    assert codes(parse_question(required, {"q5_place1": ["50"]})) == ["ranking_incomplete"]


def test_number_range_and_german_decimal_comma():
    assert parse_question(NUMBER, {"q6": ["3"]}).value == 3
    assert parse_question(NUMBER, {"q6": ["2,5"]}).value == 2.5
    assert codes(parse_question(NUMBER, {"q6": ["21"]})) == ["out_of_range"]
    assert codes(parse_question(NUMBER, {"q6": ["-1"]})) == ["out_of_range"]
    assert codes(parse_question(NUMBER, {"q6": ["drei"]})) == ["not_a_number"]
    assert parse_number("nan") is None and parse_number("inf") is None and parse_number("1e400") is None


def test_text_length_and_trimming():
    assert parse_question(SHORT, {"q7": ["  Hallo  "]}).value == "Hallo"
    assert codes(parse_question(SHORT, {"q7": ["x" * 11]})) == ["too_long"]
    assert codes(parse_question(SHORT, {"q7": ["a\x00b"]})) == ["invalid_text"]


def test_locality_accepts_known_localities_only():
    assert parse_question(LOCALITY, {"q8": ["3"]}, locality_ids=(1, 2, 3)).value == 3
    assert codes(parse_question(LOCALITY, {"q8": ["4"]}, locality_ids=(1, 2, 3))) == ["invalid_choice"]


def test_show_if_condition():
    assert not is_visible(CONDITIONAL, {1: 10})
    assert is_visible(CONDITIONAL, {1: 11})
    answers, problems = parse_answers([SINGLE, CONDITIONAL], {"q1": ["10"], "q10": ["hidden text"]})
    assert answers == {1: 10}
    assert problems == {}


def test_answer_rows_one_per_value():
    answers = {
        1: 11,
        2: [20, 21],
        3: NO_ANSWER,
        4: {40: 2, 41: 3},
        5: [52, 50],
        6: 2.5,
        7: "Hallo",
        8: 3,
        9: 90,
    }
    rows = answer_rows(ALL, answers)
    assert AnswerRow(1, option_id=11) in rows
    assert AnswerRow(3, abstained=True) in rows
    assert AnswerRow(4, option_id=41, number_value=3) in rows
    assert AnswerRow(5, option_id=50, number_value=2) in rows
    assert AnswerRow(8, locality_id=3) in rows
    assert AnswerRow(7, text_value="Hallo") in rows
    assert len(rows) == 12


def test_keep_fields_keeps_only_known_fields_and_caps_them():
    kept = keep_fields([SINGLE, SHORT], {"q1": ["10"], "q7": ["y" * 100], "evil": ["x"]})
    assert set(kept) == {"q1", "q7"}
    assert len(kept["q7"][0]) == 20


form_values = st.dictionaries(
    st.sampled_from([name for spec in ALL for name in spec.field_names()] + ["junk"]),
    st.lists(st.one_of(st.text(max_size=30), st.integers(-5, 100).map(str), st.just(NO_ANSWER)), max_size=5),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(form_values)
def test_any_input_gives_answers_or_problems_never_an_exception(form):
    answers, problems = parse_answers(ALL, form, locality_ids=(1, 2, 3))
    assert not set(answers) & set(problems)
    for spec in ALL:
        if spec.required and spec.id not in answers and is_visible(spec, answers):
            assert spec.id in problems
    answer_rows(ALL, answers)
