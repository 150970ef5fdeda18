"""Forms of the live workshop, for the facilitator and for the phones (German source, English in
the catalogue). Forms with one field per card are made for the cards of a round."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import TextInput

from participation.core.forms import Form
from participation.groups.workshop_models import CARD_MAX, CARD_MIN, MAX_DOTS, NOTE_MAX, PHASES, TITLE_MAX
from participation.staff.forms import MultiCheckboxField

PHASE_LABELS = {
    "critique": _l("Kritikphase"),
    "fantasy": _l("Phantasiephase"),
    "realisation": _l("Verwirklichungsphase"),
}
#: What each phase asks the room (Jungk's prompts).
PHASE_PROMPTS = {
    "critique": _l("Was stört Sie?"),
    "fantasy": _l("Es wäre toll, wenn …"),
    "realisation": _l("Was braucht es, damit es klappt? Wer macht was bis wann?"),
}
PHASE_HINTS = {
    "critique": _l("Schreiben Sie auf, was Sie stört oder was fehlt. Eine Sache pro Karte."),
    "fantasy": _l("Alles ist erlaubt, Kritik hat jetzt Pause. Eine Idee pro Karte."),
    "realisation": _l("Was spricht dafür, was dagegen, wer könnte helfen? Ein Gedanke pro Karte."),
}
SUBMISSION_KEY = Regexp(r"^[A-Za-z0-9_-]{20,64}$")


def _number(label, required: bool):
    first = InputRequired(_l("Bitte geben Sie eine Zahl ein.")) if required else Optional()
    return IntegerField(
        label,
        widget=TextInput(),
        render_kw={"inputmode": "numeric", "class": "number", "autocomplete": "off"},
        validators=[first, NumberRange(min=1, max=MAX_DOTS, message=_l("Bitte eine Zahl von %(min)s bis %(max)s."))],
    )


class WorkshopForm(Form):
    title = StringField(
        _l("Titel der Werkstatt"),
        validators=[DataRequired(_l("Bitte geben Sie der Werkstatt einen Titel.")), Length(max=TITLE_MAX)],
        description=_l("Zum Beispiel „Zukunftswerkstatt Digitales Elbeu“."),
    )
    dots_per_participant = _number(_l("Punkte pro Person"), required=True)
    max_dots_per_card = _number(_l("Höchstens so viele Punkte einer Person auf einer Karte (optional)"), required=False)


def _card_text(label):
    return TextAreaField(
        label,
        validators=[
            DataRequired(_l("Bitte schreiben Sie etwas auf die Karte.")),
            Length(min=CARD_MIN, max=CARD_MAX, message=_l("Eine Karte hat %(min)d bis %(max)d Zeichen.")),
        ],
        render_kw={"rows": 3, "maxlength": CARD_MAX},
    )


class CardForm(Form):
    """A card from a phone, or typed in by the facilitator."""

    text = _card_text(_l("Ihre Karte"))
    #: One key per form: the same card sent twice (double click, retry) is stored once.
    submission_key = HiddenField(validators=[Optional(), SUBMISSION_KEY])
    #: The round the form was made for: a card written for the critique stays out of the fantasy.
    stage = HiddenField(validators=[Optional(), Regexp(r"^[0-9]{1,9}$")])
    confirm_personal = BooleanField(_l("Ich habe den Hinweis gelesen. Meine Karte soll so an die Wand."))


class RoomCardForm(CardForm):
    text = _card_text(_l("Text der Karte"))


class EditCardForm(Form):
    text = _card_text(_l("Text der Karte"))


class DotForm(Form):
    """One dot, given or taken back: the card, and which of the phone's dots it is."""

    card = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9]{1,9}$")])
    dot = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9]{1,3}$")])
    stage = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9]{1,9}$")])


class PhaseForm(Form):
    phase = SelectField(_l("Phase"), choices=[SelectChoice(phase, PHASE_LABELS[phase]) for phase in PHASES])
    new_round = BooleanField(_l("Eine neue Runde beginnen"))


class SwitchForm(Form):
    """Open or close something: card collection, dot voting, the workshop."""

    open = SelectField(choices=[SelectChoice("1", "1"), SelectChoice("0", "0")])


class ClusterForm(Form):
    title = StringField(
        _l("Neues Thema"),
        validators=[DataRequired(_l("Bitte geben Sie dem Thema einen Namen.")), Length(max=TITLE_MAX)],
    )


class SuggestionForm(Form):
    title = StringField(validators=[DataRequired(), Length(max=TITLE_MAX)])
    cards = StringField(validators=[DataRequired(), Regexp(r"^[0-9]{1,9}(?:,[0-9]{1,9}){0,399}$")])


class ClusterEditForm(Form):
    title = StringField(
        _l("Name des Themas"),
        validators=[DataRequired(_l("Bitte geben Sie dem Thema einen Namen.")), Length(max=TITLE_MAX)],
    )
    life_areas = MultiCheckboxField(
        _l("Lebensbereiche"), coerce=int, choices=[],
        invalid_choice_message=_l("Bitte wählen Sie nur Lebensbereiche aus der Liste."),
    )
    note = TextAreaField(
        _l("Geprüft: was dafür und was dagegen spricht (Kosten, Zuständigkeit, Recht)"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Höchstens %(max)d Zeichen."))],
    )
    who = StringField(_l("Wer macht es?"), validators=[Optional(), Length(max=TITLE_MAX)])
    due = StringField(_l("Bis wann?"), validators=[Optional(), Length(max=60)],
                      description=_l("Zum Beispiel „bis zu den Sommerferien“."))


class HandoverForm(Form):
    cards = MultiCheckboxField(
        _l("Karten, die zu Ideen werden"), coerce=int, choices=[],
        validators=[DataRequired(_l("Bitte wählen Sie mindestens eine Karte."))],
        invalid_choice_message=_l("Bitte wählen Sie nur Karten aus der Liste."),
    )
    life_area = SelectField(_l("Lebensbereich für Karten ohne Thema mit Lebensbereich"), choices=[], validate_choice=True)


class CarryOverForm(Form):
    cards = MultiCheckboxField(
        _l("Ideen, die geprüft werden sollen"), coerce=int, choices=[],
        validators=[DataRequired(_l("Bitte wählen Sie mindestens eine Idee."))],
        invalid_choice_message=_l("Bitte wählen Sie nur Ideen aus der Liste."),
    )


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def assignment_form(cards, clusters, no_topic_label: str):
    """One select per card: its topic of this round, or none."""
    choices = [SelectChoice("", no_topic_label)] + [SelectChoice(str(cluster.id), cluster.title) for cluster in clusters]
    fields = {
        f"card_{card.id}": SelectField(_short(card.text), choices=choices, default=str(card.cluster_id or ""))
        for card in cards
    }
    return type("AssignmentForm", (Form,), fields)()


def room_dots_form(cards):
    """One number per card: the dots counted on its paper in the room."""
    fields = {
        f"card_{card.id}": IntegerField(
            _short(card.text), default=card.room_dots, widget=TextInput(),
            render_kw={"inputmode": "numeric", "class": "number", "autocomplete": "off"},
            validators=[InputRequired(_l("Bitte geben Sie eine Zahl ein.")),
                        NumberRange(min=0, max=9999, message=_l("Bitte eine Zahl von %(min)s bis %(max)s."))],
        )
        for card in cards
    }
    return type("RoomDotsForm", (Form,), fields)()
