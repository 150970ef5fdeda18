"""The words for refusals and problems of the survey builder, in the staff member's language."""

from flask_babel import format_date
from flask_babel import gettext as _

from participation.builder.services import BuilderError
from participation.builder.structure import Problem


def describe(code: str, params: dict) -> str:
    if code == "frozen":
        return _(
            "Diese Umfrage ist kein Entwurf mehr. Seiten, Fragen, Antwortmöglichkeiten, Bedingungen und Einstellungen "
            "lassen sich nicht mehr ändern; nur Texte können noch korrigiert werden."
        )
    if code == "delete_only_drafts":
        return _("Nur Entwürfe können gelöscht werden. Diese Umfrage war schon geöffnet.")
    if code == "transition":
        return _("Dieser Statuswechsel ist nicht möglich. Eine Umfrage geht vom Entwurf zu „geöffnet“ und dann zu „beendet“.")
    if code == "cannot_open":
        return _("Die Umfrage kann noch nicht geöffnet werden.")
    if code == "slug_taken":
        return _("Diesen Kurznamen hat schon eine andere Umfrage. Bitte wählen Sie einen anderen.")
    if code == "demographics_in_use":
        return _("Die Umfrage enthält Fragen zur Person. Löschen Sie diese zuerst, wenn Sie Fragen zur Person abschalten möchten.")
    if code == "demographics_disabled":
        return _("Fragen zur Person sind für diese Umfrage abgeschaltet. Sie können sie in den Einstellungen erlauben.")
    if code == "not_in_group_polls":
        return _("In einer Gruppenumfrage gibt es keine Fragen zur Person oder zur Ortschaft: Die Gruppe und ihre Ortschaft sind schon bekannt.")
    if code == "one_locality_question":
        return _("Diese Umfrage fragt schon nach der Ortschaft. Eine zweite Frage danach ist nicht möglich.")
    if code == "unknown_life_area":
        return _("Bitte wählen Sie nur Lebensbereiche aus der Liste.")
    if code == "too_many_pages":
        return _("Eine Umfrage kann höchstens %(max)s Seiten haben.", max=params["max"])
    if code == "too_many_questions":
        return _("Eine Umfrage kann höchstens %(max)s Fragen haben.", max=params["max"])
    if code == "too_many_questions_on_page":
        return _(
            "Auf einer Seite können höchstens %(max)s Fragen stehen. Bitte legen Sie eine weitere Seite an.",
            max=params["max"],
        )
    if code == "too_many_options":
        if params.get("kind") == "matrix":
            return _("Eine Matrix kann höchstens %(max)s Zeilen haben.", max=params["max"])
        return _("Diese Frage kann höchstens %(max)s Antwortmöglichkeiten haben.", max=params["max"])
    if code == "too_many_options_in_survey":
        return _(
            "Eine Umfrage kann insgesamt höchstens %(max)s Antwortmöglichkeiten und Matrixzeilen haben.",
            max=params["max"],
        )
    if code == "move_breaks_condition":
        return _(
            "Das geht nicht: Frage %(number)s wird nur abhängig von der Antwort auf Frage %(target)s gezeigt, "
            "und diese muss auf einer früheren Seite stehen. Ändern Sie zuerst die Bedingung.",
            number=params["number"],
            target=params["target"],
        )
    if code == "question_in_condition":
        return _(
            "Das geht nicht: Frage %(number)s wird nur abhängig von der Antwort auf Frage %(target)s gezeigt. "
            "Entfernen Sie zuerst diese Bedingung.",
            number=params["number"],
            target=params["target"],
        )
    if code == "option_in_condition":
        return _(
            "Das geht nicht: Diese Antwortmöglichkeit ist Teil der Bedingung von Frage %(number)s. "
            "Entfernen oder ändern Sie zuerst diese Bedingung.",
            number=params["number"],
        )
    if code in ("condition_options", "condition_target"):
        return _("Bitte wählen Sie Antworten von nur einer Auswahlfrage auf einer früheren Seite.")
    if code == "required_follow_up":
        return _(
            "Eine Frage mit Bedingung kann keine Pflichtfrage sein: Sonst verriete die Zahl ihrer Antworten, "
            "wie viele die Bedingung erfüllt haben, auch dort, wo diese Zahl geschützt ist."
        )
    if code == "no_questions":
        return _("Die Umfrage hat noch keine Fragen.")
    if code == "closes_in_past":
        return _("Der letzte Tag (%(day)s) liegt in der Vergangenheit. Bitte ändern Sie den Zeitraum.", day=format_date(params["day"]))
    if code == "schedule_order":
        return _("Der letzte Tag liegt vor dem ersten Tag. Bitte ändern Sie den Zeitraum.")
    if code == "too_few_options":
        return _("Frage %(number)s braucht mindestens %(least)s Antwortmöglichkeiten.", number=params["number"], least=params["least"])
    if code == "condition_without_options":
        return _("Die Bedingung von Frage %(number)s nennt keine Antwort. Bitte ergänzen oder entfernen Sie sie.", number=params["number"])
    if code == "broken_condition":
        return _(
            "Frage %(number)s hängt von Frage %(target)s ab, die nicht auf einer früheren Seite steht. Bitte ändern Sie die Bedingung.",
            number=params["number"],
            target=params["target"],
        )
    return _("Diese Änderung ist nicht möglich.")


def describe_error(error: BuilderError) -> str:
    return describe(error.code, error.params)


def describe_problem(problem: Problem) -> str:
    return describe(problem.code, dict(problem.params))
