"""Forms of group polls."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from participation.core.forms import Form

TEMPLATE_LABELS = {
    "school_digital_life": _l("Digitales Leben in der Klasse (5 Fragen, für Schulklassen)"),
    "club_digital_needs": _l("Was unser Verein digital braucht (4 Fragen, für Vereine)"),
    "blank": _l("Leer: die Fragen selbst zusammenstellen"),
}


class NewPollForm(Form):
    template = RadioField(
        _l("Vorlage"),
        choices=[SelectChoice(key, label) for key, label in TEMPLATE_LABELS.items()],
        default="school_digital_life",
        validators=[DataRequired(_l("Bitte wählen Sie eine Vorlage."))],
    )
    title = StringField(
        _l("Titel (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Ohne Titel trägt die Umfrage den Titel der Vorlage. Sie können ihn später ändern."),
    )
