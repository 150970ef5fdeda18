"""Forms of the resident's way. Question fields are built from the survey (see answering.py);
these forms carry the CSRF token and the idempotency key."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import Length, Optional


class StartForm(FlaskForm):
    """Begin a new set of answers."""


class PageForm(FlaskForm):
    #: One key per set of answers: a repeated submission with the same key is stored only once.
    submission_key = HiddenField(validators=[Optional(), Length(max=64)])
