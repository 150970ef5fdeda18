"""SQL GROUP BY counting agrees with a plain recount of the stored rows, on SQLite and PostgreSQL."""

from collections import Counter

from sqlalchemy import select

from participation.demo.responses import add_random_responses
from participation.extensions import db
from participation.results.aggregate import LOCALITY, count_survey, demographic_dimension
from participation.surveys.queries import get_plan
from participation.surveys.records import Answer, Response
from tests.publication.survey import DAY, localities, make_survey, questions


def _recount(survey_id: int, demographic_id: int):
    """The same counts, the slow way: every row read into Python."""
    responses = {r.id: r for r in db.session.scalars(select(Response).where(Response.survey_id == survey_id))}
    answers = [a for a in db.session.scalars(select(Answer)) if a.response_id in responses]
    age = {a.response_id: a.option_id for a in answers if a.question_id == demographic_id and not a.abstained}
    levels = {
        LOCALITY: lambda response_id: responses[response_id].locality_id,
        demographic_dimension(demographic_id): lambda response_id: age.get(response_id),
    }
    expected = {}
    for name, level_of in levels.items():
        values, answered, respondents = Counter(), Counter(), Counter()
        seen = set()
        for a in answers:
            key = (a.question_id, a.option_id, a.locality_id, a.number_value, a.abstained, a.text_value is not None)
            values[(level_of(a.response_id), key)] += 1
            if (a.response_id, a.question_id) not in seen:
                seen.add((a.response_id, a.question_id))
                answered[(level_of(a.response_id), a.question_id)] += 1
        for response_id in responses:
            respondents[level_of(response_id)] += 1
        expected[name] = (values, answered, respondents)
    return expected


def test_sql_counts_equal_a_recount_of_every_row(app, demo):
    survey = make_survey()
    weights = {locality_id: 1 + index for index, locality_id in enumerate(localities().values())}
    add_random_responses(get_plan(survey), 150, seed=7, locality_weights=weights, day=DAY)
    db.session.commit()
    demographic_id = questions(survey)["demographic"].id

    counted = count_survey(survey.id, [demographic_id])
    expected = _recount(survey.id, demographic_id)

    for name, (values, answered, respondents) in expected.items():
        dimension = counted.dimensions[name]
        got_values = Counter({(level, key): c for level, rows in dimension.values.items() for key, c in rows.items()})
        got_answered = Counter({(level, q): c for level, rows in dimension.answered.items() for q, c in rows.items()})
        assert got_values == values
        assert got_answered == answered
        assert Counter(dimension.respondents) == respondents
    assert sum(counted.town.respondents.values()) == 150


def test_counting_an_empty_survey_gives_empty_counts(app, demo):
    survey = make_survey()
    counted = count_survey(survey.id, [questions(survey)["demographic"].id])
    assert all(not dimension.respondents for dimension in counted.dimensions.values())
