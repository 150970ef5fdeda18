"""What an outside fuzzer found, one case each (test_junk.py generates the rest): files and JSON
where text is expected, numbers beyond 64 bits, NUL bytes; errors the database reports; JSON
errors of the API. On SQLite and PostgreSQL."""

import io
import re

import pytest
from sqlalchemy import select, text

from participation.core import errors
from participation.core.forms import Form
from participation.core.inputs import INT_MAX, clean_text, whole_number
from participation.extensions import db
from tests.helpers import DEMO_PATH, Resident, form_fields

HUGE = "99999999999999999999999"


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_is_one_of_ours(app):
    """Flask-WTF's own FlaskForm merges uploads and JSON into the fields: every form of the
    site derives from core.forms.Form, which reads only what an HTML form of ours can send."""
    from flask_wtf import FlaskForm

    ours = [form for form in _subclasses(FlaskForm) if form.__module__.startswith("participation.")]
    assert len(ours) > 20
    assert [form for form in ours if not issubclass(form, Form)] == []


def test_control_characters_go_and_lines_stay():
    assert clean_text("a\x00b\x01c\x1fd\te\nf\r\ng\x7f") == "abcd\te\nf\r\ng\x7f"
    assert whole_number("12") == 12
    assert [whole_number(value) for value in (None, "", "-1", "1.0", "١٢", " 1", str(INT_MAX + 1), HUGE)] == [None] * 8


def _login_token(client) -> str:
    return form_fields(client.get("/verwaltung/anmelden").get_data(as_text=True))["csrf_token"]


def test_a_file_where_text_is_expected_gets_the_forms_message(client, demo):
    token = _login_token(client)
    response = client.post(
        "/verwaltung/anmelden",
        data={"csrf_token": token, "email": (io.BytesIO(b"x"), "a.txt"), "password": (io.BytesIO(b"y"), "b.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Bitte geben Sie Ihre E-Mail-Adresse ein." in response.get_data(as_text=True)


def test_a_file_on_a_survey_page_is_not_an_answer(client, demo):
    resident = Resident(client)
    resident.start()
    fields = {**form_fields(resident.html), "action": "next", "q1": (io.BytesIO(b"1"), "1.txt")}
    response = client.post(DEMO_PATH + "/seite/1", data=fields, content_type="multipart/form-data")
    assert response.status_code == 422


@pytest.mark.parametrize("body", ['{"email": ["a@b.de"], "password": {"x": 1}}', "[1, 2]", "7", "{"])
def test_a_json_body_to_a_form_gets_the_normal_page(client, demo, body):
    token = _login_token(client)
    response = client.post("/verwaltung/anmelden", data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code in (400, 422)
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("path", [f"/ideen/idee/{HUGE}", f"/ideen/idee/{2**63}/melden", f"/verwaltung/personen/{HUGE}",
                                  f"/ergebnisse/digitales-wolmirstedt/v{HUGE}", f"{DEMO_PATH}/seite/{HUGE}", "/ideen/%00"])
def test_numbers_beyond_the_columns_and_nul_in_urls_are_not_found(client, demo, path):
    assert client.get(path).status_code in (302, 404)


def test_numbers_beyond_the_columns_in_queries_fall_back(client, demo, make_staff, login):
    from participation.core.clock import town_today
    from participation.demo.ideas import load_demo_ideas

    with client.application.test_request_context():
        load_demo_ideas(town_today())
        db.session.commit()
    assert client.get(f"/ideen/ganze-stadt?seite={HUGE}&mischung={HUGE}").status_code == 200
    make_staff("alle@example.org", "admin", "moderator")
    login(client, "alle@example.org")
    assert client.get(f"/verwaltung/protokoll?seite={HUGE}").status_code == 200
    assert client.get("/verwaltung/protokoll?seite=-3").status_code == 200
    assert client.get(f"/verwaltung/ideen/alle?boerse={HUGE}").status_code == 200


def test_an_idea_with_nul_bytes_is_stored_without_them(client, demo):
    from participation.core.clock import town_today
    from participation.demo.ideas import TOWN_BOARD, load_demo_ideas
    from participation.ideas.models import Idea

    with client.application.test_request_context():
        load_demo_ideas(town_today())
        db.session.commit()
    page = client.get(f"/ideen/{TOWN_BOARD}/neu").get_data(as_text=True)
    data = {**form_fields(page), "title": "Bänke\x00 am Markt", "life_area": "digitale-infrastruktur", "locality": "",
            "display_name": "An\x00na", "body": "Am Markt fehlen Bänke.\x00\nMit WLAN\x07 wäre es ein Treffpunkt für alle."}
    response = client.post(f"/ideen/{TOWN_BOARD}/neu", data=data)
    assert response.status_code == 302, response.status_code
    idea = db.session.scalars(select(Idea).where(Idea.title == "Bänke am Markt")).one()
    assert idea.body == "Am Markt fehlen Bänke.\nMit WLAN wäre es ein Treffpunkt für alle."


def test_nul_in_a_login_email_is_a_failed_login(client, demo, make_staff):
    make_staff("chefin@example.org", "admin")
    token = _login_token(client)
    response = client.post("/verwaltung/anmelden", data={"csrf_token": token, "email": "chef\x00in@example.org", "password": "falsch"})
    assert response.status_code in (401, 422)


def test_a_refused_statement_is_no_outage(app, database_url, other_app):
    """Only an unreachable or silent database is "temporarily unavailable" (503): a statement the
    database refuses is a bug, a 500, or data it cannot hold, a 400; monitoring must tell them apart."""
    from participation.localities.models import Locality

    db.session.add(Locality(slug="doppelt", name="Doppelt", position=90))
    db.session.commit()
    refusing = other_app(database_url, TESTING=False)

    @refusing.get("/doppelt")
    def duplicate():
        db.session.add(Locality(slug="doppelt", name="Doppelt", position=91))
        db.session.flush()
        return "stored"

    @refusing.get("/zahl")
    def bad_number():
        db.session.execute(text("SELECT CAST(:value AS integer)"), {"value": "zwölf"})
        return "counted"

    client = refusing.test_client()
    assert client.get("/doppelt").status_code == 500
    if db.engine.dialect.name == "postgresql":  # SQLite casts anything
        assert client.get("/zahl").status_code == 400


def test_only_connection_failures_count_as_outages():
    from sqlalchemy.exc import DataError, IntegrityError, OperationalError, ProgrammingError

    assert errors.is_outage(OperationalError("SELECT 1", {}, Exception("server closed the connection")))
    assert not errors.is_outage(DataError("SELECT 1", {}, Exception("invalid input syntax")))
    assert not errors.is_outage(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not errors.is_outage(ProgrammingError("SELEC", {}, Exception("syntax error")))


def test_the_api_answers_every_error_in_json(client, demo):
    for method, path, status in [("GET", "/api/v1/unbekannt", 404), ("GET", "/api/v1/x%0Ay", 404), ("POST", "/api/v1/surveys", 405),
                                 ("GET", f"/api/v1/surveys/digitales-wolmirstedt/results?version={HUGE}", 404),
                                 ("GET", "/api/v1/surveys/digitales-wolmirstedt/results?version=zwei", 400)]:
        response = client.open(path, method=method)
        assert response.status_code == status, (path, response.status_code)
        assert response.mimetype == "application/json", path
        assert response.get_json()["error"]["status"] == status
        assert re.fullmatch(r"[a-z_]+", response.get_json()["error"]["code"])


def test_the_api_answers_500_and_503_in_json(tmp_path, other_app):
    app = other_app("sqlite:///" + str(tmp_path / "db.sqlite"), TESTING=False)

    @app.get("/api/v1/kaputt")
    def broken():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/api/v1/kaputt")
    assert response.status_code == 500 and response.get_json()["error"]["code"] == "internal_server_error"
    assert "secret" not in response.get_data(as_text=True)

    down = other_app("sqlite:///" + str(tmp_path / "missing" / "folder" / "db.sqlite"))
    response = down.test_client().get("/api/v1/surveys")
    assert response.status_code == 503
    assert response.get_json()["error"] == {"status": 503, "code": "service_unavailable", "message": errors.MESSAGES_EN[503]}
