"""The workshop's export: cards, topics and dots as CSV (UTF-8, and semicolons with a BOM for German
Excel) and XLSX, with formula-like cells made plain text."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from participation.extensions import db
from participation.groups.workshop_export import csv_bytes, neutralise, xlsx_bytes
from participation.groups.workshop_models import WorkshopCluster
from tests.groups.poll_steps import token
from tests.groups.workshop_steps import (  # noqa: F401 (fixture)
    cards_of, current_stage, facilitator, give_dot, join, page_of, room_card, start_workshop, switch,
)

ATTACKS = ["=HYPERLINK(\"http://example.org\",\"klick\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab davor", "\rWagenrücklauf"]


@pytest.mark.parametrize("value", ATTACKS)
def test_formula_like_text_is_made_plain(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Mehr Busse", "5 Punkte", "", "Ärger über = Zeichen", 7, None])
def test_other_values_stay(value):
    assert neutralise(value) == value


def test_csv_writers_quote_and_mark_as_expected():
    rows = [["Karte; mit Semikolon", 3], ["Zeile\nzwei", 0], ["=1+1", 1]]
    plain = csv_bytes(["Karte", "Punkte"], rows)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(plain.decode()))) == [
        ["Karte", "Punkte"], ["Karte; mit Semikolon", "3"], ["Zeile\nzwei", "0"], ["'=1+1", "1"]]
    excel = csv_bytes(["Karte", "Punkte"], rows, excel=True)
    assert excel.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))[1] == ["Karte; mit Semikolon", "3"]


def test_xlsx_cells_are_text_never_formulas():
    workbook = load_workbook(io.BytesIO(xlsx_bytes([("Karten", ["Karte", "Punkte"], [[value, 1] for value in ATTACKS])])))
    sheet = workbook["Karten"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # XML reads a carriage return back as a line feed; what matters is the apostrophe in front.
    assert [cell.value for cell in cells] == ["'" + value.replace("\r", "\n") for value in ATTACKS]
    assert {cell.data_type for cell in cells} == {"s"}


def _exported_workshop(app, facilitator):
    workshop = start_workshop(facilitator, title="Werkstatt: Digitales Farsleben")
    for text in ("Mehr Busse am Abend", "=HYPERLINK(\"http://example.org\")", "Glasfaser für Farsleben"):
        room_card(facilitator, workshop, text)
    stage = current_stage(workshop)
    bus, attack, fibre = (card.id for card in cards_of(workshop))
    url = f"{page_of(workshop)}/runde/{stage.id}/themen"
    facilitator.post(f"{url}/neu", data={"csrf_token": token(facilitator, url), "title": "Internet"})
    topic = db.session.scalars(select(WorkshopCluster)).one()
    facilitator.post(f"{page_of(workshop)}/runde/{stage.id}/zuordnung",
                     data={"csrf_token": token(facilitator, url), f"card_{fibre}": str(topic.id)})
    switch(facilitator, workshop, "punktabfrage")
    phone = app.test_client()
    join(phone, workshop)
    give_dot(phone, workshop, fibre)
    give_dot(phone, workshop, fibre)
    give_dot(phone, workshop, bus)
    facilitator.post(f"{page_of(workshop)}/runde/{stage.id}/raumpunkte", data={
        "csrf_token": token(facilitator, page_of(workshop)), f"card_{bus}": "3", f"card_{attack}": "0", f"card_{fibre}": "1"})
    return workshop


def test_the_cards_csv_holds_each_card_with_topic_and_dots(app, facilitator):
    workshop = _exported_workshop(app, facilitator)
    response = facilitator.get(f"{page_of(workshop)}/export/karten.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="werkstatt-digitales-farsleben-karten.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Phase", "Runde", "Thema", "Lebensbereiche", "Karte", "Herkunft", "Punkte vom Handy",
                       "Punkte im Raum", "Punkte zusammen", "Idee Nr."]
    assert rows[1:] == [
        ["Kritikphase", "1", "Internet", "", "Glasfaser für Farsleben", "Raum", "2", "1", "3", ""],
        ["Kritikphase", "1", "", "", "Mehr Busse am Abend", "Raum", "1", "3", "4", ""],
        ["Kritikphase", "1", "", "", "'=HYPERLINK(\"http://example.org\")", "Raum", "0", "0", "0", ""],
    ]
    excel = facilitator.get(f"{page_of(workshop)}/export/karten-excel.csv").get_data()
    assert excel.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";")) == rows


def test_the_topics_csv_and_the_workbook(app, facilitator):
    workshop = _exported_workshop(app, facilitator)
    rows = list(csv.reader(io.StringIO(facilitator.get(f"{page_of(workshop)}/export/themen.csv").get_data(as_text=True))))
    assert rows[0][:6] == ["Phase", "Runde", "Thema", "Lebensbereiche", "Karten", "Punkte"]
    assert rows[1][:6] == ["Kritikphase", "1", "Internet", "", "1", "3"]
    response = facilitator.get(f"{page_of(workshop)}/export/werkstatt.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == ["Karten", "Themen"]
    cards = [[cell.value for cell in row] for row in workbook["Karten"].iter_rows()]
    assert cards[3][4] == "'=HYPERLINK(\"http://example.org\")" and cards[2][8] == 4
    assert [[cell.value for cell in row] for row in workbook["Themen"].iter_rows()][1][:6] == ["Kritikphase", 1, "Internet", None, 1, 3]
    assert facilitator.get(f"{page_of(workshop)}/export/karten.pdf").status_code == 404


def test_exports_hold_no_participant_hashes(app, facilitator):
    workshop = _exported_workshop(app, facilitator)
    from participation.groups.workshop_models import WorkshopDot

    hashes = {dot.participant_hash for dot in db.session.scalars(select(WorkshopDot))}
    assert hashes
    texts = [facilitator.get(f"{page_of(workshop)}/export/{name}").get_data(as_text=True) for name in ("karten.csv", "themen.csv")]
    workbook = load_workbook(io.BytesIO(facilitator.get(f"{page_of(workshop)}/export/werkstatt.xlsx").get_data()))
    texts += [str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not any(value in text for value in hashes for text in texts)
