"""Forms of the analyst's pages."""

from participation.core.forms import Form
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from flask_babel import lazy_gettext as _l

from participation.results.services import MAX_REASON_LENGTH


class PublishForm(Form):
    reason = TextAreaField(
        _l("Grund für die neue Fassung"),
        validators=[Optional(), Length(max=MAX_REASON_LENGTH, message=_l("Bitte höchstens %(max)d Zeichen."))],
        render_kw={"rows": 3, "maxlength": MAX_REASON_LENGTH},
    )
