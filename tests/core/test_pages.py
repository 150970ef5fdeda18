"""General pages, language choice, security headers and error pages."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Survey

LEGAL_PAGES = ["/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache"]


def test_home_lists_open_survey_and_process_steps(client, demo):
    html = client.get("/").get_data(as_text=True)
    assert "Wie digital ist Wolmirstedt?" in html
    assert 'href="/umfragen/digitales-wolmirstedt"' in html
    assert html.count('class="step ') == 5
    assert 'aria-current="step"' in html


def test_home_links_every_legal_page(client, demo):
    html = client.get("/").get_data(as_text=True)
    for path in LEGAL_PAGES:
        assert f'href="{path}"' in html


@pytest.mark.parametrize("path", LEGAL_PAGES)
def test_legal_pages_exist_and_link_each_other(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<h1") == 1
    for other in LEGAL_PAGES:
        assert f'href="{other}"' in html


def test_locality_filter_shows_town_wide_and_own_surveys(client, demo):
    from participation.localities.models import Locality

    mose = db.session.scalars(select(Locality).where(Locality.slug == "mose")).one()
    elbeu = db.session.scalars(select(Locality).where(Locality.slug == "elbeu")).one()
    db.session.add(Survey(slug="elbeu-only", title="Nur für Elbeu", status="open", locality_id=elbeu.id))
    db.session.commit()
    assert mose.id != elbeu.id
    mose_page = client.get("/?ortschaft=mose").get_data(as_text=True)
    assert "Wie digital ist Wolmirstedt?" in mose_page
    assert "Nur für Elbeu" not in mose_page
    assert "Nur für Elbeu" in client.get("/?ortschaft=elbeu").get_data(as_text=True)
    unknown = client.get("/?ortschaft=atlantis").get_data(as_text=True)
    assert "Diese Ortschaft kennen wir nicht" in unknown


def test_draft_surveys_are_not_listed_or_reachable(client, demo):
    db.session.add(Survey(slug="entwurf", title="Noch ein Entwurf", status="draft"))
    db.session.commit()
    assert "Noch ein Entwurf" not in client.get("/").get_data(as_text=True)
    assert client.get("/umfragen/entwurf").status_code == 404


def test_first_visit_follows_browser_language(client, demo):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "How digital is Wolmirstedt?" in html
    german = client.application.test_client().get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de">' in german


def test_language_switch_without_javascript_returns_to_the_page(client, demo):
    response = client.get("/sprache/en?next=/umfragen/digitales-wolmirstedt")
    assert response.status_code == 302
    assert response.location == "/umfragen/digitales-wolmirstedt"
    html = client.get("/umfragen/digitales-wolmirstedt").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Start the survey" in html
    client.get("/sprache/de?next=/")
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_language_switch_is_no_open_redirect(client, target):
    response = client.get("/sprache/en", query_string={"next": target})
    assert response.location == "/"


def test_untranslated_content_is_marked_as_german(client, demo):
    survey = db.session.scalars(select(Survey)).one()
    survey.translations = {}
    db.session.commit()
    html = client.get("/umfragen/digitales-wolmirstedt", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<span lang="de">Wie digital ist Wolmirstedt?' in html


def test_security_headers(client, demo):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"  # other sites get nothing; own forms keep Origin (core/security.py)
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_load_nothing_from_other_hosts(client, demo):
    for path in ["/", "/umfragen/digitales-wolmirstedt", *LEGAL_PAGES]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), path
        assert "<script" not in html and "style=" not in html


def test_static_css_is_cacheable_and_versioned(client, demo):
    html = client.get("/").get_data(as_text=True)
    css_url = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(css_url)
    response.close()
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_responses_are_compressed(client, demo):
    response = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] in ("br", "gzip")


@pytest.mark.parametrize(
    ("path", "status", "german", "english"),
    [
        ("/gibt-es-nicht", 404, "Seite nicht gefunden", "Page not found"),
        ("/umfragen/gibt-es-nicht", 404, "Seite nicht gefunden", "Page not found"),
    ],
)
def test_error_pages_are_localised(client, path, status, german, english):
    response = client.get(path)
    assert response.status_code == status
    assert german in response.get_data(as_text=True)
    response = client.get(path, headers={"Accept-Language": "en"})
    assert english in response.get_data(as_text=True)


def test_method_not_allowed_page(client):
    response = client.post("/impressum")
    assert response.status_code in (400, 405)
    response = client.delete("/")
    assert response.status_code == 405
    assert "Aktion nicht möglich" in response.get_data(as_text=True)
    assert "GET" in response.headers["Allow"]


def test_forbidden_and_bad_request_pages(app):
    from participation.core.errors import render_error

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        html, code = render_error(403)
        assert code == 403 and "Access denied" in html
        html, code = render_error(400)
        assert code == 400 and "bad request" in html.lower()


def test_expired_form_explains_itself(client, demo):
    response = client.post("/umfragen/digitales-wolmirstedt/beginnen", data={})
    assert response.status_code == 400
    assert "Das Formular war zu lange geöffnet" in response.get_data(as_text=True)


def test_error_and_validation_pages_are_compressed_too(client, demo):
    response = client.get("/gibt-es-nicht", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 404
    assert response.headers["Content-Encoding"] in ("br", "gzip")
