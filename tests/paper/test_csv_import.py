"""CSV import of paper responses: checked line by line first, then all stored or none."""

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from participation.extensions import db
from participation.staff.models import AuditEvent
from participation.surveys.records import Answer, Response
from tests.helpers import demo_questions, form_fields
from tests.paper.conftest import IMPORT, SLUG, BASE, audit_actions, responses_by_channel


def template_columns(client) -> list[str]:
    response = client.get(f"{BASE}/{SLUG}/vorlage.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    return text[1:].strip().split(";")


def good_row(locality: str = "5", **overrides) -> dict[str, str]:
    """A completed demo questionnaire in the CSV scheme: option numbers as printed (1 = first)."""
    q = demo_questions()
    row = {
        f"q{q['locality'].id}": locality,
        f"q{q['connection'].id}": "3",
        f"q{q['satisfaction'].id}": "4",
        f"q{q['outages'].id}": "2",
        f"q{q['reception'].id}": "na",
        f"q{q['household'].id}": "3",
        f"q{q['frequency'].id}": "1",
        f"q{q['skills'].id}": "5",
        f"q{q['services'].id}": "1+5",
        f"q{q['barriers'].id}": "2",
        f"q{q['contact'].id}_place1": "2",
        f"q{q['contact'].id}_place2": "5",
        f"q{q['top3'].id}_place1": "2",
        f"q{q['top3'].id}_place2": "1",
        f"q{q['top3'].id}_place3": "12",
        f"q{q['first_service'].id}": "Termine online buchen",
        f"q{q['vision'].id}": 'Glasfaser für alle; "schnell",\nund ein Bürgerbüro online',
        f"q{q['age'].id}": "5",
    }
    for index, option in enumerate(q["importance"].options):
        row[f"q{q['importance'].id}_{option.id}"] = str(1 + index % 5)
    row.update(overrides)
    return row


def csv_bytes(columns: list[str], rows: list[dict[str, str]], delimiter: str = ";") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode("utf-8")


def upload(client, data: bytes, filename: str = "boegen.csv"):
    token = form_fields(client.get(IMPORT).get_data(as_text=True))["csrf_token"]
    # Encoded here, in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": token, "file": FileStorage(io.BytesIO(data), filename, content_type="text/csv")})
    return client.post(IMPORT, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_file_with_one_bad_line_stores_nothing_and_reports_each_problem(editor):
    columns = template_columns(editor)
    q = demo_questions()
    household, connection = f"q{q['household'].id}", f"q{q['connection'].id}"
    rows = [good_row(), good_row("1"), good_row("2"), good_row("3", **{household: "viele", connection: "9"})]
    response = upload(editor, csv_bytes(columns, rows))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nichts wurde gespeichert" in html
    assert "4 Zeilen mit Antworten geprüft. 1 davon hat Fehler." in html
    # Line 5 (the header is line 1), with its column, question number, value and message.
    assert f"<tr><td>5</td><td>{connection}</td><td>2</td><td>9</td><td>Kein gültiger Wert. Erlaubt: Nummer der Antwort, 1 bis 5.</td></tr>" in html
    assert f"<tr><td>5</td><td>{household}</td><td>6</td><td>viele</td><td>Bitte geben Sie eine Zahl ein, zum Beispiel 3.</td></tr>" in html
    assert responses_by_channel() == {}
    assert "paper.import" not in audit_actions()

    rows[3] = good_row("3")
    response = upload(editor, csv_bytes(columns, rows))
    assert response.status_code == 302
    assert "4 Bögen wurden importiert." in editor.get(response.location).get_data(as_text=True)
    assert responses_by_channel() == {"paper": 4}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "paper.import")).one()
    assert event.details == {"rows": 4} and event.object_type == "Survey"
    # Option numbers became the options; the quoted text with ; , " and a line break is intact.
    chosen = set(db.session.scalars(select(Answer.option_id).where(Answer.question_id == q["services"].id)))
    assert chosen == {q["services"].options[0].id, q["services"].options[4].id}
    text = db.session.scalars(select(Answer.text_value).where(Answer.question_id == q["vision"].id)).first()
    assert text == 'Glasfaser für alle; "schnell",\nund ein Bürgerbüro online'
    localities = sorted(db.session.scalars(select(Response.locality_id)))
    assert len(set(localities)) == 4


def test_the_same_file_twice_is_stored_once(editor):
    data = csv_bytes(template_columns(editor), [good_row(), good_row("2")])
    assert upload(editor, data).status_code == 302
    again = upload(editor, data)
    assert again.status_code == 409
    assert "schon importiert" in again.get_data(as_text=True)
    assert responses_by_channel() == {"paper": 2}


def test_comma_separated_files_in_any_column_order_are_read(editor):
    columns = list(reversed(template_columns(editor)))
    assert upload(editor, csv_bytes(columns, [good_row()], delimiter=",")).status_code == 302
    assert responses_by_channel() == {"paper": 1}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Die Datei ist leer."),
        (b"   \r\n", "Die Datei ist leer."),
        ("q1;q2\r\nMöse;2\r\n".encode("latin-1"), "nicht in UTF-8 gespeichert (Zeile 2)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "nicht in UTF-8"),
    ],
)
def test_unreadable_files_get_a_clear_message(editor, data, message):
    response = upload(editor, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert responses_by_channel() == {}


def test_a_wrong_header_names_each_wrong_column(editor):
    columns = template_columns(editor)
    wrong = ["frage1" if column == columns[0] else column for column in columns] + [columns[1]]
    response = upload(editor, csv_bytes(wrong, [good_row()]))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<td>1</td><td>frage1</td>" in html and "gehört nicht zu dieser Umfrage" in html
    assert f"<td>1</td><td>{columns[0]}</td>" in html and "fehlt in der Kopfzeile" in html
    assert "steht mehrfach in der Kopfzeile" in html
    tabs = upload(editor, "\t".join(columns).encode() + b"\r\n1\r\n")
    assert "nur eine Spalte" in tabs.get_data(as_text=True)
    only_header = upload(editor, csv_bytes(columns, []))
    assert "keine Antworten" in only_header.get_data(as_text=True)
    assert responses_by_channel() == {}


def test_a_file_over_the_limit_is_refused_with_a_clear_message(editor):
    columns = template_columns(editor)
    big = csv_bytes(columns, [good_row()]) + b"\r\n" * (3 * 1024 * 1024)
    response = upload(editor, big)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Die Datei ist zu groß: höchstens 2 MB." in html
    assert "Spalten dieser Umfrage" in html  # the import page, not a bare error page
    assert responses_by_channel() == {}


def test_a_file_just_over_the_limit_inside_the_request_allowance(editor):
    data = csv_bytes(template_columns(editor), [good_row()] * 3)
    editor.application.config["PAPER_IMPORT_MAX_BYTES"] = len(data) - 1
    try:
        response = upload(editor, data)
    finally:
        del editor.application.config["PAPER_IMPORT_MAX_BYTES"]
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)
    assert responses_by_channel() == {}


def test_no_file_chosen(editor):
    token = form_fields(editor.get(IMPORT).get_data(as_text=True))["csrf_token"]
    response = editor.post(IMPORT, data={"csrf_token": token}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Bitte wählen Sie eine CSV-Datei aus." in response.get_data(as_text=True)


def test_import_needs_the_editor_role(client, demo, make_staff, login):
    assert client.get(IMPORT).status_code == 302
    make_staff("moderation@example.org", "moderator")
    login(client, "moderation@example.org")
    assert client.get(IMPORT).status_code == 403
    assert client.get(f"{BASE}/{SLUG}/vorlage.csv").status_code == 403
