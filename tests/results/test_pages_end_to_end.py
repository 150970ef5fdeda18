"""From answers to published pages: residents answer, the survey is closed and published, and the
page and the API show the same protected numbers; a hidden value never shows up anywhere."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.results.services import close_survey, publish_results
from participation.surveys.models import Survey
from tests.helpers import Resident, demo_answers, demo_questions, summary_links
from tests.results.pagetables import compare_page_with_api, rows_by_header, tables

SLUG = "digitales-wolmirstedt"
PAGE = f"/ergebnisse/{SLUG}"
#: Who answers where. Mose stays below MIN_GROUP (10), so nothing of Mose may be published.
PEOPLE = {"wolmirstedt": 14, "glindenberg": 12, "mose": 3}


def varied_answers(index: int, locality: str) -> list[dict]:
    """The demo answers, varied per resident so that the tables are not all alike."""
    q = demo_questions()
    pages = demo_answers(locality)

    def opt(key: str, position: int) -> str:
        options = q[key].options
        return str(options[position % len(options)].id)

    pages[0][f"q{q['connection'].id}"] = opt("connection", index % 3)
    pages[1][f"q{q['satisfaction'].id}"] = str(1 + index % 5)
    pages[2][f"q{q['frequency'].id}"] = opt("frequency", index % 2)
    pages[2][f"q{q['skills'].id}"] = str(1 + (index * 2) % 5)
    pages[2][f"q{q['services'].id}"] = [opt("services", index), opt("services", index + 3)]
    pages[4][f"q{q['age'].id}"] = opt("age", 1 + index % 4)
    return pages


def answer(client, index: int, locality: str) -> None:
    resident = Resident(client)
    resident.start()
    pages = varied_answers(index, locality)
    for number, fields in enumerate(pages, 1):
        response = resident.post_page(number, fields, "submit" if number == len(pages) else "next")
        assert response.status_code == 302, (number, summary_links(resident.html))


@pytest.fixture
def published_for_real(app, client, demo):
    index = 0
    for locality, count in PEOPLE.items():
        for _ in range(count):
            answer(app.test_client(), index, locality)  # each resident with a browser of their own
            index += 1
    survey = db.session.scalars(select(Survey).where(Survey.slug == SLUG)).one()
    close_survey(survey)
    snapshot = publish_results(survey)
    db.session.commit()
    return snapshot.data


def test_page_and_api_show_the_same_published_numbers(client, published_for_real):
    api = client.get(f"/api/v1/surveys/{SLUG}/results").json
    api.pop("versions")
    assert api == published_for_real
    total = sum(PEOPLE.values())
    town = client.get(PAGE).get_data(as_text=True)
    assert f"Teilgenommen haben {total} Personen." in town
    assert compare_page_with_api(town, api, "town") > 30
    glindenberg = client.get(f"{PAGE}/glindenberg").get_data(as_text=True)
    # Mose's 3 would be the town minus the others: one other locality's size is protected too.
    sizes = {cat["key"]: cell["count"] for cat, cell in zip(api["respondents"]["categories"], api["respondents"]["groups"][0]["cells"])}
    if sizes["glindenberg"] is not None:
        assert f"Teilgenommen haben {PEOPLE['glindenberg']} Personen." in glindenberg
    assert sizes["mose"] is None and (sizes["glindenberg"] is None or sizes["wolmirstedt"] is None or sizes["elbeu"] is None)
    assert compare_page_with_api(glindenberg, api, "locality:glindenberg") > 10


def test_a_small_locality_never_shows_its_numbers(client, published_for_real):
    mose = client.get(f"{PAGE}/mose").get_data(as_text=True)
    assert "Teilgenommen haben weniger als 10 Personen." in mose
    assert "<table>" not in mose and 'class="chart"' not in mose
    # On the town page, Mose's row in every breakdown reads as a marker, never as a number.
    town = client.get(PAGE).get_data(as_text=True)
    breakdowns = [table for key, table in tables(town).items() if re.fullmatch(r"t\d+-locality", key)]
    assert breakdowns
    for table in breakdowns:
        rows = rows_by_header(table)
        if "Mose" in rows:  # single-table questions: one row per locality
            assert rows["Mose"] == ["weniger als 10 Antworten"], table["caption"]
        else:  # options as rows, localities as columns
            column = [cell["text"] for cell in table["head"][0]].index("Mose") - 1
            assert {row[column] for row in rows.values()} == {"weniger als 10 Antworten"}, table["caption"]
    # Neither the page nor the API gives Mose's three respondents away.
    locality_question = next(q for q in published_for_real["questions"] if q["kind"] == "locality")
    town_cells = locality_question["tables"][0]["groups"][0]["cells"]
    mose_index = [c["key"] for c in locality_question["tables"][0]["categories"]].index("mose")
    assert town_cells[mose_index]["count"] is None and town_cells[mose_index]["marker"]
    row = rows_by_header(tables(town)[f"t{locality_question['number']}"])["Mose"]
    assert row[0].startswith("weniger als") and "3" not in " ".join(row)
    api = client.get(f"/api/v1/surveys/{SLUG}/results").json
    every_table = [api["respondents"]] + [table for q in api["questions"] for table in q["tables"]]
    for table in every_table:
        for group in table["groups"]:
            if group["key"] == "locality:mose":
                assert group["n"] is None and group["mean"] is None, table["key"]
                assert all(cell["count"] is None and cell["percent"] is None for cell in group["cells"]), table["key"]


def test_charts_of_real_results_render(client, published_for_real):
    town = client.get(PAGE).get_data(as_text=True)
    sources = re.findall(r'<img class="chart" src="([^"]+)"', town)
    assert sources
    for source in sources:
        response = client.get(source)
        assert response.status_code == 200, source
        assert response.get_data(as_text=True).startswith("<svg")
