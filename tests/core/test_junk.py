"""Junk never gets a 500 or a false "database unavailable", on SQLite and PostgreSQL.

Generated, not listed: every rule of the URL map gets junk in its URL parts and query string, and
every POST route gets junk bodies built from the fields of the forms that post to it, as found by
walking the site (tests/core/site_map.py). Junk means numbers beyond 64 bits, negative numbers,
NUL and other control characters, overlong and non-Latin text, JSON bodies and file uploads where
text is expected; with and without a valid CSRF token; anonymous and logged in with each role.

The site is built once per database for this module (the demo installation, a published survey,
idea boards, a draft in the builder, staff accounts), so these tests do not use the `app` fixture,
which empties the tables after each test.
"""

import functools
import io
import json
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from participation import create_app
from participation.extensions import db
from participation.staff.models import ROLES
from tests.core.site_map import SiteMap, build_path, crawl, parse_page, path_values
from tests.helpers import DEMO_PATH, form_fields

PASSWORD = "ein langes Test-Passwort"
#: Who sends the junk: nobody, each role alone, and one person with every role (reaches furthest).
PEOPLE = (None, "alle", *ROLES)
#: URL parts for routes no crawled page links to (the crawl finds real ones for all others).
FALLBACK_VALUES = {"slug": "digitales-wolmirstedt", "number": "1", "code": "en", "filename": "app.css",
                   "version": "1", "locality": "elbeu", "language": "de", "rest": "unbekannt"}
#: Responses that mean the server failed: never for junk.
SERVER_FAILURES = (500, 502, 503, 504)

BIG = 2**63
junk_number = st.one_of(
    st.integers(min_value=BIG - 2, max_value=10**40),
    st.integers(max_value=-1),
    st.integers(min_value=2**31 - 2, max_value=2**32 + 2),
    st.sampled_from([0, 2**64, 10**30]),
).map(str)
junk_text = st.one_of(
    junk_number,
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=8),
    st.text(min_size=300, max_size=2000),
    st.sampled_from(["", " ", "\x00", "a\x00b", "NaN", "1e309", "-0", "0x10", "١٢", "../..", "%00", "'; --",
                     "\ud7ff\ufffe", "😀" * 30, "9" * 400]),
)
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(), junk_text),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


class Site:
    """The app, what the walk found, and one client per person (with its CSRF token)."""

    def __init__(self, app, site_map: SiteMap):
        self.app, self.map, self.clients, self.tokens = app, site_map, {}, {}

    def __repr__(self) -> str:
        return f"Site({self.app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]})"

    def client(self, person):
        """The client of `person`, logged in again if a junk request ended its session."""
        client = self.clients[person]
        if person is not None:
            response = client.get("/verwaltung/")
            response.close()
            if response.status_code != 200:
                # Logged out, or the browser became a kiosk: a fresh browser logs in again.
                client = self.clients[person] = self.app.test_client()
                self.tokens[person] = log_in(client, f"{person}@example.org")
        return client

    def token(self, person) -> str:
        return self.tokens[person]

    def urls(self, rule, method: str) -> list[str]:
        """Concrete URLs of `rule`: crawled ones, form actions, or one made of fallback values."""
        urls = [url for url in self.map.urls.get(rule.endpoint, []) if _rule_of(self.app, url, method) == rule.rule]
        urls += [form.action for form in self.map.forms.get(rule.endpoint, []) if _rule_of(self.app, form.action, method) == rule.rule]
        return urls or [build_path(rule, {name: FALLBACK_VALUES.get(name, "1") for name in rule._converters})]


def _rule_of(app, url, method):
    try:
        return path_values(app, url, method)[0].rule
    except HTTPException:
        return None


def log_in(client, email: str) -> str:
    """Log in through the form; return the session's CSRF token."""
    token = form_fields(client.get("/verwaltung/anmelden").get_data(as_text=True))["csrf_token"]
    response = client.post("/verwaltung/anmelden", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, (email, response.status_code)
    return csrf_token(client)


def csrf_token(client) -> str:
    return form_fields(client.get(DEMO_PATH).get_data(as_text=True))["csrf_token"]


def _load_world(app) -> None:
    from participation.core.clock import town_today
    from participation.demo.ideas import load_demo_ideas
    from participation.demo.load import load_demo_survey, load_reference_data
    from participation.staff import services

    with app.app_context(), app.test_request_context():
        today = town_today()
        load_reference_data()
        load_demo_survey(today)
        load_demo_ideas(today)
        _publish_compact_survey(today)
        services.create_user("alle@example.org", set(ROLES), password=PASSWORD)
        for role in ROLES:
            services.create_user(f"{role}@example.org", {role}, password=PASSWORD)
        services.create_user("kollegin@example.org", {"editor"}, password=PASSWORD)
        db.session.commit()


def _publish_compact_survey(today) -> None:
    """A small published survey with free-text answers and a quote (the demo's finished survey
    has 480 responses: gating it takes far longer than these tests should)."""
    from participation.results.models import Quote
    from participation.results.services import publish_results
    from tests.publication import survey as compact

    survey = compact.make_survey("open")
    for locality, single in (("wolmirstedt", 0), ("elbeu", 1), ("mose", 2)):
        compact.answer_many(survey, 12, locality, single=single, multiple=[0, 2], scale=4, short_text="Mehr Busse")
    survey.status = "closed"
    db.session.add(Quote(survey_id=survey.id, question_id=compact.questions(survey)["short_text"].id, text="Mehr Busse"))
    db.session.flush()
    publish_results(survey, today=today)


def _make_drafts(site: Site) -> list[str]:
    """A draft copy of the demo survey for the builder, an open copy that needs access codes, and
    an open paper sitting; returns the pages that show their forms."""
    from sqlalchemy import select

    from participation.surveys.models import Survey

    client, token = site.clients["alle"], site.tokens["alle"]
    with site.app.app_context():
        demo_id = db.session.scalars(select(Survey.id).where(Survey.slug == "digitales-wolmirstedt")).one()
    for _ in range(2):
        response = client.post(f"/verwaltung/umfragen/{demo_id}/kopieren", data={"csrf_token": token})
        assert response.status_code == 302, response.status_code
    with site.app.app_context():
        copy = db.session.scalars(select(Survey).where(Survey.status == "draft").order_by(Survey.id.desc())).first()
        copy.access_mode, copy.status = "codes", "open"
        codes_page = f"/verwaltung/zugangscodes/{copy.slug}"
        db.session.commit()
    # Paper entry shows its sheet form while a sitting is open.
    response = client.post("/verwaltung/erfassung/digitales-wolmirstedt/sitzung", data={"csrf_token": token})
    assert response.status_code == 302, response.status_code
    return [codes_page, urlsplit(response.location).path]


def _start_resident(site: Site) -> None:
    """The anonymous client has begun the demo survey and commented on an idea."""
    client = site.clients[None]
    html = client.get(DEMO_PATH).get_data(as_text=True)
    assert client.post(DEMO_PATH + "/beginnen", data=form_fields(html)).status_code == 302
    site.tokens[None] = form_fields(client.get(DEMO_PATH + "/seite/1").get_data(as_text=True))["csrf_token"]
    from sqlalchemy import select

    from participation.ideas.models import Idea

    with site.app.app_context():
        number = db.session.scalars(select(Idea.id).where(Idea.moderation == "approved").order_by(Idea.id)).first()
    page = parse_page(client.get(f"/ideen/idee/{number}").get_data(as_text=True))
    comment = next(form for form in page.forms if "/kommentieren" in form.action)
    data = {**{name: values[0] for name, values in comment.fields.items()}, "body": "Gute Idee, das braucht Mose auch."}
    assert client.post(comment.action, data=data).status_code in (302, 303)


@pytest.fixture(scope="module")
def site(migrated_app):
    app = migrated_app
    _load_world(app)
    site = Site(app, SiteMap())
    for person in PEOPLE:
        site.clients[person] = app.test_client()
        if person is not None:
            site.tokens[person] = log_in(site.clients[person], f"{person}@example.org")
    seeds = [rule.rule for rule in _rules("GET") if not rule._converters] + [f"{DEMO_PATH}/seite/{n}" for n in range(1, 6)]
    seeds += _make_drafts(site)
    _start_resident(site)
    site.map = crawl(app, [site.clients[None], site.clients["alle"]], seeds)
    yield site
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


#: The URL map, read once when the tests are collected (no database is touched).
URL_MAP = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}).url_map


@functools.cache
def _rules(method: str) -> list:
    return sorted((rule for rule in URL_MAP.iter_rules() if method in rule.methods and rule.endpoint != "static"),
                  key=lambda rule: rule.rule)


POST_ENDPOINTS = sorted({rule.endpoint for rule in _rules("POST")})
#: Rules with URL parts, each with the method it is tried with (GET where it has one).
RULES_WITH_PARTS = [(rule, "GET") for rule in _rules("GET") if rule._converters] + [
    (rule, "POST") for rule in _rules("POST") if rule._converters and "GET" not in rule.methods
]


def _rule(key: str):
    path, method = key.rsplit(" ", 1)
    return next(rule for rule in _rules(method) if rule.rule == path), method


def _is_number(rule, name: str) -> bool:
    return type(rule._converters[name]).__name__ == "IntegerConverter"
JUNK_SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))


def _assert_no_failure(response, what) -> None:
    status = response.status_code
    body = response.get_data(as_text=True)[:300] if status in SERVER_FAILURES else ""
    response.close()
    assert status not in SERVER_FAILURES, (what, status, body)
    if response.request.path.startswith("/api/") and status >= 400:
        assert response.mimetype == "application/json", (what, status, response.mimetype)


def test_the_walk_reaches_the_forms(site):
    """The crawl must see the site, or the junk below tests little."""
    assert len(site.map.urls) > 40, sorted(site.map.urls)
    assert len(site.map.forms) > 25, sorted(site.map.forms)
    missing = set(POST_ENDPOINTS) - set(site.map.forms)
    print("POST routes without a form on any walked page:", sorted(missing))


@pytest.mark.parametrize("rule", [rule.rule + " " + method for rule, method in RULES_WITH_PARTS])
@JUNK_SETTINGS
@given(data=st.data())
def test_junk_in_url_parts(site, rule, data):
    rule, method = _rule(rule)
    url = data.draw(st.sampled_from(site.urls(rule, method)))
    values = {name: str(value) for name, value in path_values(site.app, url, method)[1].items() if name in rule._converters}
    name = data.draw(st.sampled_from(sorted(values)))
    values[name] = data.draw(junk_number | junk_text if _is_number(rule, name) else junk_text)
    person = data.draw(st.sampled_from(PEOPLE))
    client = site.client(person)
    path = build_path(rule, values)
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, data={"csrf_token": site.token(person)} if person in site.tokens else {})
    _assert_no_failure(response, (path, person))


@pytest.mark.parametrize("rule", [rule.rule for rule in _rules("GET")])
@JUNK_SETTINGS
@given(data=st.data())
def test_junk_in_query_strings(site, rule, data):
    rule, _method = _rule(rule + " GET")
    names = sorted(site.map.query_names | {"seite", "version", "next"})
    url = data.draw(st.sampled_from(site.urls(rule, "GET")))
    query = data.draw(st.dictionaries(st.sampled_from(names), junk_text, min_size=1, max_size=3))
    person = data.draw(st.sampled_from(PEOPLE))
    response = site.client(person).get(url.split("?")[0], query_string=query)
    _assert_no_failure(response, (url, query, person))


def _body(data, site, endpoint):
    """Draw a junk request for `endpoint`: a form as the page offers it with some fields made junk,
    sent as a form, a multipart upload (files in text fields) or JSON."""
    forms = site.map.forms.get(endpoint) or []
    rules = [rule for rule in site.app.url_map.iter_rules() if rule.endpoint == endpoint and "POST" in rule.methods]
    actions = [form.action for form in forms] or [url for rule in rules for url in site.urls(rule, "POST")]
    url = data.draw(st.sampled_from(actions))
    form = next((form for form in forms if form.action == url), None)
    fields = {name: [data.draw(st.sampled_from(values))] if values else [""] for name, values in (form.fields if form else {}).items()}
    if form and form.buttons:
        name, value = data.draw(st.sampled_from(form.buttons))
        fields[name] = [value]
    names = sorted(set(fields) | {"csrf_token", "action", "junk"})
    for name in data.draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        fields[name] = data.draw(st.lists(junk_text, min_size=1, max_size=3))
    return url, fields, names


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
@JUNK_SETTINGS
@given(data=st.data())
def test_junk_bodies(site, endpoint, data):
    person = data.draw(st.sampled_from(PEOPLE))
    client = site.client(person)
    url, fields, names = _body(data, site, endpoint)
    token = data.draw(st.sampled_from(["valid", "valid", "missing", "junk"]))
    if token == "valid":
        fields["csrf_token"] = [site.token(person)] if person in site.tokens else [""]
    elif token == "missing":
        fields.pop("csrf_token", None)
    kind = data.draw(st.sampled_from(["form", "multipart", "json"]))
    headers = {"X-CSRFToken": site.token(person)} if token == "valid" and person in site.tokens else {}
    if kind == "json":
        body = data.draw(st.one_of(
            st.builds(dict, st.just({name: values[0] for name, values in fields.items()})),
            st.dictionaries(st.sampled_from(names), json_value, max_size=6),
            json_value,
        ))
        raw = json.dumps(body) if data.draw(st.booleans()) else json.dumps(body)[:-1] + "\x00"
        response = client.post(url, data=raw, content_type="application/json", headers=headers)
    elif kind == "multipart":
        uploads = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        payload = {name: values for name, values in fields.items() if name not in uploads}
        for name in uploads:
            content = data.draw(st.binary(max_size=200))
            payload[name] = [(io.BytesIO(content), data.draw(st.sampled_from(["a.csv", "", "x\x00.txt", "😀.png"])))]
        response = client.post(url, data=payload, content_type="multipart/form-data", headers=headers)
    else:
        response = client.post(url, data=fields, headers=headers)
    _assert_no_failure(response, (endpoint, url, kind, token, person, {k: v[:1] for k, v in fields.items()}))

