"""Every staff route refuses visitors without the right role; generated from the URL map."""

import re

import pytest

from tests.helpers import form_fields

PUBLIC = {"staff.login", "staff.set_password"}
EXAMPLES = {"slug": "digitales-wolmirstedt", "number": "1", "user_id": "1", "code": "en", "filename": "app.css"}


def staff_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/verwaltung") and rule.endpoint not in PUBLIC:
            url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: EXAMPLES.get(m.group(1), "1"), rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url


def test_there_are_staff_routes_to_check(app):
    assert len(list(staff_routes(app))) >= 5


def test_anonymous_visitors_are_sent_to_the_login(client, demo):
    for endpoint, method, url in staff_routes(client.application):
        response = client.open(url, method=method)
        assert response.status_code in (302, 400), (endpoint, method, response.status_code)
        if response.status_code == 302:
            assert response.location.startswith("/verwaltung/anmelden"), (endpoint, response.location)


def test_staff_without_the_role_get_403(client, demo, make_staff, login):
    make_staff("nobody@example.org")
    login(client, "nobody@example.org")
    app = client.application
    checked = 0
    token = form_fields(client.get("/verwaltung/").get_data(as_text=True))["csrf_token"]
    for endpoint, method, url in staff_routes(app):
        view = app.view_functions[endpoint]
        if not getattr(view, "required_roles", None):
            continue
        data = {"csrf_token": token} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (endpoint, method, response.status_code)
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("role", ["editor", "moderator", "analyst", "organiser"])
def test_other_roles_cannot_manage_people(client, demo, make_staff, login, role):
    make_staff("someone@example.org", role)
    login(client, "someone@example.org")
    assert client.get("/verwaltung/personen").status_code == 403
    assert client.get("/verwaltung/protokoll").status_code == 403
