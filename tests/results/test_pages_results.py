"""Public result pages over hand-made snapshots: what residents, council members and journalists read."""

import re

from sqlalchemy import select

from participation.extensions import db
from participation.results.models import ResultChart
from participation.surveys.models import Survey
from tests.results.conftest import QUOTE_ELBEU, QUOTE_TOWN, RESPONDENTS
from tests.results.pagetables import rows_by_header, tables

SLUG = "digitales-wolmirstedt"
PAGE = f"/ergebnisse/{SLUG}"


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def english(client):
    client.get("/sprache/en")


# --- the list -----------------------------------------------------------------------------------


def test_the_list_says_when_nothing_is_published(client, demo):
    html = html_of(client, "/ergebnisse")
    assert "Noch sind keine Ergebnisse veröffentlicht" in html
    assert f'href="{PAGE}"' not in html


def test_the_list_shows_published_surveys_newest_first(client, republished):
    html = html_of(client, "/ergebnisse")
    assert f'<a href="{PAGE}">Wie digital ist Wolmirstedt? Ihre Meinung zählt</a>' in html
    assert "Veröffentlicht am 24. November 2026" in html and "Version 2" in html
    assert 'href="/api/v1/surveys"' in html


def test_an_open_survey_has_no_results_page(client, demo):
    html_of(client, PAGE, 404)
    html_of(client, f"{PAGE}/v1/diagramme/de/2.svg", 404)


def test_results_disappear_when_a_survey_is_reopened(client, published):
    db.session.scalars(select(Survey)).one().status = "open"
    db.session.commit()
    html_of(client, PAGE, 404)
    assert f'href="{PAGE}"' not in html_of(client, "/ergebnisse")


def test_unknown_survey_locality_and_version_are_not_found(client, published):
    html_of(client, "/ergebnisse/gibt-es-nicht", 404)
    html_of(client, f"{PAGE}/atlantis", 404)
    html_of(client, f"{PAGE}/v9", 404)


# --- the whole town -----------------------------------------------------------------------------


def test_the_town_page_shows_every_question_with_a_table(client, published, snapshot_data):
    html = html_of(client, PAGE)
    found = tables(html)
    for question in snapshot_data["questions"]:
        assert f'id="f{question["number"]}"' in html
        assert question["prompt"]["de"].replace("„", "") in html.replace("„", "")
        assert f"t{question['number']}" in found, question["number"]
        assert found[f"t{question['number']}"]["caption"] == f"Frage {question['number']}, Ganze Stadt"
    assert f"Teilgenommen haben {sum(RESPONDENTS.values())} Personen." in html
    assert "Version 1, veröffentlicht am 20. November 2026" in html


def test_a_distribution_table_has_headers_counts_and_percentages(client, published, snapshot_data):
    question = next(q for q in snapshot_data["questions"] if q["kind"] == "locality")
    table = tables(html_of(client, PAGE))[f"t{question['number']}"]
    assert [cell["text"] for cell in table["head"][0]] == ["Antwort", "Anzahl", "Anteil"]
    assert all(cell["scope"] == "col" for cell in table["head"][0])
    assert all(row[0]["tag"] == "th" and row[0]["scope"] == "row" for row in table["rows"])
    rows = rows_by_header(table)
    town = question["tables"][0]["groups"][0]
    # (the parser reads the no-break space before "%" as a space)
    assert rows["Elbeu"] == [str(RESPONDENTS["elbeu"]), f"{town['cells'][1]['percent']} %".replace(".", ",")]


def test_hidden_numbers_are_words_linked_to_the_explanation(client, published, snapshot_data):
    html = html_of(client, PAGE)
    markers = re.findall(r'<a href="#fehlende-zahlen">([^<]+)</a>', html)
    assert {"weniger als 5", "weniger als 10 Antworten", "geschützt"} <= set(markers)
    assert 'id="fehlende-zahlen"' in html and "Warum fehlen manche Zahlen?" in html
    # The policy the gate used is stated.
    assert "Kleinste gezeigte Zahl: 5. Kleinste Gruppe: 10 Antworten." in html
    # Every hidden cell of the town's tables reads as its marker, never as a number.
    page_tables = tables(html)
    for question in snapshot_data["questions"]:
        table = question["tables"][0]
        if table["measure"] != "distribution" or question["kind"] == "matrix":
            continue
        rows = page_tables[f"t{question['number']}"]["rows"]
        for row, cell in zip(rows, table["groups"][0]["cells"]):
            if cell["marker"] == "fewer_than_min_cell":
                assert row[1]["text"] == "weniger als 5" and row[1]["links"] == ["#fehlende-zahlen"]


def test_breakdowns_by_locality_and_age_are_in_a_details_element(client, published, snapshot_data):
    html = html_of(client, PAGE)
    question = next(q for q in snapshot_data["questions"] if q["kind"] == "single")
    number = question["number"]
    section = html[html.index(f'id="f{number}"'):html.index(f'id="f{number + 1}"')]
    assert '<details class="more">' in section and "Aufgeschlüsselt nach Gruppen" in section
    by_locality = tables(html)[f"t{number}-locality"]
    assert by_locality["caption"] == f"Frage {number} nach: Ortschaft"
    rows = rows_by_header(by_locality)
    assert list(rows)[0] == "Ganze Stadt" and "Elbeu" in rows
    assert rows["Mose"] == ["weniger als 10 Antworten"]  # the whole row: no numbers at all
    # Beside each group's n, the shares (the counts are in the group's own page and the API).
    elbeu = next(g for g in question["tables"][0]["groups"] if g["key"] == "locality:elbeu")
    expected = [str(elbeu["n"])] + [
        f"{c['percent']} %".replace(".", ",").replace(",0 ", " ") if c["percent"] is not None
        else {"fewer_than_min_cell": "weniger als 5", "protected": "geschützt"}[c["marker"]]
        for c in elbeu["cells"]
    ]
    assert rows["Elbeu"] == expected
    by_age = tables(html)[f"t{number}-{snapshot_data['dimensions'][1]['key']}"]
    assert by_age["caption"] == f"Frage {number} nach: Wie alt sind Sie?"
    assert "unter 18 Jahre" in rows_by_header(by_age)


def test_means_medians_and_scale_words(client, published, snapshot_data):
    html = html_of(client, PAGE)
    scale = next(q for q in snapshot_data["questions"] if q["kind"] == "scale" and q["tables"][0]["groups"][0]["mean"])
    number = scale["number"]
    section = html[html.index(f'id="f{number}"'):html.index(f'id="f{number + 1}"')]
    mean = str(scale["tables"][0]["groups"][0]["mean"]).replace(".", ",")
    assert f"Mittelwert: {mean}" in section
    assert "1 = gar nicht zufrieden, 5 = sehr zufrieden" in section or "1 = sehr schlecht" in section or "1 = Anfänger" in section


def test_matrix_and_ranking_tables_scroll_in_their_own_focusable_box(client, published, snapshot_data):
    html = html_of(client, PAGE)
    matrix = next(q for q in snapshot_data["questions"] if q["kind"] == "matrix")
    box = re.search(rf'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="t{matrix["number"]}">', html)
    assert box
    table = tables(html)[f"t{matrix['number']}"]
    assert [c["text"] for c in table["head"][0]][:4] == ["Bereich", "Mittelwert", "1", "2"]
    assert "Digitales Rathaus & Verwaltung" in rows_by_header(table)


def test_the_unit_of_a_number_question_is_named(client, published, snapshot_data):
    number = next(q for q in snapshot_data["questions"] if q["kind"] == "number")["number"]
    html = html_of(client, PAGE)
    section = html[html.index(f'id="f{number}"'):html.index(f'id="f{number + 1}"')]
    assert "Angaben in: Personen" in section


def test_life_areas_are_named(client, published):
    html = html_of(client, PAGE)
    assert "Lebensbereich: Digitale Infrastruktur" in html


def test_quotes_appear_for_their_own_group_only(client, published):
    town = html_of(client, PAGE)
    assert QUOTE_TOWN in town and QUOTE_ELBEU not in town
    elbeu = html_of(client, f"{PAGE}/elbeu")
    assert QUOTE_ELBEU in elbeu and QUOTE_TOWN not in elbeu


def test_charts_are_images_with_text_alternatives_at_versioned_urls(client, published, snapshot_data):
    html = html_of(client, PAGE)
    images = re.findall(r'<img class="chart" src="([^"]+)" width="360" height="(\d+)" loading="lazy" alt="([^"]+)">', html)
    counted = [q for q in snapshot_data["questions"] if q["kind"] not in ("short_text", "long_text")]
    assert len(images) == len(counted)
    src, height, alt = images[0]
    assert src == f"{PAGE}/v1/diagramme/de/1.svg"
    assert alt == "Balkendiagramm zu Frage 1. Dieselben Zahlen stehen in der Tabelle darunter."
    assert int(height) > 50


def test_a_chart_is_drawn_once_and_cached_for_a_year(client, published, snapshot_data):
    url = f"{PAGE}/v1/diagramme/de/2.svg"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "image/svg+xml"
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert first.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'none'"
    # One helper process drew the charts of every question for the town in German, and they are kept.
    counted = [q["number"] for q in snapshot_data["questions"] if q["kind"] not in ("short_text", "long_text")]
    rows = {(row.key, row.language): row for row in db.session.scalars(select(ResultChart))}
    assert set(rows) == {(f"q{number}/town", "de") for number in counted}
    # The stored chart is what is served, even if drawing would now give something else.
    rows[("q2/town", "de")].svg = rows[("q2/town", "de")].svg.replace("<desc", "<!-- kept --><desc")
    db.session.commit()
    assert "<!-- kept -->" in client.get(url).get_data(as_text=True)
    assert client.get(f"{PAGE}/v1/diagramme/de/3.svg").get_data(as_text=True).startswith("<svg")
    assert len(db.session.scalars(select(ResultChart)).all()) == len(counted)


def test_a_concurrent_second_insert_of_the_same_chart_is_ignored(app, published):
    from participation.results.chart_cache import store_charts
    from participation.results.models import ResultSnapshot

    snapshot_id = db.session.scalars(select(ResultSnapshot.id)).one()
    db.session.commit()
    store_charts(snapshot_id, "de", {"q2/town": "<svg>first</svg>"})
    store_charts(snapshot_id, "de", {"q2/town": "<svg>second</svg>", "q3/town": "<svg>third</svg>"})
    db.session.commit()  # a fresh read, after both writers
    assert sorted(db.session.scalars(select(ResultChart.svg)).all()) == ["<svg>first</svg>", "<svg>third</svg>"]


def test_charts_in_english_and_for_a_locality(client, published):
    english_chart = client.get(f"{PAGE}/v1/diagramme/en/2.svg").get_data(as_text=True)
    assert "Share of the 140 answers" in english_chart and "Anteil" not in english_chart
    assert client.get(f"{PAGE}/v1/diagramme/en/elbeu/2.svg").status_code == 200
    keys = set(db.session.scalars(select(ResultChart.key).where(ResultChart.language == "en")))
    assert {"q2/locality:elbeu", "q2/town"} <= keys
    assert not set(db.session.scalars(select(ResultChart.key).where(ResultChart.language == "de")))


def test_charts_word_hidden_values_with_the_snapshots_own_thresholds(client, demo):
    from tests.results.conftest import SnapshotMaker, insert_snapshot

    data = SnapshotMaker().data()
    data["policy"] = dict(data["policy"], MIN_CELL=7, MIN_GROUP=15)  # an installation's stricter rules
    insert_snapshot(data)
    question = next(
        q for q in data["questions"] if q["kind"] in ("single", "scale")
        and any(c["marker"] == "fewer_than_min_cell" for c in q["tables"][0]["groups"][0]["cells"])
    )
    svg = client.get(f"{PAGE}/v1/diagramme/de/{question['number']}.svg").get_data(as_text=True)
    assert "&lt; 7" in svg and "&lt; 5" not in svg
    assert "weniger als 7" in html_of(client, PAGE)


def test_no_chart_where_there_is_nothing_to_draw(client, published, snapshot_data):
    text_question = next(q for q in snapshot_data["questions"] if q["kind"] == "long_text")
    html_of(client, f"{PAGE}/v1/diagramme/de/{text_question['number']}.svg", 404)
    html_of(client, f"{PAGE}/v1/diagramme/de/mose/2.svg", 404)  # fewer than 10 answers there
    html_of(client, f"{PAGE}/v1/diagramme/fr/2.svg", 404)
    html_of(client, f"{PAGE}/v1/diagramme/de/99.svg", 404)
    html_of(client, f"{PAGE}/v7/diagramme/de/2.svg", 404)


# --- localities ---------------------------------------------------------------------------------


def test_a_locality_page_shows_that_localitys_numbers(client, published, snapshot_data):
    html = html_of(client, f"{PAGE}/elbeu")
    assert f"Teilgenommen haben {RESPONDENTS['elbeu']} Personen." in html
    assert '<span aria-current="page">Elbeu</span>' in html
    single = next(q for q in snapshot_data["questions"] if q["kind"] == "single")
    table = tables(html)[f"t{single['number']}"]
    assert table["caption"] == f"Frage {single['number']}, Elbeu"
    elbeu = next(g for g in single["tables"][0]["groups"] if g["key"] == "locality:elbeu")
    shown = [row[1]["text"] for row in table["rows"]]
    expected = [str(c["count"]) if c["count"] is not None else ("weniger als 5" if c["marker"] == "fewer_than_min_cell" else "geschützt") for c in elbeu["cells"]]
    assert shown == expected
    assert f'src="{PAGE}/v1/diagramme/de/elbeu/' in html
    assert "Aufgeschlüsselt nach Gruppen" not in html  # breakdowns belong to the whole town


def test_a_small_locality_shows_no_numbers_and_says_why(client, published):
    html = html_of(client, f"{PAGE}/mose")
    assert "Teilgenommen haben weniger als 10 Personen. Deshalb zeigen wir hier keine Zahlen." in html
    assert "Zu dieser Frage gab es hier weniger als 10 Antworten. Deshalb zeigen wir keine Zahlen." in html
    assert "<table>" not in html and 'class="chart"' not in html


def test_a_protected_participant_count_is_not_shown(client, published):
    html = html_of(client, f"{PAGE}/farsleben")  # its count would give Mose's away
    assert "Wie viele Personen hier teilgenommen haben, ist geschützt." in html
    assert f"{RESPONDENTS['farsleben']} Personen" not in html


# --- versions -----------------------------------------------------------------------------------


def test_the_latest_version_lists_earlier_ones_with_their_reasons(client, republished):
    html = html_of(client, PAGE)
    assert "Version 2, veröffentlicht am 24. November 2026" in html
    assert f'<a href="{PAGE}/v1">Version 1 vom 20. November 2026</a>' in html
    assert "Papierbögen aus Glindenberg nachgetragen" in html
    assert "ältere Fassung" not in html
    assert f'src="{PAGE}/v2/diagramme/de/1.svg"' in html


def test_an_earlier_version_stays_readable_with_a_notice(client, republished):
    html = html_of(client, f"{PAGE}/v1")
    assert "Sie sehen eine ältere Fassung dieser Ergebnisse (Version 1 vom 20. November 2026)" in html
    assert f'<a href="{PAGE}">Zur aktuellen Fassung (Version 2)</a>' in html
    assert f'src="{PAGE}/v1/diagramme/de/1.svg"' in html
    assert f'href="{PAGE}/v1/elbeu"' in html
    assert "Sie sehen eine ältere Fassung" in html_of(client, f"{PAGE}/v1/elbeu")


def test_the_latest_version_has_one_address(client, republished):
    response = client.get(f"{PAGE}/v2/elbeu")
    assert response.status_code == 302 and response.location == f"{PAGE}/elbeu"


# --- language -----------------------------------------------------------------------------------


def test_the_page_in_english(client, published):
    english(client)
    html = html_of(client, PAGE)
    assert '<html lang="en">' in html
    assert "How digital is Wolmirstedt? Your opinion counts" in html
    assert ">fewer than 5</a>" in html and ">fewer than 10 answers</a>" in html
    assert "Why are some numbers missing?" in html
    assert f'src="{PAGE}/v1/diagramme/en/1.svg"' in html
    assert "Whole town" in html


# --- the way there ------------------------------------------------------------------------------


def test_navigation_and_home_page_lead_to_the_results(client, published):
    home = html_of(client, "/")
    assert '<a href="/ergebnisse">Ergebnisse</a>' in home
    assert f'href="{PAGE}"' in home  # the teaser names the newest published results


def test_home_page_has_no_teaser_without_results(client, demo):
    home = html_of(client, "/")
    assert '<a href="/ergebnisse">Ergebnisse</a>' in home
    assert "Neue Ergebnisse" not in home


# --- rendered once ------------------------------------------------------------------------------


def test_a_page_body_is_rendered_once_per_version_group_and_language(client, published):
    from participation.results.models import ResultSnapshot

    first = html_of(client, PAGE)
    snapshot = db.session.scalars(select(ResultSnapshot)).one()
    # Snapshots never change; if one did, the worker would still serve what it rendered.
    changed = dict(snapshot.data, survey=dict(snapshot.data["survey"], title={"de": "Geändert"}))
    snapshot.data = changed
    db.session.commit()
    assert html_of(client, PAGE) == first
    assert "Geändert" in html_of(client, f"{PAGE}/elbeu")  # another group: rendered now
    english(client)
    assert "Geändert" in html_of(client, PAGE)  # another language: rendered now


def test_personal_parts_of_a_page_are_never_shared(client, app, published, make_staff, login):
    staff_client = app.test_client()
    make_staff("analyse@example.org", "analyst")
    login(staff_client, "analyse@example.org")
    assert "Abmelden" in html_of(staff_client, PAGE)
    anonymous = html_of(client, PAGE)
    assert "Abmelden" not in anonymous and "csrf_token" not in anonymous
