"""Forms of paper entry, imports and kiosk mode. The questions' fields come from the survey
(surveys/_questions.html); these forms carry the CSRF token, the idempotency key and the file."""

from flask_babel import lazy_gettext as _l
from participation.core.forms import Form
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import Length, Optional


class SheetForm(Form):
    #: One key per rendered form: a sheet sent twice (double click, reload) is stored once.
    submission_key = HiddenField(validators=[Optional(), Length(max=64)])


class ImportForm(Form):
    file = FileField(
        _l("CSV-Datei"),
        validators=[FileRequired(_l("Bitte wählen Sie eine CSV-Datei aus."))],
        render_kw={"accept": ".csv,text/csv"},
    )


class ButtonForm(Form):
    """A button that changes something (begin a sitting, start kiosk mode): the CSRF token only."""
