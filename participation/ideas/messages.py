"""Words for the screening results and staff errors of the idea boards (German source, English in the catalogue)."""

from flask import current_app
from flask_babel import gettext as _

from participation.ideas.screening import Screening, personal_kinds


def screening_error(key: str) -> str:
    if key == "honeypot":
        return _("Dieses Feld muss leer bleiben. Bitte löschen Sie, was darin steht.")
    if key == "too_many_links":
        return _("Bitte nennen Sie höchstens %(count)d Internetadressen.", count=current_app.config["IDEA_MAX_LINKS"])
    if key == "same_text":
        return _("Genau diese Idee gibt es schon. Unterstützen Sie sie doch, statt sie noch einmal einzureichen.")
    raise KeyError(key)


def personal_kind(kind: str) -> str:
    return {
        "email": _("eine E-Mail-Adresse"),
        "phone": _("eine Telefonnummer"),
        "address": _("eine Anschrift"),
        "iban": _("eine Kontonummer (IBAN)"),
    }[kind]


def apply_screening(form, screening: Screening) -> None:
    """Attach the screening's blocking problems to the form's fields."""
    for name, key in screening.errors.items():
        form[name].errors = [*form[name].errors, screening_error(key)]


def staff_error(key: str) -> str:
    return {
        "note_required": _("Bitte sagen Sie in einem öffentlichen Hinweis, was Sie geändert haben."),
        "merge_target_unknown": _("Eine andere Idee mit dieser Nummer gibt es nicht."),
        "merge_target_unusable": _("In diese Idee kann nichts zusammengeführt werden: Sie ist abgelehnt oder selbst schon zusammengeführt."),
        "reason_required": _("Wenn eine Idee nicht weiterverfolgt wird, sagen Sie bitte in der Antwort, warum."),
        "merge_separately": _("Zusammenführen geht über „Doppelte Idee zusammenführen“."),
        "slug_taken": _("Diesen Kurznamen gibt es schon oder er ist für andere Seiten reserviert."),
    }[key]


def personal_findings(item) -> list[str]:
    """What kinds of personal data a moderator should look for in an idea, in words."""
    return [personal_kind(kind) for kind in personal_kinds(item.title, item.body)]
