"""The words for answer problems, in the resident's language."""

from flask_babel import gettext as _

from participation.surveys.answering import Problem


def describe(problem: Problem) -> str:
    params = dict(problem.params)
    code = problem.code
    if code == "required":
        return _("Bitte beantworten Sie diese Frage.")
    if code == "invalid_choice":
        return _("Bitte wählen Sie eine der angebotenen Antworten.")
    if code == "too_many":
        return _("Bitte wählen Sie höchstens %(max)s Antworten.", max=params["max"])
    if code == "row_missing":
        return _("Bitte wählen Sie auch hier eine Antwort.")
    if code == "ranking_duplicate":
        return _("Jede Antwort kann nur einen Platz belegen. Bitte wählen Sie für jeden Platz etwas anderes.")
    if code == "ranking_gap":
        return _("Bitte vergeben Sie die Plätze der Reihe nach, ohne einen Platz freizulassen.")
    if code == "ranking_incomplete":
        return _("Bitte vergeben Sie alle %(places)s Plätze.", places=params["places"])
    if code == "not_a_number":
        return _("Bitte geben Sie eine Zahl ein, zum Beispiel 3.")
    if code == "out_of_range":
        low, high = params.get("min"), params.get("max")
        if low is not None and high is not None:
            return _("Bitte geben Sie eine Zahl von %(min)s bis %(max)s ein.", min=low, max=high)
        if low is not None:
            return _("Bitte geben Sie eine Zahl ab %(min)s ein.", min=low)
        return _("Bitte geben Sie eine Zahl bis %(max)s ein.", max=high)
    if code == "too_long":
        return _(
            "Bitte kürzen Sie Ihre Antwort auf höchstens %(max)s Zeichen (jetzt: %(length)s).",
            max=params["max"],
            length=params["length"],
        )
    if code == "invalid_text":
        return _("Der Text enthält Zeichen, die wir nicht speichern können. Bitte prüfen Sie ihn.")
    return _("Bitte prüfen Sie Ihre Antwort.")
