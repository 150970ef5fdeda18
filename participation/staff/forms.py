"""Forms of the staff side, with messages in German (source) and English."""

from flask_babel import lazy_gettext as _l
from participation.core.forms import Form
from wtforms import DateField, SelectChoice, EmailField, HiddenField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from participation.staff.models import ROLES
from participation.staff.passwords import MIN_LENGTH

ROLE_LABELS = {
    "admin": _l("Administration (Personen und Einstellungen)"),
    "editor": _l("Redaktion (Umfragen und Ideenbörsen)"),
    "moderator": _l("Moderation (Ideen und Freitexte)"),
    "analyst": _l("Auswertung (Ergebnisse und Exporte)"),
    "organiser": _l("Organisation (Gruppenumfragen und Werkstätten)"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LoginForm(Form):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse ein.")), Length(max=254)])
    password = PasswordField(_l("Passwort"), validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort ein.")), Length(max=200)])


class InviteForm(Form):
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            DataRequired(_l("Bitte geben Sie eine E-Mail-Adresse ein.")),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Bitte geben Sie eine gültige E-Mail-Adresse ein.")),
            Length(max=254),
        ],
    )
    display_name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=120)])
    roles = MultiCheckboxField(_l("Rollen"), choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Bitte wählen Sie mindestens eine Rolle."))


class RolesForm(Form):
    roles = MultiCheckboxField(_l("Rollen"), choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])


class ActionForm(Form):
    """A button that changes something (deactivate, new reset link, logout)."""


class PasswordForm(Form):
    token = HiddenField(validators=[DataRequired(), Length(max=100)])
    password = PasswordField(
        _l("Neues Passwort"),
        validators=[
            DataRequired(_l("Bitte geben Sie ein Passwort ein.")),
            Length(min=MIN_LENGTH, max=200, message=_l("Das Passwort muss mindestens %(min)d Zeichen lang sein.")),
        ],
    )
    confirm = PasswordField(
        _l("Passwort wiederholen"),
        validators=[EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein."))],
    )


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    action = SelectField(_l("Aktion"), choices=[], validators=[Optional()], validate_choice=False)
    actor = SelectField(_l("Person"), choices=[], validators=[Optional()], validate_choice=False)
    since = DateField(_l("von"), validators=[Optional()])
    until = DateField(_l("bis"), validators=[Optional()])
