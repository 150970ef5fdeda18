"""Forms of the organisers' side, with messages in German (source) and English."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.core.forms import Form
from participation.groups.models import MAX_EXPECTED_SIZE

KIND_LABELS = {
    "school_class": _l("Schulklasse oder Kurs"),
    "club": _l("Verein"),
    "business": _l("Betrieb"),
    "workshop": _l("Werkstatt oder Versammlung"),
    "other": _l("Andere Gruppe"),
}


class GroupForm(Form):
    name = StringField(
        _l("Name der Gruppe"),
        validators=[DataRequired(_l("Bitte geben Sie der Gruppe einen Namen.")), Length(max=120)],
        description=_l("Zum Beispiel „Klasse 7b, Sekundarschule“ oder „Sportverein Elbeu“. Keine Namen von Personen."),
    )
    kind = RadioField(
        _l("Art der Gruppe"),
        choices=[SelectChoice(key, label) for key, label in KIND_LABELS.items()],
        validators=[DataRequired(_l("Bitte wählen Sie, was für eine Gruppe es ist."))],
    )
    locality = SelectField(_l("Ortschaft"), validate_choice=True)
    expected_size = IntegerField(
        _l("Ungefähr wie viele machen mit? (optional)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_EXPECTED_SIZE, message=_l("Bitte eine Zahl von %(min)s bis %(max)s.")),
        ],
    )
