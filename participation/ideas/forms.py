"""Forms of the idea boards, with messages in German (source) and English."""

from flask_babel import lazy_gettext as _l
from participation.core.forms import Form
from wtforms import (
    BooleanField, HiddenField, IntegerField, RadioField, SelectChoice, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from participation.ideas import models as m

REJECTION_LABELS = {
    "personal_data": _l("Enthält persönliche Daten (z. B. Namen, Adressen)"),
    "offensive": _l("Beleidigend oder herabsetzend"),
    "off_topic": _l("Gehört nicht zum Thema Digitalisierung"),
    "advertising": _l("Werbung"),
    "duplicate": _l("Doppelt eingereicht"),
    "other": _l("Anderer Grund"),
}
REPORT_LABELS = {
    "personal_data": _l("Nennt andere Personen oder persönliche Daten"),
    "offensive": _l("Beleidigend, bedrohend oder herabsetzend"),
    "advertising": _l("Werbung oder Spam"),
    "off_topic": _l("Hat nichts mit dem Thema zu tun"),
    "other": _l("Etwas anderes"),
}
STATUS_LABELS = {
    "received": _l("Eingegangen"),
    "review": _l("Wird geprüft"),
    "accepted": _l("In die Strategie aufgenommen"),
    "merged": _l("Mit einer anderen Idee zusammengeführt"),
    "declined": _l("Wird nicht weiterverfolgt"),
}
MODERATION_LABELS = {
    "pre": _l("Vorab: Beiträge erscheinen erst nach Freigabe"),
    "post": _l("Nachträglich: Beiträge erscheinen sofort und werden danach geprüft"),
}


class Honeypot:
    """A field people never see or fill in; programs that fill in every field do."""

    homepage = StringField(_l("Bitte dieses Feld leer lassen"), validators=[Optional(), Length(max=200)])


class IdeaForm(Honeypot, Form):
    title = StringField(
        _l("Titel Ihrer Idee"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihrer Idee einen kurzen Titel.")),
            Length(min=5, max=m.TITLE_MAX, message=_l("Der Titel braucht %(min)d bis %(max)d Zeichen.")),
        ],
    )
    body = TextAreaField(
        _l("Ihre Idee"),
        validators=[
            DataRequired(_l("Bitte beschreiben Sie Ihre Idee.")),
            Length(min=20, max=m.BODY_MAX, message=_l("Bitte beschreiben Sie Ihre Idee mit %(min)d bis %(max)d Zeichen.")),
        ],
    )
    life_area = SelectField(_l("Lebensbereich"), choices=[], validators=[DataRequired(_l("Bitte wählen Sie einen Lebensbereich."))])
    locality = SelectField(_l("Ortschaft"), choices=[], validators=[Optional()])
    display_name = StringField(
        _l("Angezeigter Name (freiwillig)"),
        validators=[Optional(), Length(max=m.NAME_MAX, message=_l("Höchstens %(max)d Zeichen."))],
    )
    #: One key per form: a repeated submission (double click, retry) stores the idea once.
    submission_key = HiddenField(validators=[Optional(), Regexp(r"^[A-Za-z0-9_-]{20,64}$")])
    confirm_personal = BooleanField(_l("Ich habe den Hinweis gelesen. Mein Text soll so veröffentlicht werden."))
    confirm_different = BooleanField(_l("Meine Idee ist trotzdem eine andere. Bitte nehmen Sie sie auf."))


class CommentForm(Honeypot, Form):
    confirm_personal = BooleanField(_l("Ich habe den Hinweis gelesen. Mein Text soll so veröffentlicht werden."))
    body = TextAreaField(
        _l("Ihr Kommentar"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie einen Kommentar.")),
            Length(min=3, max=m.COMMENT_MAX, message=_l("Ein Kommentar hat %(min)d bis %(max)d Zeichen.")),
        ],
    )
    display_name = StringField(
        _l("Angezeigter Name (freiwillig)"),
        validators=[Optional(), Length(max=m.NAME_MAX, message=_l("Höchstens %(max)d Zeichen."))],
    )


class ButtonForm(Form):
    """A button that changes something (support); carries only the CSRF token."""


class ReportForm(Form):
    reason = RadioField(
        _l("Warum melden Sie diesen Beitrag?"),
        choices=[SelectChoice(key, REPORT_LABELS[key]) for key in m.REPORT_REASONS],
        validators=[InputRequired(_l("Bitte wählen Sie einen Grund."))],
    )


# --- staff -----------------------------------------------------------------------------------


class RejectForm(Form):
    reason = SelectField(
        _l("Grund"), choices=[SelectChoice(key, REJECTION_LABELS[key]) for key in m.REJECTION_REASONS],
        validators=[DataRequired(_l("Bitte wählen Sie einen Grund."))],
    )
    message = TextAreaField(
        _l("Kurze Nachricht an die Person, die die Idee eingereicht hat (freiwillig)"),
        validators=[Optional(), Length(max=m.MESSAGE_MAX, message=_l("Höchstens %(max)d Zeichen."))],
    )


class EditForm(Form):
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Der Titel darf nicht leer sein.")), Length(max=m.TITLE_MAX, message=_l("Höchstens %(max)d Zeichen."))],
    )
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(_l("Der Text darf nicht leer sein.")), Length(max=m.BODY_MAX, message=_l("Höchstens %(max)d Zeichen."))],
    )
    note = StringField(
        _l("Öffentlicher Hinweis zur Änderung"),
        validators=[
            DataRequired(_l("Bitte sagen Sie kurz, was Sie geändert haben und warum.")),
            Length(max=300, message=_l("Höchstens %(max)d Zeichen.")),
        ],
    )


class MergeForm(Form):
    target = IntegerField(
        _l("Nummer der Idee, in die diese Idee aufgeht"),
        validators=[InputRequired(_l("Bitte geben Sie die Nummer einer Idee an.")), NumberRange(min=1, max=2**31 - 1, message=_l("Bitte geben Sie die Nummer einer Idee an."))],
    )


class AnswerForm(Form):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(key, STATUS_LABELS[key]) for key in m.IDEA_STATUSES if key != "merged"],
        validators=[DataRequired()],
    )
    answer = TextAreaField(
        _l("Offizielle Antwort der Verwaltung"),
        validators=[Optional(), Length(max=m.ANSWER_MAX, message=_l("Höchstens %(max)d Zeichen."))],
    )


class CommentDecisionForm(Form):
    reason = SelectField(
        _l("Grund bei Ablehnung"), choices=[SelectChoice(key, REJECTION_LABELS[key]) for key in m.REJECTION_REASONS], validate_choice=False
    )


class BoardForm(Form):
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Bitte geben Sie einen Titel ein.")), Length(max=200)])
    title_en = StringField(_l("Titel auf Englisch (freiwillig)"), validators=[Optional(), Length(max=200)])
    slug = StringField(
        _l("Adresse (Kurzname)"),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Kurznamen ein.")),
            Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Nur Kleinbuchstaben, Ziffern und Bindestriche.")),
            Length(max=60),
        ],
    )
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=2000)])
    description_en = TextAreaField(_l("Beschreibung auf Englisch (freiwillig)"), validators=[Optional(), Length(max=2000)])
    locality = SelectField(_l("Ortschaft"), choices=[], validators=[Optional()])
    process_step = SelectField(_l("Schritt im Beteiligungsprozess"), choices=[], validators=[Optional()])
    moderation = RadioField(_l("Moderation"), choices=[SelectChoice(key, MODERATION_LABELS[key]) for key in m.MODERATION_MODES], default="pre")
    is_open = BooleanField(_l("Offen für neue Ideen, Kommentare und Unterstützung"), default=True)
