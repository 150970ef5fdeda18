"""Forms of the resident's way. Question fields are built from the survey (see answering.py);
these forms carry the CSRF token and the idempotency key."""

from flask_babel import lazy_gettext as _l
from participation.core.forms import Form
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional


class StartForm(Form):
    """Begin a new set of answers; surveys with access codes ask for the code here."""

    code = StringField(_l("Ihr Zugangscode"), validators=[Optional(), Length(max=40)])


class PageForm(Form):
    #: One key per set of answers: a repeated submission with the same key is stored only once.
    submission_key = HiddenField(validators=[Optional(), Length(max=64)])
