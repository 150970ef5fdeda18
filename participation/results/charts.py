"""Charts of published results: one lean, deterministic SVG per question and group. Pure: no Flask.

Input is a question of a snapshot (format in `snapshots.py`); output is SVG text. Suppressed values
are drawn as an empty hatched bar with their marker's words ("< 5"), never as a number. Colours are
from the Okabe–Ito palette (safe for colour blindness) and chosen to stay apart in greyscale print.
matplotlib is imported only when a chart is drawn: charts are rendered once per snapshot and cached,
so a worker that never draws one never pays for the import (QUALITY.md: memory per worker).
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

#: Okabe–Ito blue (dark in greyscale) for answers, sky blue (light grey) for "keine Angabe".
BAR_COLOUR = "#0072B2"
NO_ANSWER_COLOUR = "#56B4E9"
SUPPRESSED_EDGE = "#505050"
INK = "#1b1b1b"

WIDTH = 360  # SVG units (pt); about one unit per CSS pixel on a 390 px phone
FONT_SIZE = 14
LINE = 17
BAR_HEIGHT = 18
ROW_GAP = 12
TOP = 6
LABEL_CHARS = 44  # a label line that fits the width in the (wide) layout font
SUPPRESSED_SHARE = 0.14  # length of the hatched stand-in bar, as a share of the value axis
LABEL_ROOM = 0.30  # share of the width kept right of the longest bar for its number

TEXT_KINDS = ("short_text", "long_text")
_SVG_RC = {
    "svg.fonttype": "none",  # text stays text: selectable, small, translated
    "svg.hashsalt": "results",  # ids do not change between renders
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # layout only; the SVG names a generic font (below)
    "font.size": FONT_SIZE,
    "hatch.linewidth": 1.2,
    "hatch.color": SUPPRESSED_EDGE,
}


@dataclass(frozen=True)
class ChartWords:
    """The words a chart needs, in the reader's language (the caller translates)."""

    fewer_than_min_cell: str  # "< 5"
    protected: str  # "geschützt"
    fewer_than_min_group: str  # "< 10 Antworten"
    scale_ends: str  # "{min} = {label_min} … {max} = {label_max}"
    scale_axis: str  # "Mittelwert ({scale})"
    points_axis: str  # "Durchschnittliche Punkte (Platz 1 = {points} Punkte)"
    share_axis: str  # "Anteil der {n} Antwortenden, die das gewählt haben"
    distribution_axis: str  # "Anteil der {n} Antworten"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed
    text: str  # the number, or the marker's words
    muted: bool = False  # "keine Angabe"


@dataclass(frozen=True)
class ChartData:
    bars: tuple[Bar, ...]
    base: float  # where bars start (0, or the scale's minimum)
    top: float  # the largest value the axis must show
    note: str  # what the bars measure, printed under them

    def label_lines(self, bar: Bar) -> list[str]:
        return textwrap.wrap(bar.label, LABEL_CHARS) or [""]

    @property
    def height(self) -> int:
        """Height in SVG units; pure arithmetic, so pages can reserve the space before loading."""
        rows = sum(len(self.label_lines(bar)) * LINE + BAR_HEIGHT + ROW_GAP for bar in self.bars)
        return int(TOP + rows + len(_wrap(self.note)) * LINE + 6)


def text_in(text: dict | str | None, language: str) -> str:
    """A snapshot text in the language, falling back to German."""
    if not text:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get("de") or ""


@lru_cache(maxsize=16)
def _symbols(language: str) -> tuple[str, str, str]:
    """Decimal sign, grouping sign and percent pattern of a language (looked up once: a result page
    formats a few thousand numbers, and Babel parses its patterns on every call)."""
    locale = Locale.parse(language)
    pattern = locale.percent_formats[None].pattern.replace("¤", "")
    return get_decimal_symbol(locale), get_group_symbol(locale), pattern


def _decimal(value: float, places: int, language: str) -> str:
    decimal, group, _ = _symbols(language)
    text = f"{value:,.{places}f}"
    if places:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def number(value: float, language: str) -> str:
    return _decimal(value, 1, language)


def mean(value: float, language: str) -> str:
    """A mean as published (two decimals at most), so page and API show the same number."""
    return _decimal(value, 2, language)


def percent(value: float, language: str) -> str:
    """A percentage (0–100) the way the language writes it: "34,5 %" in German, "34.5%" in English."""
    return _symbols(language)[2].replace("#,##0", _decimal(value, 1, language))


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, LABEL_CHARS + 6)


def _group(table: dict, group_key: str) -> dict | None:
    return next((group for group in table["groups"] if group["key"] == group_key), None)


def _marker_words(marker: str | None, words: ChartWords) -> str:
    if marker == "fewer_than_min_cell":
        return words.fewer_than_min_cell
    if marker == "fewer_than_min_group":
        return words.fewer_than_min_group
    return words.protected


def has_chart(question: dict) -> bool:
    return question["kind"] not in TEXT_KINDS and bool(question["tables"])


def chart_data(question: dict, group_key: str, language: str, words: ChartWords) -> ChartData | None:
    """The bars of a question for one group, or None when there is nothing to draw."""
    if not has_chart(question):
        return None
    measure = question["tables"][0]["measure"]
    if measure == "distribution" and question["kind"] != "matrix":
        data = _distribution(question["tables"][0], group_key, language, words)
        scale = question.get("scale")
        if data and scale:
            data = ChartData(data.bars, data.base, data.top, data.note + ". " + _scale_words(scale, language, words))
        return data
    if measure == "share":
        return _per_table(question, group_key, language, words, _share_bar, 0, 100, words.share_axis)
    if measure == "places":
        places = len(question["tables"][0]["categories"]) - 1
        note = words.points_axis.format(points=number(places, language))
        return _per_table(question, group_key, language, words, _mean_bar, 0, places, note, full_axis=True)
    if question["kind"] == "matrix":
        scale = question.get("scale") or {}
        low, high = scale.get("min", 1), scale.get("max", 5)
        note = words.scale_axis.format(scale=_scale_words(scale, language, words))
        return _per_table(question, group_key, language, words, _mean_bar, low, high, note, full_axis=True)
    return None


def _scale_words(scale: dict, language: str, words: ChartWords) -> str:
    return words.scale_ends.format(
        min=scale.get("min", 1), max=scale.get("max", 5),
        label_min=text_in(scale.get("label_min"), language), label_max=text_in(scale.get("label_max"), language),
    )


def _distribution(table: dict, group_key: str, language: str, words: ChartWords) -> ChartData | None:
    group = _group(table, group_key)
    if table["withheld"] or group is None or group["marker"] or not group["n"]:
        return None
    bars = []
    if all(cell["marker"] or cell["percent"] is None for cell in group["cells"]):
        return None  # nothing but markers: the table says it better
    for category, cell in zip(table["categories"], group["cells"]):
        label = text_in(category["label"], language)
        muted = category["key"] == "na"
        if cell["marker"] or cell["percent"] is None:
            bars.append(Bar(label, None, _marker_words(cell["marker"], words), muted))
        else:
            text = f"{percent(cell['percent'], language)} ({number(cell['count'], language)})"
            bars.append(Bar(label, cell["percent"], text, muted))
    note = words.distribution_axis.format(n=number(group["n"], language))
    return ChartData(tuple(bars), 0, _top(bars, 0, 100), note)


def _share_bar(table: dict, group: dict, language: str) -> tuple[float | None, str]:
    cell = group["cells"][0]  # "chosen"
    if cell["marker"] or cell["percent"] is None:
        return None, cell["marker"] or "protected"
    return cell["percent"], f"{percent(cell['percent'], language)} ({number(cell['count'], language)})"


def _mean_bar(table: dict, group: dict, language: str) -> tuple[float | None, str]:
    if group["mean"] is None:
        return None, "protected"
    return group["mean"], mean(group["mean"], language)


def _per_table(question, group_key, language, words, bar_of, base, limit, note, full_axis=False) -> ChartData | None:
    """One bar per table (option or item): the share chosen, the mean, or the average points."""
    bars, shown, n = [], False, None
    for table in question["tables"]:
        group = _group(table, group_key)
        label = text_in(table["label"], language)
        if table["withheld"] or group is None:
            bars.append(Bar(label, None, words.protected))
            continue
        if group["marker"]:
            bars.append(Bar(label, None, _marker_words(group["marker"], words)))
            continue
        value, text = bar_of(table, group, language)
        if value is None:
            text = _marker_words(text, words)
        shown = shown or value is not None
        n = n if n is not None else group["n"]
        bars.append(Bar(label, value, text))
    if not shown:
        return None
    if "{n}" in note:  # the share's note names everyone who answered
        note = note.format(n=number(n, language))
    # Means are read against the whole scale; shares against the largest one, so small ones show.
    return ChartData(tuple(bars), base, limit if full_axis else _top(bars, base, limit), note)


def _top(bars: list[Bar], base: float, limit: float) -> float:
    values = [bar.value for bar in bars if bar.value is not None]
    # The longest bar sets the scale (short bars stay readable), but never beyond the axis' end.
    return min(limit, max(values, default=limit)) if values and max(values) > base else limit


def render_svg(data: ChartData, title: str, description: str) -> str:
    """Draw the bars (matplotlib `Figure`, never pyplot) and return clean, deterministic SVG."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    height = data.height
    with matplotlib.rc_context(_SVG_RC):
        figure = Figure(figsize=(WIDTH / 72, height / 72), facecolor="white")
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_axis_off()
        span = (data.top - data.base) or 1
        left = data.base - span * 0.01
        right = data.base + span / (1 - LABEL_ROOM)
        axes.set_xlim(left, right)
        axes.set_ylim(height, 0)
        y = TOP
        for bar in data.bars:
            for line in data.label_lines(bar):
                y += LINE
                axes.text(left, y - 4, line, color=INK, clip_on=False)
            middle = y + 2 + BAR_HEIGHT / 2
            if bar.value is None:
                width = span * SUPPRESSED_SHARE
                patch = Rectangle(
                    (data.base, y + 2), width, BAR_HEIGHT, facecolor="white",
                    edgecolor=SUPPRESSED_EDGE, hatch="///", linewidth=1.2, clip_on=False,
                )
            else:
                width = max(bar.value - data.base, span * 0.004)
                colour = NO_ANSWER_COLOUR if bar.muted else BAR_COLOUR
                patch = Rectangle((data.base, y + 2), width, BAR_HEIGHT, facecolor=colour, linewidth=0, clip_on=False)
            axes.add_patch(patch)
            axes.annotate(
                bar.text, (data.base + width, middle), xytext=(5, 0), textcoords="offset points",
                va="center", color=INK, fontweight="bold" if bar.value is not None else "normal",
                annotation_clip=False,
            )
            y += BAR_HEIGHT + ROW_GAP
        for line in _wrap(data.note):
            y += LINE
            axes.text(left, y - 4, line, color="#4a4f55", fontsize=FONT_SIZE - 1, clip_on=False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _clean(buffer.getvalue(), title, description)


_FONT = "system-ui, sans-serif"
#: Properties matplotlib writes in `style="…"`; each is also an SVG presentation attribute, which a
#: Content-Security-Policy without 'unsafe-inline' allows (results/views.py, CHART_CSP).
PRESENTATION = {
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-linejoin", "stroke-linecap", "stroke-opacity",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity", "font-size", "font-family",
    "font-weight", "font-style", "text-anchor", "clip-path",
}
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"\s*<defs>\s*<style[^>]*>\*\{([^}]*)\}</style>\s*</defs>")
# A wrapper group that only carries matplotlib's id ("patch_3", "text_7") around one element.
_WRAPPER = re.compile(r'<g id="(?:patch|text)_\d+">\s*(<path [^>]*/>|<text [^>]*>[^<]*</text>)\s*</g>')
_NO_ROTATION = re.compile(r' transform="rotate\(-?0 [-\d.]+ [-\d.]+\)"')


def _attributes(declarations: str) -> str:
    """`fill: #0072b2; stroke-width: 1.2` as ` fill="#0072b2" stroke-width="1.2"`."""
    attributes = []
    for declaration in filter(None, (part.strip() for part in declarations.split(";"))):
        name, _, value = (part.strip() for part in declaration.partition(":"))
        if name not in PRESENTATION:
            raise ValueError(f"chart style {name!r} has no SVG presentation attribute")
        if name == "font-family":
            value = _FONT
        attributes.append(f' {name}="{value}"')
    return "".join(attributes)


def _without_styles(svg: str) -> str:
    """The same drawing with presentation attributes instead of CSS: no `<style>` element and no
    `style` attribute, so the chart renders under a CSP that allows no inline styles.

    matplotlib's one rule (`*{stroke-linejoin: round; stroke-linecap: butt}`) goes onto the root
    element, whose children inherit it; every element that needs otherwise says so itself.
    Pattern contents inherit from the pattern's own ancestors, which end at the same root.
    """
    rule = _STYLE_ELEMENT.search(svg)
    svg = _STYLE_ELEMENT.sub("", svg, count=1)
    if rule:
        svg = svg.replace("<svg ", "<svg" + _attributes(rule.group(1)) + " ", 1)
    svg = _STYLE_ATTRIBUTE.sub(lambda match: _attributes(match.group(1)), svg)
    if "<style" in svg or " style=" in svg:
        raise ValueError("chart still has inline styles")
    return svg


def _clean(svg: str, title: str, description: str) -> str:
    """Drop what the file does not need (doctype, metadata, line breaks in paths, wrapper groups
    and empty rotations), turn its styles into attributes, and add a title and description for
    anyone who opens the chart on its own."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r" \n(?=[A-Za-z])", " ", svg)
    svg = re.sub(r"\s*\n\"", '"', svg)  # the line break matplotlib ends each path's data with
    svg = _NO_ROTATION.sub("", svg)
    svg = _WRAPPER.sub(r"\1", svg)
    svg = _without_styles(svg)
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace("<svg ", '<svg role="img" aria-labelledby="title desc" ', 1)
    accessible = f'<title id="title">{escape(title)}</title><desc id="desc">{escape(description)}</desc>'
    return head + accessible + svg[head_end:]


def describe(data: ChartData) -> str:
    """The chart in words: every bar with its number or marker."""
    return "; ".join(f"{bar.label}: {bar.text}" for bar in data.bars) + ". " + data.note
