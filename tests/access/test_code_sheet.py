"""Staff make batches of codes: counts, the printable sheet with QR codes, only hashes stored."""

import re
from html import unescape

import pytest
import segno
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from participation.access import codes, sheet
from participation.access.models import AccessCode, AccessCodeCount
from participation.extensions import db
from participation.localities.models import Locality
from participation.staff.models import AuditEvent
from tests.helpers import form_fields

CODES_PATH = "/verwaltung/zugangscodes"
SURVEY_CODES_PATH = CODES_PATH + "/digitales-wolmirstedt"
INTRO_URL = "http://localhost/umfragen/digitales-wolmirstedt"


@pytest.fixture
def editor(client, make_staff, login):
    make_staff("redaktion@example.org", "editor")
    login(client, "redaktion@example.org")
    return client


def batch_form(client) -> dict:
    response = client.get(SURVEY_CODES_PATH)
    assert response.status_code == 200
    return form_fields(response.get_data(as_text=True))


def make_batch(client, count, locality: str = "", **headers):
    return client.post(SURVEY_CODES_PATH, data={**batch_form(client), "count": str(count), "locality": locality}, headers=headers)


def slips(html: str) -> list[tuple[str, str]]:
    """(code as printed, its inline SVG) of every slip on the sheet."""
    found = []
    for slip in re.findall(r'<li class="slip">(.*?)</li>', html, re.S):
        code = re.search(r'<span class="code">([^<]+)</span>', slip).group(1)
        svg = re.search(r"<svg[^>]*>.*?</svg>", slip, re.S).group(0)
        found.append((code, svg))
    return found


def svg_modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """Read segno's SVG path back into (symbol size with quiet zone, dark modules as (x, y))."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark = set()
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([^MmHh]*)", path):
        numbers = [float(number) for number in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            length = numbers[0] if command == "h" else numbers[0] - x
            dark.update((int(x) + step, int(y)) for step in range(int(length)))
            x += length
    return size, dark


def qr_modules(data: str, border: int = 4) -> tuple[int, set[tuple[int, int]]]:
    """What a QR code (error correction M) of `data` looks like: the reference to compare with."""
    qr = segno.make(data, error="m")
    dark = {(col + border, row + border) for row, line in enumerate(qr.matrix) for col, bit in enumerate(line) if bit}
    return qr.symbol_size(border=0)[0] + 2 * border, dark


def stored_values() -> list[str]:
    """Every value in every table, as text."""
    values = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            values.extend(str(value) for value in row)
    return values


def code_count() -> tuple[int, int]:
    """(codes made, codes used), as counted for the survey."""
    db.session.commit()
    return tuple(db.session.execute(select(AccessCodeCount.made, AccessCodeCount.used)).one_or_none() or (0, 0))


def test_editor_sees_every_survey_with_its_counts(editor, make_codes):
    make_codes(3)
    html = editor.get(CODES_PATH + "/").get_data(as_text=True)
    assert "Wie digital ist Wolmirstedt?" in html
    assert "nur mit Zugangscode" in html
    assert re.search(r"<td>3</td>\s*<td>0</td>", html)
    html = editor.get(SURVEY_CODES_PATH).get_data(as_text=True)
    assert "Erzeugt: 3" in html and "Benutzt: 0" in html and "Noch nicht benutzt: 3" in html
    assert "nur ein einziges Mal angezeigt" in html
    assert 'name="count"' in html and 'name="locality"' in html


@pytest.mark.parametrize("role", ["admin", "moderator", "analyst", "organiser"])
def test_only_editors_make_codes(client, codes_survey, make_staff, login, role):
    make_staff("someone@example.org", role)
    login(client, "someone@example.org")
    assert client.get(CODES_PATH + "/").status_code == 403
    token = form_fields(client.get("/verwaltung/").get_data(as_text=True))["csrf_token"]
    response = client.post(SURVEY_CODES_PATH, data={"csrf_token": token, "count": "5"})
    assert response.status_code == 403
    assert code_count() == (0, 0)


def test_the_sheet_shows_each_new_code_once_with_its_qr_code(editor, codes_survey):
    response = make_batch(editor, 12)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = slips(html)
    assert len(found) == 12
    printed = [code for code, _ in found]
    assert len(set(printed)) == 12
    assert all(re.fullmatch(rf"[{codes.ALPHABET}]{{5}}-[{codes.ALPHABET}]{{5}}", code) for code in printed)
    assert html.count("<svg") == 12
    for code, svg in found:
        assert svg_modules(svg) == qr_modules(f"{INTRO_URL}#code={code}"), code
    # What the slip says: the survey, the address to type, the code, and that it is not stored.
    assert html.count("Der Code wird nicht mit Ihren Antworten gespeichert.") == 12
    assert html.count(f'<p class="address">{INTRO_URL}</p>') == 12  # http:// stays: only https:// goes without saying
    assert "nur dieses eine Mal angezeigt" in html and "screen-only" in html
    assert "print-codes.css" in html
    # The sheet is never cached, and nothing on it needs inline styles (the CSP forbids them).
    assert response.headers["Cache-Control"] == "no-store"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert " style=" not in html and "<style" not in html
    assert code_count() == (12, 0)
    assert "Erzeugt: 12" in editor.get(SURVEY_CODES_PATH).get_data(as_text=True)


def test_the_qr_link_carries_the_code_only_in_the_fragment():
    link = sheet.link_with_code("https://beteiligung.example.org/umfragen/umfrage", "ABCDE23456")
    assert link == "https://beteiligung.example.org/umfragen/umfrage#code=ABCDE-23456"
    assert sheet.typed_address("https://beteiligung.example.org/umfragen/umfrage") == "beteiligung.example.org/umfragen/umfrage"
    svg = sheet.qr_svg(link, "QR-Code <&>")
    assert svg.startswith('<svg role="img" ') and "<title>QR-Code &lt;&amp;&gt;</title>" in svg
    assert "style" not in svg
    assert svg_modules(svg) == qr_modules(link)


def test_only_keyed_hashes_are_stored(app, editor, codes_survey):
    html = make_batch(editor, 25).get_data(as_text=True)
    printed = [code for code, _ in slips(html)]
    plain = [code.replace("-", "") for code in printed]
    values = stored_values()
    for code in printed + plain:
        assert not any(code in value or code.lower() in value for value in values), code
    hashes = set(db.session.scalars(select(AccessCode.code_hash)))
    assert hashes == {codes.hash_code(app.config["SECRET_KEY"], codes_survey.id, code) for code in plain}
    rows = db.session.scalars(select(AccessCode)).all()
    assert {(row.survey_id, row.locality_id) for row in rows} == {(codes_survey.id, None)}


def test_a_batch_for_a_locality_is_logged_without_its_codes(editor, codes_survey):
    mose = db.session.scalars(select(Locality).where(Locality.slug == "mose")).one()
    response = make_batch(editor, 4, str(mose.id))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "für die Ortschaft Mose" in html
    assert set(db.session.scalars(select(AccessCode.locality_id))) == {mose.id}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.codes_created")).one()
    assert (event.object_type, event.object_id) == ("Survey", str(codes_survey.id))
    assert event.details == {"count": 4, "locality": "mose"}
    assert event.actor.email == "redaktion@example.org"
    for code, _ in slips(html):
        assert code not in str(event.details) and code.replace("-", "") not in str(event.details)


def test_the_sheet_is_in_the_towns_language_for_any_staff_member(editor, codes_survey):
    page = editor.get(SURVEY_CODES_PATH, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    html = make_batch(editor, 1, **{"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Der Code wird nicht mit Ihren Antworten gespeichert." in html


def test_reloading_the_sheet_makes_no_second_batch(editor, codes_survey):
    data = {**batch_form(editor), "count": "3", "locality": ""}
    assert editor.post(SURVEY_CODES_PATH, data=data).status_code == 200
    again = editor.post(SURVEY_CODES_PATH, data=data)
    assert again.status_code == 409
    html = unescape(again.get_data(as_text=True))
    assert "kein zweites Mal angezeigt" in html
    assert "<svg" not in html
    assert code_count() == (3, 0)


@pytest.mark.parametrize("count", ["0", "2001", "", "zehn", "1.5", "-3", "١٢"])
def test_a_wrong_count_is_refused_with_a_message(editor, codes_survey, count):
    response = make_batch(editor, count)
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    assert "Bitte geben Sie eine Anzahl von 1 bis 2000 ein." in html
    assert 'href="#count"' in html
    assert code_count() == (0, 0)


def test_an_unknown_locality_is_refused(editor, codes_survey):
    response = make_batch(editor, 2, "99999")
    assert response.status_code == 422
    assert "Bitte wählen Sie eine Ortschaft aus der Liste." in unescape(response.get_data(as_text=True))
    assert code_count() == (0, 0)


def test_no_codes_for_a_survey_open_to_everyone(editor, demo):
    html = unescape(editor.get(SURVEY_CODES_PATH).get_data(as_text=True))
    assert "braucht keine Zugangscodes" in html and 'name="count"' not in html
    response = make_batch_without_form(editor, 5)
    assert response.status_code == 409
    assert "braucht keine Zugangscodes" in unescape(response.get_data(as_text=True))
    assert code_count() == (0, 0)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "access.codes_created")) == 0


def test_no_codes_for_a_survey_that_takes_no_more_answers(editor, codes_survey):
    codes_survey.status = "closed"
    db.session.commit()
    response = make_batch_without_form(editor, 5)
    assert response.status_code == 409
    assert "nimmt keine Antworten mehr an" in unescape(response.get_data(as_text=True))
    assert code_count() == (0, 0)


def make_batch_without_form(client, count):
    token = form_fields(client.get("/verwaltung/").get_data(as_text=True))["csrf_token"]
    return client.post(SURVEY_CODES_PATH, data={"csrf_token": token, "count": str(count), "locality": ""})


def test_an_unknown_survey_is_not_found(editor):
    assert editor.get(CODES_PATH + "/gibt-es-nicht").status_code == 404


def test_qr_codes_are_drawn_outside_any_transaction(editor, codes_survey, monkeypatch):
    """On SQLite a POST's transaction holds the write lock: a big batch must not block residents."""
    seen = []
    draw = sheet.qr_svg

    def watched(data, title):
        seen.append(db.session().in_transaction())
        return draw(data, title)

    monkeypatch.setattr(sheet, "qr_svg", watched)
    assert make_batch(editor, 5).status_code == 200
    assert seen == [False] * 5
    assert code_count() == (5, 0)


junk = st.one_of(
    st.text(max_size=30),
    st.integers(-10, 40).map(str),
    st.sampled_from(["", " 7 ", "2000000", "1e3", "0x10", "NaN", "\x00", "<script>", "'; DROP TABLE access_codes;--"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(["count", "locality", "batch_key", "junk"]), st.lists(junk, max_size=3), max_size=4))
def test_junk_posted_to_the_batch_form_never_causes_a_server_error(editor, codes_survey, data):
    token = form_fields(editor.get("/verwaltung/").get_data(as_text=True))["csrf_token"]
    response = editor.post(SURVEY_CODES_PATH, data={**data, "csrf_token": token})
    assert response.status_code in (200, 409, 422), response.status_code
