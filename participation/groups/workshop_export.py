"""The workshop as tables for the facilitator to take away: its cards (with topic and dots) and
its topics (with life areas, dots and, in the realisation phase, who does what by when), as CSV
(UTF-8 with commas; or semicolons with a byte order mark, which German Excel opens as it is) and
as an XLSX workbook with both sheets.

Dots appear as counts per card only: a dot's participant hash would tie dots of one phone
together in the export, and no one needs that.

Card texts are what anyone in the room typed: a cell starting with = + - @, a tab or a carriage
return would be run as a formula by a spreadsheet (CSV injection), so such cells get a leading
apostrophe, in CSV and XLSX alike (the same file may be saved from one as the other).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask_babel import gettext as _

from participation.core.translatable import localized_text
from participation.groups.workshop_queries import Wall

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Table = tuple[list[str], list[list[object]]]


def neutralise(value: object) -> object:
    """`value`, with text that a spreadsheet would take for a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool = False) -> bytes:
    """CSV in UTF-8; `excel`: semicolons and a byte order mark (German Excel's defaults)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" if excel else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """A workbook with one sheet per (title, header, rows); header bold and frozen."""
    from openpyxl import Workbook  # imported when exporting only: it is large
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([neutralise(cell) for cell in header])
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def phase_label(phase: str) -> str:
    return {"critique": _("Kritikphase"), "fantasy": _("Phantasiephase"), "realisation": _("Verwirklichungsphase")}[phase]


def _areas(cluster) -> str:
    return ", ".join(localized_text(area, "name") for area in cluster.life_areas) if cluster else ""


def card_table(walls: Sequence[Wall], handed: dict[int, int]) -> Table:
    header = [_("Phase"), _("Runde"), _("Thema"), _("Lebensbereiche"), _("Karte"), _("Herkunft"),
              _("Punkte vom Handy"), _("Punkte im Raum"), _("Punkte zusammen"), _("Idee Nr.")]
    rows = []
    for wall in walls:
        topics = [(view.cluster, view.cards) for view in wall.clusters] + [(None, wall.loose)]
        for cluster, cards in topics:
            for view in cards:
                card = view.card
                rows.append([
                    phase_label(wall.stage.phase), wall.stage.number, cluster.title if cluster else "", _areas(cluster),
                    card.text, _("Handy") if card.source == "phone" else _("Raum"),
                    view.phone_dots, card.room_dots, view.dots, handed.get(card.id, ""),
                ])
    return header, rows


def cluster_table(walls: Sequence[Wall]) -> Table:
    header = [_("Phase"), _("Runde"), _("Thema"), _("Lebensbereiche"), _("Karten"), _("Punkte"),
              _("Geprüft: was dafür und dagegen spricht"), _("Wer"), _("Bis wann")]
    rows = []
    for wall in walls:
        for view in wall.clusters:
            cluster = view.cluster
            rows.append([phase_label(wall.stage.phase), wall.stage.number, cluster.title, _areas(cluster),
                         len(view.cards), view.dots, cluster.note, cluster.who, cluster.due])
    return header, rows
