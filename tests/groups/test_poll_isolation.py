"""An organiser sees and changes only their own groups and polls: every route under
/verwaltung/gruppen, and the builder's routes for a group poll, answer another organiser (and an
editor) 404, generated from the URL map so new routes are covered by themselves."""

import re

import pytest

from tests.groups.poll_steps import ORGANISER, make_group, make_poll, token

OTHER = "vereinsvorsitz@verein.example"


def routes_with_ids(app, prefix: str, ids: dict[str, int]):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix) or not set(rule.arguments) & set(ids):
            continue
        if not set(rule.arguments) <= set(ids):
            continue
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(ids[m.group(1)]), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


@pytest.fixture
def two_organisers(app, demo, make_staff, login):
    make_staff(ORGANISER, "organiser")
    make_staff(OTHER, "organiser", "editor")
    owner, other = app.test_client(), app.test_client()
    login(owner, ORGANISER)
    login(other, OTHER)
    return owner, other


def test_another_organiser_gets_404_on_every_route_of_my_group(app, two_organisers):
    owner, other = two_organisers
    group = make_group(owner)
    poll = make_poll(owner, group, open_it=False)
    survey = poll.survey
    page = survey.pages[0]
    question = page.questions[0]
    ids = {"group_id": group.id, "poll_id": poll.id, "survey_id": survey.id, "page_id": page.id,
           "question_id": question.id, "option_id": question.options[0].id, "number": 1}
    csrf = token(other, "/verwaltung/gruppen/")
    checked = set()
    for prefix in ("/verwaltung/gruppen", "/verwaltung/umfragen"):
        for endpoint, method, url in routes_with_ids(app, prefix, ids):
            response = other.open(url, method=method, data={"csrf_token": csrf} if method == "POST" else None)
            assert response.status_code == 404, (endpoint, method, url, response.status_code)
            checked.add(endpoint)
    assert {"groups.group", "groups.poll", "groups.change_status", "groups.poll_results", "builder.survey",
            "builder.new_question", "builder.option"} <= checked
    # ... while the owner reaches them.
    assert owner.get(f"/verwaltung/gruppen/umfragen/{poll.id}").status_code == 200
    assert owner.get(f"/verwaltung/umfragen/{survey.id}").status_code == 200
    assert other.get("/verwaltung/gruppen/").status_code == 200
    assert group.name not in other.get("/verwaltung/gruppen/").get_data(as_text=True)


def test_an_organiser_cannot_reach_the_towns_surveys_in_the_builder(app, two_organisers, make_staff, login):
    from participation.surveys.queries import get_survey

    owner, _ = two_organisers
    survey = get_survey("digitales-wolmirstedt")
    assert owner.get(f"/verwaltung/umfragen/{survey.id}").status_code == 403
    assert owner.get("/verwaltung/umfragen/").status_code == 403
