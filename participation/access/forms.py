"""The staff form that makes a batch of access codes."""

import re

from flask_babel import lazy_gettext as _l
from participation.core.forms import Form
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import ValidationError

from participation.access.services import MAX_BATCH


class BatchForm(Form):
    count = StringField(
        _l("Anzahl der Codes"),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "number"},
    )
    locality = SelectField(_l("Ortschaft (optional)"), choices=[], validate_choice=False)
    #: One key per rendered form: reloading the sheet must not quietly make a second batch.
    batch_key = HiddenField()

    def __init__(self, localities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locality.choices = [SelectChoice("", _l("keine (alle Ortschaften)"))] + [
            SelectChoice(str(locality.id), locality.name) for locality in localities
        ]

    def validate_count(self, field):
        text = (field.data or "").strip()
        if not re.fullmatch(r"[0-9]{1,6}", text) or not 1 <= int(text) <= MAX_BATCH:
            raise ValidationError(_l("Bitte geben Sie eine Anzahl von 1 bis %(max)d ein.", max=MAX_BATCH))

    def validate_locality(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Bitte wählen Sie eine Ortschaft aus der Liste."))

    @property
    def count_value(self) -> int:
        return int(self.count.data.strip())

    @property
    def locality_id(self) -> int | None:
        return int(self.locality.data) if self.locality.data else None
