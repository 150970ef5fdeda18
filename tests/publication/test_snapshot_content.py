"""What a published snapshot holds: right numbers where shown, markers that name only thresholds,
small groups and small localities hidden, ranking gated per place, quotes only where allowed."""

import json

import pytest

from participation.extensions import db
from participation.results import services
from participation.results.models import Quote
from participation.results.tables import number_bins
from participation.surveys.answering import NO_ANSWER
from tests.publication.survey import answer_many, localities, make_survey, questions

MARKERS = {None, "fewer_than_min_cell", "fewer_than_min_group", "protected"}


def _publish(survey):
    services.close_survey(survey)
    snapshot = services.publish_results(survey)
    db.session.commit()
    return snapshot.data


def _question(data, kind):
    return next(q for q in data["questions"] if q["kind"] == kind)


def _group(table, key):
    return next(g for g in table["groups"] if g["key"] == key)


def _cells(table, key):
    group = _group(table, key)
    return {c["key"]: cell for c, cell in zip(table["categories"], group["cells"], strict=True)}


@pytest.fixture
def town_survey(app, demo):
    """60 in the core town, 25 in Elbeu (all DSL: larger than HOMOGENEITY_GROUP), 12 in Farsleben
    (all cable: homogeneous and small), 3 in Mose."""
    survey = make_survey()
    answer_many(survey, 30, "wolmirstedt", single=0, multiple=[0], scale=4, ranking=[0, 1], number=2,
                matrix=[1, 2], short_text="Termine online", demographic=0)
    answer_many(survey, 27, "wolmirstedt", single=2, multiple=[0, 1], scale=2, ranking=[1, 2], number=12,
                matrix=[3, NO_ANSWER], demographic=1)
    answer_many(survey, 3, "wolmirstedt", single=1, multiple=[2], scale=4, ranking=[2, 0], number=0,
                matrix=[2, 2], demographic=2)
    answer_many(survey, 25, "elbeu", single=0, multiple=[1], scale=3, ranking=[0, 2], number=3, matrix=[1, 1],
                short_text="Glasfaser", demographic=1)
    answer_many(survey, 12, "farsleben", single=1, multiple=[0], scale=3, ranking=[1, 0], number=4,
                matrix=[2, 3], demographic=0)
    answer_many(survey, 3, "mose", single=2, multiple=[2], scale=3, ranking=[2, 1], number=1, matrix=[3, 3],
                demographic=2)
    return survey


def test_shown_counts_are_true_and_markers_name_only_thresholds(town_survey):
    data = _publish(town_survey)
    json.dumps(data)  # plain JSON all the way down
    single = _question(data, "single")["tables"][0]
    town = _cells(single, "town")
    # DSL 30 + 25, cable 3 + 12, fibre 27 + 3: all large enough for the town.
    assert [town[k]["count"] for k in town] == [55, 15, 30]
    assert _group(single, "town")["n"] == 100
    for question in data["questions"]:
        for table in question["tables"]:
            for group in table["groups"]:
                assert group["marker"] in MARKERS and group["n_marker"] in MARKERS
                for cell in group["cells"]:
                    assert cell["marker"] in MARKERS
                    assert (cell["count"] is None) == (cell["marker"] is not None or group["marker"] is not None)


def test_small_localities_show_nothing_and_homogeneous_groups_look_like_any_protection(town_survey):
    data = _publish(town_survey)
    single = _question(data, "single")["tables"][0]
    mose = _group(single, "locality:mose")
    assert mose["n"] is None and mose["n_marker"] == "fewer_than_min_group"
    assert all(cell["count"] is None for cell in mose["cells"])
    # Farsleben: 12 people, all with cable. Saying "homogeneous" would tell what each of them has.
    farsleben = _group(single, "locality:farsleben")
    assert farsleben["marker"] == "protected"
    assert all(cell["count"] is None for cell in farsleben["cells"])
    assert "homogeneous" not in json.dumps(data)
    # Elbeu: 25 people all with DSL is above HOMOGENEITY_GROUP; its size is shown. (Its counts may
    # be hidden anyway, so that town minus the shown localities does not give Farsleben and Mose.)
    assert _group(single, "locality:elbeu")["n"] == 25


def test_locality_counts_are_held_to_the_group_threshold(town_survey):
    data = _publish(town_survey)
    respondents = _cells(data["respondents"], "town")
    assert respondents["wolmirstedt"]["count"] == 60
    assert respondents["mose"]["count"] is None
    assert respondents["mose"]["marker"] == "fewer_than_min_group"
    locality_question = _cells(_question(data, "locality")["tables"][0], "town")
    assert locality_question["mose"]["count"] is None


def test_tables_per_kind(town_survey):
    data = _publish(town_survey)
    q = questions(town_survey)
    multiple = _question(data, "multiple")
    assert [t["measure"] for t in multiple["tables"]] == ["share"] * 3
    first = _cells(multiple["tables"][0], "town")
    assert (first["chosen"]["count"], first["not_chosen"]["count"]) == (69, 31)
    matrix = _question(data, "matrix")
    assert len(matrix["tables"]) == 2 and matrix["scale"]["min"] == 1
    number = _question(data, "number")["tables"][0]
    assert [c["key"] for c in number["categories"]] == [b.key for b in number_bins(0, 20)]
    text = _cells(_question(data, "short_text")["tables"][0], "town")
    assert (text["answered"]["count"], text["not_answered"]["count"]) == (55, 45)
    ranking = _question(data, "ranking")
    assert [t["measure"] for t in ranking["tables"]] == ["places"] * 3
    phone = _group(ranking["tables"][0], "town")
    # Telefon: first for 30 + 25, second for 3 + 12, not ranked by 27 + 3.
    # Shown counts are true; "not ranked" and the points are derived only from shown counts.
    counts = [cell["count"] for cell in phone["cells"]]
    assert counts[0] == 55 and counts[1] in (15, None) and counts[2] in (30, None)
    if None in counts[:2]:
        assert counts[2] is None and phone["mean"] is None
    else:
        assert phone["mean"] == pytest.approx((55 * 2 + 15 * 1) / 100, abs=0.01)
    assert ranking["tables"][0]["label"]["de"] == q["ranking"].options[0].label


def test_no_answer_text_reaches_the_snapshot_except_chosen_quotes(town_survey):
    q = questions(town_survey)
    ids = localities()
    db.session.add(Quote(survey_id=town_survey.id, question_id=q["short_text"].id, locality_id=None, text="Termine online"))
    db.session.add(Quote(survey_id=town_survey.id, question_id=q["short_text"].id, locality_id=ids["elbeu"], text="Glasfaser"))
    db.session.add(Quote(survey_id=town_survey.id, question_id=q["short_text"].id, locality_id=ids["mose"], text="Mose!"))
    db.session.commit()
    data = _publish(town_survey)
    quotes = {quote["text"]: quote["group"] for quote in _question(data, "short_text")["quotes"]}
    # Elbeu has 25 text answers: a quote may stand for it. Mose has none: its quote stands for the town.
    assert quotes == {"Termine online": "town", "Glasfaser": "locality:elbeu", "Mose!": "town"}
    assert json.dumps(data).count("Termine online") == 1


def test_a_survey_without_answers_publishes_only_markers(app, demo):
    survey = make_survey()
    data = _publish(survey)
    assert _group(data["respondents"], "town")["n_marker"] == "fewer_than_min_group"
    assert all(
        cell["count"] is None
        for question in data["questions"]
        for table in question["tables"]
        for group in table["groups"]
        for cell in group["cells"]
    )


def test_means_and_medians_where_nothing_small_hides_behind_them(app, demo):
    survey = make_survey()
    for scale, count in ((2, 20), (3, 15), (5, 25)):
        answer_many(survey, count, "wolmirstedt", scale=scale, demographic=0)
    for scale, count in ((1, 10), (4, 15)):
        answer_many(survey, count, "elbeu", scale=scale, demographic=1)
    table = _question(_publish(survey), "scale")["tables"][0]
    town = _group(table, "town")
    assert town["mean"] == pytest.approx((2 * 20 + 3 * 15 + 5 * 25 + 1 * 10 + 4 * 15) / 85, abs=0.01)
    assert town["median"] == "v3"  # 10 + 20 + 15 = 45 of 85 answers are 3 or less
    assert _group(table, "locality:elbeu")["mean"] == pytest.approx((10 + 60) / 25, abs=0.01)
    assert _group(table, "locality:elbeu")["median"] == "v4"


def _breakdown_keys(data, kind):
    return {group["key"].split(":")[0] for group in _question(data, kind)["tables"][0]["groups"]}


def test_cross_tables_of_two_groups_only_where_every_locality_is_large(app, demo):
    """PRIVACY §4: age × locality only where every locality that took part has 20 respondents;
    two demographics are never crossed; other questions get one-way breakdowns by each."""
    survey = make_survey()
    answer_many(survey, 30, "wolmirstedt", single=0, demographic=0)
    answer_many(survey, 15, "elbeu", single=1, demographic=1)
    data = _publish(survey)
    age = f"demo{questions(survey)['demographic'].id}"
    assert _breakdown_keys(data, "demographic") == {"town"}
    assert _breakdown_keys(data, "locality") == {"town"}
    assert _breakdown_keys(data, "single") == {"town", "locality", age}


def test_age_by_locality_is_published_where_every_locality_is_large(app, demo):
    survey = make_survey()
    answer_many(survey, 30, "wolmirstedt", single=0, demographic=0)
    answer_many(survey, 25, "elbeu", single=1, demographic=1)
    data = _publish(survey)
    age = f"demo{questions(survey)['demographic'].id}"
    assert _breakdown_keys(data, "demographic") == {"town", "locality"}
    assert _breakdown_keys(data, "locality") == {"town", age}
