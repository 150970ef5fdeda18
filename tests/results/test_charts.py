"""Charts: one lean, deterministic SVG per question and group; hidden values drawn as markers."""

import re
import subprocess
import sys

import pytest

from participation.results import charts

WORDS = charts.ChartWords(
    fewer_than_min_cell="< 5",
    protected="geschützt",
    fewer_than_min_group="< 10 Antworten",
    scale_ends="{min} = {label_min} … {max} = {label_max}",
    scale_axis="Mittelwert ({scale})",
    points_axis="Durchschnittliche Punkte (Platz 1 = {points} Punkte)",
    share_axis="Anteil der {n} Antwortenden, die das gewählt haben",
    distribution_axis="Anteil der {n} Antworten",
)
#: Okabe–Ito colours used for bars, plus white, the hatch grey and the text colours.
ALLOWED_COLOURS = {"#0072b2", "#56b4e9", "#ffffff", "#505050", "#1b1b1b", "#4a4f55"}


def question(data, kind):
    return next(q for q in data["questions"] if q["kind"] == kind)


def render(q, group="town", language="de"):
    data = charts.chart_data(q, group, language, WORDS)
    return data, charts.render_svg(data, f"Frage {q['number']}", charts.describe(data))


def texts_of(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("kind", ["locality", "single", "scale", "number", "multiple", "matrix", "ranking", "demographic"])
def test_every_counted_kind_gets_a_clean_accessible_svg(snapshot_data, kind):
    q = question(snapshot_data, kind)
    data, svg = render(q)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert 'viewBox="0 0 360 ' in svg and 'role="img"' in svg
    assert f"<title id=\"title\">Frage {q['number']}</title>" in svg
    assert "<desc" in svg and data.note in svg
    assert "<metadata" not in svg and "DOCTYPE" not in svg and "Date" not in svg
    assert 'font-family="system-ui, sans-serif"' in svg and "DejaVu" not in svg
    # Presentation attributes, not styles: the chart renders under a CSP without 'unsafe-inline'.
    assert "<style" not in svg and "style=" not in svg
    used = {colour.lower() for colour in re.findall(r"#[0-9a-fA-F]{6}\b", svg)}
    assert used <= ALLOWED_COLOURS, used - ALLOWED_COLOURS
    assert len(svg) < 14_000, len(svg)  # lean: a few KB, less than 3 KB compressed
    # Text is text (no glyph paths), so labels are searchable and translatable.
    labels = texts_of(svg)
    assert any(bar.label.split()[0] in " ".join(labels) for bar in data.bars)


def test_rendering_is_deterministic(snapshot_data):
    q = question(snapshot_data, "matrix")
    assert render(q)[1] == render(q)[1]


def test_text_questions_have_no_chart(snapshot_data):
    for kind in ("short_text", "long_text"):
        assert charts.chart_data(question(snapshot_data, kind), "town", "de", WORDS) is None
        assert not charts.has_chart(question(snapshot_data, kind))


def test_a_small_group_gets_no_chart(snapshot_data):
    for q in snapshot_data["questions"]:
        assert charts.chart_data(q, "locality:mose", "de", WORDS) is None


def test_a_suppressed_count_is_drawn_as_a_hatched_marker_never_as_a_number(snapshot_data):
    q = question(snapshot_data, "single")
    table = q["tables"][0]
    found = 0
    for group in table["groups"]:
        data = charts.chart_data(q, group["key"], "de", WORDS)
        if data is None:
            continue
        for bar, cell in zip(data.bars, group["cells"]):
            if cell["marker"] == "fewer_than_min_cell":
                found += 1
                assert bar.value is None and bar.text == "< 5"
            elif cell["marker"] == "protected":
                assert bar.value is None and bar.text == "geschützt"
            else:
                assert str(cell["count"]) in bar.text
        if any(bar.value is None for bar in data.bars):
            svg = charts.render_svg(data, "t", charts.describe(data))
            assert "<pattern" in svg or "hatch" in svg  # the empty, hatched stand-in bar
            assert "&lt; 5" in svg or "geschützt" in svg
    assert found, "the fixture should contain small counts"


def test_bars_carry_count_and_percentage_in_the_readers_language(snapshot_data):
    q = question(snapshot_data, "locality")
    cell = q["tables"][0]["groups"][0]["cells"][0]
    german = charts.chart_data(q, "town", "de", WORDS).bars[0].text
    english = charts.chart_data(q, "town", "en", WORDS).bars[0].text
    # German keeps number and sign together with a no-break space.
    assert german == f"{str(cell['percent']).replace('.', ',').removesuffix(',0')}\u00a0% ({cell['count']})"
    assert english == f"{str(cell['percent']).removesuffix('.0')}% ({cell['count']})"


def test_means_are_read_against_the_whole_scale(snapshot_data):
    q = question(snapshot_data, "matrix")
    data = charts.chart_data(q, "town", "de", WORDS)
    assert (data.base, data.top) == (1, 5)
    assert "1 = unwichtig … 5 = sehr wichtig" in data.note
    ranking = charts.chart_data(question(snapshot_data, "ranking"), "town", "de", WORDS)
    assert ranking.base == 0 and ranking.top == len(question(snapshot_data, "ranking")["tables"][0]["categories"]) - 1


def test_height_is_known_before_drawing(snapshot_data):
    data, svg = render(question(snapshot_data, "multiple"))
    assert f'viewBox="0 0 360 {data.height}' in svg


def test_charts_are_drawn_in_a_helper_process_identical_to_drawing_here(snapshot_data):
    from participation.results.draw import draw_elsewhere

    jobs = []
    for kind in ("single", "matrix"):
        data = charts.chart_data(question(snapshot_data, kind), "town", "de", WORDS)
        jobs.append((data, f"Frage zu {kind}", charts.describe(data)))
    assert draw_elsewhere(jobs) == [charts.render_svg(*job) for job in jobs]


def test_importing_charts_loads_no_matplotlib_and_drawing_uses_no_pyplot():
    script = (
        "import sys\n"
        "from participation.results import charts\n"
        "assert 'matplotlib' not in sys.modules\n"
        "bars = (charts.Bar('Ja', 60.0, '60 %'), charts.Bar('Nein', None, '< 5'))\n"
        "svg = charts.render_svg(charts.ChartData(bars, 0, 60.0, 'Anteil'), 't', 'd')\n"
        "assert '<svg' in svg\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)


def test_styles_become_presentation_attributes_with_the_same_drawing():
    bars = (charts.Bar("Ja", 60.0, "60 %"), charts.Bar("keine Angabe", 5.0, "5 %", True), charts.Bar("Nein", None, "< 5"))
    svg = charts.render_svg(charts.ChartData(bars, 0, 60.0, "Anteil"), "t", "d")
    assert "<style" not in svg and "style=" not in svg
    # matplotlib's one rule goes to the root, which every element (and the hatch pattern) inherits from.
    assert svg.startswith('<svg role="img" aria-labelledby="title desc" stroke-linejoin="round" stroke-linecap="butt" ')
    assert 'fill="#0072b2"' in svg and 'fill="#56b4e9"' in svg
    hatch = re.search(r'fill="url\(#(\w+)\)" stroke="#505050" stroke-width="1.2" stroke-linejoin="miter"', svg)
    assert hatch and f'<pattern id="{hatch.group(1)}"' in svg
    assert re.search(r'<text font-weight="700" font-size="14px" font-family="system-ui, sans-serif" text-anchor="start" fill="#1b1b1b" x="[\d.]+" y="[\d.]+">60 %</text>', svg)
    assert "rotate(" not in svg and 'id="text_' not in svg and "\n\"" not in svg


def test_a_style_without_presentation_attribute_is_refused():
    with pytest.raises(ValueError, match="presentation attribute"):
        charts._without_styles('<svg ><path style="filter: blur(2px)"/></svg>')
