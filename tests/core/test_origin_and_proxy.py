"""Forms over https without a Referer, the same-origin check that replaces Flask-WTF's Referer
check, and X-Forwarded-* trusted only from the proxy's address (PROXY_COUNT, PROXY_ADDRESSES)."""

import re

import pytest
from flask import request

from tests.conftest import STAFF_PASSWORD


def csrf_token(client, path: str) -> str:
    html = client.get(path, base_url="https://beteiligung.example.org").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def login_post(client, token: str, **headers):
    return client.post(
        "/verwaltung/anmelden",
        data={"email": "clerk@example.org", "password": STAFF_PASSWORD, "csrf_token": token},
        base_url="https://beteiligung.example.org",
        headers=headers,
    )


def test_pages_send_the_referrer_only_to_the_site_itself(client):
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def test_a_login_over_https_works_without_any_referer(client, make_staff):
    """Browsers send no Referer under strict policies or privacy tools: the form must still work."""
    make_staff("clerk@example.org", "editor")
    response = login_post(client, csrf_token(client, "/verwaltung/anmelden"))
    assert response.status_code == 302


def test_a_login_from_the_sites_own_form_passes_the_origin_check(client, make_staff):
    make_staff("clerk@example.org", "editor")
    token = csrf_token(client, "/verwaltung/anmelden")
    response = login_post(client, token, Origin="https://beteiligung.example.org", **{"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://beteiligung.example.org"},  # the same host, but not over https
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a neighbouring subdomain is another site for us
    ],
)
def test_a_form_sent_from_another_site_is_refused_even_with_a_valid_token(client, make_staff, headers):
    make_staff("clerk@example.org", "editor")
    token = csrf_token(client, "/verwaltung/anmelden")
    response = login_post(client, token, **headers)
    assert response.status_code == 403
    assert "Kein Zugriff" in response.get_data(as_text=True)


def test_survey_pages_refuse_other_sites_too(client, demo):
    response = client.post(f"/umfragen/{demo}/seite/1", data={"action": "next"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_a_privacy_origin_of_null_leaves_the_decision_to_the_token(client, make_staff):
    make_staff("clerk@example.org", "editor")
    token = csrf_token(client, "/verwaltung/anmelden")
    assert login_post(client, token, Origin="null").status_code == 302
    assert login_post(client, "falsch", Origin="null").status_code == 400


def seen_by_the_app(app, remote_addr: str, **headers) -> tuple[str, str, str]:
    """(remote address, scheme, host) as the app sees a request from `remote_addr`."""
    seen = app.extensions.setdefault("test_seen", {})
    if "test_seen" not in app.view_functions:

        @app.get("/_test_seen", endpoint="test_seen")
        def _seen():
            seen.update(addr=request.remote_addr, scheme=request.scheme, host=request.host)
            return ""

    app.test_client().get("/_test_seen", environ_base={"REMOTE_ADDR": remote_addr}, headers=headers)
    return seen["addr"], seen["scheme"], seen["host"]


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "beteiligung.example.org",
    "X-Forwarded-Port": "443",
}


def test_forwarded_headers_count_from_the_proxy(other_app, database_url):
    app = other_app(database_url, PROXY_COUNT=1)
    assert seen_by_the_app(app, "127.0.0.1", **FORWARDED) == ("203.0.113.7", "https", "beteiligung.example.org")


def test_forwarded_headers_from_anyone_else_are_ignored(other_app, database_url):
    """With the app's port reachable directly, a client cannot claim a new address per request."""
    app = other_app(database_url, PROXY_COUNT=1)
    assert seen_by_the_app(app, "198.51.100.20", **FORWARDED) == ("198.51.100.20", "http", "localhost")


def test_the_proxys_own_address_is_configurable(other_app, database_url):
    app = other_app(database_url, PROXY_COUNT=1, PROXY_ADDRESSES=["10.0.0.2"])
    assert seen_by_the_app(app, "10.0.0.2", **FORWARDED)[0] == "203.0.113.7"
    assert seen_by_the_app(app, "127.0.0.1", **FORWARDED)[0] == "127.0.0.1"


def test_without_a_proxy_forwarded_headers_mean_nothing(other_app, database_url):
    app = other_app(database_url)
    assert seen_by_the_app(app, "127.0.0.1", **FORWARDED) == ("127.0.0.1", "http", "localhost")


def test_the_proxy_port_keeps_links_and_origins_right_on_other_ports(other_app, database_url):
    app = other_app(database_url, PROXY_COUNT=1)
    headers = {**FORWARDED, "X-Forwarded-Host": "localhost", "X-Forwarded-Port": "8443"}
    assert seen_by_the_app(app, "127.0.0.1", **headers)[2] == "localhost:8443"
