"""Forms of free-text moderation."""

from flask_babel import lazy_gettext as _l
from participation.core.forms import Form
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

TOWN = "town"


class QuoteForm(Form):
    text = TextAreaField(_l("Text des Zitats"), render_kw={"rows": 6})
    scope = RadioField(_l("Das Zitat steht für"), validate_choice=False)

    def __init__(self, town_name: str, localities, max_length: int, *args, **kwargs):
        """`localities`: those the answer's locality may be named as (at most its own)."""
        super().__init__(*args, **kwargs)
        self.scope.choices = [SelectChoice(TOWN, _l("die ganze Stadt %(town)s", town=town_name))] + [
            SelectChoice(str(locality.id), _l("die Ortschaft %(name)s", name=locality.name)) for locality in localities
        ]
        self.text.validators = [
            InputRequired(_l("Bitte geben Sie den Text des Zitats ein.")),
            Length(max=max_length, message=_l("Bitte kürzen Sie das Zitat auf höchstens %(max)d Zeichen.", max=max_length)),
        ]

    def validate_scope(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Bitte wählen Sie, wofür das Zitat steht."))

    @property
    def locality_id(self) -> int | None:
        return None if self.scope.data == TOWN else int(self.scope.data)


class RemoveQuoteForm(Form):
    quote = HiddenField()
