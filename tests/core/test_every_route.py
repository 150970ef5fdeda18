"""Generated from the URL map, so new routes are covered automatically."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import DEMO_PATH, Resident, demo_questions

EXAMPLE_VALUES = {"slug": "digitales-wolmirstedt", "number": "1", "code": "en", "filename": "app.css", "user_id": "1",
                  "survey_id": "1", "page_id": "1", "question_id": "1", "option_id": "1",
                  "version": "1", "locality": "elbeu", "language": "de", "rest": "unbekannt"}


def concrete_urls(app, method):
    for rule in app.url_map.iter_rules():
        if method in rule.methods:
            yield rule.endpoint, re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: EXAMPLE_VALUES.get(m.group(1), "1"), rule.rule)


def test_every_post_route_refuses_a_missing_csrf_token(client, demo):
    Resident(client).start()
    urls = list(concrete_urls(client.application, "POST"))
    assert urls, "no POST routes found"
    for endpoint, url in urls:
        response = client.post(url, data={"action": "next"})
        assert response.status_code == 400, (endpoint, url, response.status_code)


def test_every_get_route_answers_without_a_server_error(client, demo):
    for endpoint, url in concrete_urls(client.application, "GET"):
        response = client.get(url)
        response.close()
        assert response.status_code < 500, (endpoint, url, response.status_code)


junk_text = st.one_of(
    st.text(max_size=50),
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["na", "", " ", "1e309", "NaN", "0x10", "١٢", "\x00", "<script>", "'; DROP TABLE answers;--"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_junk_posted_to_any_survey_page_never_causes_a_server_error(client, demo, data):
    resident = Resident(client)
    resident.start()
    questions = demo_questions()
    names = [f"q{question.id}" for question in questions.values()]
    names += [f"q{questions['importance'].id}_{option.id}" for option in questions["importance"].options[:3]]
    names += [f"q{questions['contact'].id}_place{place}" for place in (1, 2, 9)]
    fields = data.draw(st.dictionaries(st.sampled_from(names + ["junk", "action"]), st.lists(junk_text, max_size=4), max_size=12))
    number = data.draw(st.integers(1, 5))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', resident.html).group(1)
    response = client.post(f"{DEMO_PATH}/seite/{number}", data={**fields, "csrf_token": token})
    assert response.status_code in (302, 400, 422), response.status_code
