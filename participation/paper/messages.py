"""The words for problems of paper sheets and CSV files, in the staff member's language."""

from flask_babel import gettext as _

from participation.paper.csvfile import RowProblem
from participation.paper.rules import CONDITION_NOT_MET
from participation.surveys.answering import Problem, QuestionSpec
from participation.surveys.messages import describe


def describe_sheet_problem(problem: Problem, numbers: dict[int, int]) -> str:
    """A problem of one answer on a sheet (or in one CSV cell)."""
    if problem.code == CONDITION_NOT_MET:
        number = numbers.get(dict(problem.params).get("question"), "?")
        return _(
            "Diese Frage gilt nur bei bestimmten Antworten auf Frage %(number)s. Bitte lassen Sie sie leer "
            "oder prüfen Sie die Antwort auf Frage %(number)s.",
            number=number,
        )
    return describe(problem)


def allowed_values(spec: QuestionSpec, locality_count: int) -> str:
    """What a CSV cell of this question may hold, in words (import page and error report)."""
    no_answer = spec.allow_no_answer and spec.kind in ("single", "demographic", "scale", "matrix")
    if spec.kind in ("single", "demographic", "ranking"):
        text = _("Nummer der Antwort, 1 bis %(count)s", count=len(spec.option_ids))
    elif spec.kind == "multiple":
        text = _("Nummern der Antworten, 1 bis %(count)s, mehrere mit + verbunden (z. B. 1+3)", count=len(spec.option_ids))
        if spec.max_choices:
            text += " " + _("(höchstens %(count)s)", count=spec.max_choices)
    elif spec.kind == "locality":
        text = _("Nummer der Ortschaft, 1 bis %(count)s", count=locality_count)
    elif spec.kind in ("scale", "matrix"):
        text = _("Wert von %(min)s bis %(max)s", min=spec.min_value, max=spec.max_value)
    elif spec.kind == "number":
        if spec.min_value is not None and spec.max_value is not None:
            text = _("Zahl von %(min)s bis %(max)s", min=spec.min_value, max=spec.max_value)
        else:
            text = _("Zahl")
    else:
        text = _("Text mit höchstens %(count)s Zeichen", count=spec.text_limit)
    if no_answer:
        text += "; " + _("na = keine Angabe")
    return text


FILE_MESSAGES = {
    "empty_file": lambda p: _("Die Datei ist leer."),
    "not_utf8": lambda p: _(
        "Die Datei ist nicht in UTF-8 gespeichert (Zeile %(row)s). Bitte speichern Sie sie als „CSV UTF-8“ "
        "und laden Sie sie erneut hoch.",
        row=p["row"],
    ),
    "not_text": lambda p: _("Das ist keine CSV-Textdatei. Bitte laden Sie eine CSV-Datei hoch."),
    "empty_header": lambda p: _("Die erste Zeile muss die Spaltennamen enthalten, sie ist aber leer."),
    "too_many_rows": lambda p: _(
        "Die Datei hat mehr als %(max)s Zeilen mit Antworten. Bitte teilen Sie sie auf.", max=p["max"]
    ),
    "malformed": lambda p: _(
        "Die Datei lässt sich ab Zeile %(row)s nicht lesen (zum Beispiel ein Anführungszeichen ohne Gegenstück).",
        row=p["row"],
    ),
    "one_column": lambda p: _(
        "Die Kopfzeile hat nur eine Spalte. Bitte trennen Sie die Spalten mit Semikolon (;) oder Komma (,)."
    ),
    "unnamed_column": lambda p: _("Die %(position)s. Spalte hat keinen Namen.", position=p["position"]),
    "duplicate_column": lambda p: _("Diese Spalte steht mehrfach in der Kopfzeile."),
    "unknown_column": lambda p: _(
        "Diese Spalte gehört nicht zu dieser Umfrage. Bitte verwenden Sie die Vorlage dieser Umfrage."
    ),
    "missing_column": lambda p: _("Diese Spalte fehlt in der Kopfzeile."),
    "no_rows": lambda p: _("Die Datei enthält nur die Kopfzeile, aber keine Antworten."),
    "cell_count": lambda p: _(
        "Die Zeile hat %(found)s Werte, die Kopfzeile aber %(expected)s Spalten.",
        found=p["found"],
        expected=p["expected"],
    ),
    "too_large": lambda p: _("Die Datei ist zu groß: höchstens %(size)s MB.", size=p["size"]),
    "already_imported": lambda p: _(
        "Diese Datei wurde für diese Umfrage schon importiert. Es wurde nichts doppelt gespeichert."
    ),
}


def describe_import_problem(report: RowProblem, specs: dict[int, QuestionSpec], numbers: dict[int, int],
                            locality_count: int) -> str:
    """One line of the error report."""
    problem = report.problem
    if problem.code in FILE_MESSAGES:
        return FILE_MESSAGES[problem.code]({**dict(problem.params), "row": report.row})
    spec = specs.get(report.question_id)
    if problem.code == "invalid_choice" and spec is not None:
        return _("Kein gültiger Wert. Erlaubt: %(allowed)s.", allowed=allowed_values(spec, locality_count))
    return describe_sheet_problem(problem, numbers)
