"""Forms of the survey builder, with per-field messages in German (source) and English.

German texts go into the model's columns, English ones (fields ending in `_en`) into its
`translations["en"]`. Which fields a form has depends on the question kind and on whether the
survey is still a draft: once it has opened, only the wording forms (`structure=False`) are offered.
"""

from flask_babel import lazy_gettext as _l
from participation.core.forms import Form
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, StopValidation, ValidationError
from wtforms.widgets import TextInput

from participation.builder.structure import max_options
from participation.staff.forms import MultiCheckboxField
from participation.surveys.answering import DEFAULT_MAX_LENGTH

KIND_LABELS = {
    "single": _l("Einfachauswahl: eine Antwort aus mehreren"),
    "multiple": _l("Mehrfachauswahl: mehrere Antworten möglich"),
    "scale": _l("Skala, zum Beispiel von 1 bis 5"),
    "matrix": _l("Matrix: mehrere Zeilen mit derselben Skala"),
    "ranking": _l("Rangfolge: Antworten auf Plätze ordnen (auch „die besten 3“)"),
    "number": _l("Zahl"),
    "short_text": _l("Kurzer Text (eine Zeile)"),
    "long_text": _l("Langer Text (mehrere Zeilen)"),
    "locality": _l("Ortschaft: Auswahl aus den Ortschaften der Stadt"),
    "demographic": _l("Angabe zur Person, zum Beispiel Altersgruppe"),
}

KIND_NAMES = {
    "single": _l("Einfachauswahl"),
    "multiple": _l("Mehrfachauswahl"),
    "scale": _l("Skala"),
    "matrix": _l("Matrix"),
    "ranking": _l("Rangfolge"),
    "number": _l("Zahl"),
    "short_text": _l("Kurzer Text"),
    "long_text": _l("Langer Text"),
    "locality": _l("Ortschaft"),
    "demographic": _l("Angabe zur Person"),
}

#: Kinds whose answers are chosen from the question's own options (for a matrix: its rows).
OPTION_KINDS = ("single", "multiple", "matrix", "ranking", "demographic")
SCALE_LIMIT = 100
SCALE_STEPS = 10
NUMBER_LIMIT = 1_000_000_000

#: Settings and texts each kind has beyond prompt, help text, required flag and life areas.
KIND_FIELDS = {
    "single": {"option_lines"},
    "multiple": {"option_lines", "max_choices"},
    "scale": {"min_value", "max_value", "label_min", "label_max", "allow_no_answer"},
    "matrix": {"option_lines", "min_value", "max_value", "label_min", "label_max", "allow_no_answer"},
    "ranking": {"option_lines", "max_choices"},
    "number": {"min_value", "max_value", "unit"},
    "short_text": {"max_length"},
    "long_text": {"max_length"},
    "locality": set(),
    "demographic": {"option_lines", "allow_no_answer"},
}
KIND_ONLY_FIELDS = {"option_lines", "max_choices", "min_value", "max_value", "label_min", "label_max", "allow_no_answer", "unit", "max_length"}

#: Fields that change a survey's structure or settings: refused once the survey is no longer a draft.
SURVEY_STRUCTURE_FIELDS = {"slug", "opens_on", "closes_on", "locality", "access_mode", "demographics_enabled"}
QUESTION_STRUCTURE_FIELDS = {"required", "min_value", "max_value", "max_choices", "allow_no_answer", "max_length", "life_areas", "option_lines", "option_lines_en"}
OPTION_STRUCTURE_FIELDS = {"life_areas"}

ENGLISH = {"lang": "en"}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _clean_text(form, field) -> None:
    """No NUL or other control characters (PostgreSQL refuses NUL in text)."""
    if isinstance(field.data, str) and any(ord(char) < 32 and char not in "\n\r\t" for char in field.data):
        raise ValidationError(_l("Der Text enthält Steuerzeichen. Bitte entfernen Sie sie."))


def _skip_if_unreadable(field) -> None:
    """No further checks on a value that could not be read (its message is already there)."""
    if field.process_errors:
        raise StopValidation()


def _length(limit: int) -> Length:
    return Length(max=limit, message=_l("Bitte höchstens %(max)d Zeichen."))


def text(label, limit: int, required=None, english=False, area=False, rows=3):
    """A German or English text field with the usual checks."""
    validators = [DataRequired(required), _clean_text] if required else [Optional(), _clean_text]
    render = dict(ENGLISH) if english else {}
    if area:
        render["rows"] = rows
    field = TextAreaField if area else StringField
    return field(label, validators=[*validators, _length(limit)], filters=[_strip], render_kw=render or None)


class WholeNumberField(IntegerField):
    """An integer that may be left empty (None); the kind decides in the form whether it is needed."""

    def process_formdata(self, valuelist):
        if valuelist and not (valuelist[0] or "").strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def whole_number(label):
    # A text input (styled like the others, no spinner) that brings up the phone's number keyboard.
    return WholeNumberField(
        label,
        widget=TextInput(),
        render_kw={"inputmode": "numeric", "class": "number", "autocomplete": "off"},
        invalid_value_message=_l("Bitte geben Sie eine ganze Zahl ein, zum Beispiel 5."),
    )


def life_area_field(label=_l("Lebensbereiche")):
    return MultiCheckboxField(
        label,
        coerce=int,
        choices=[],
        invalid_value_message=_l("Bitte wählen Sie nur Lebensbereiche aus der Liste."),
        invalid_choice_message=_l("Bitte wählen Sie nur Lebensbereiche aus der Liste."),
    )


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class SurveyTextsForm(Form):
    """What may still be corrected once a survey has opened: its wording."""

    title = text(_l("Titel"), 200, required=_l("Bitte geben Sie einen Titel ein."))
    title_en = text(_l("Titel auf Englisch (optional)"), 200, english=True)
    intro = text(_l("Einleitung"), 5000, area=True, rows=6)
    intro_en = text(_l("Einleitung auf Englisch (optional)"), 5000, english=True, area=True, rows=6)


class SurveyForm(SurveyTextsForm):
    slug = StringField(
        _l("Kurzname für die Adresse (optional)"),
        validators=[
            Optional(),
            Length(max=80, message=_l("Bitte höchstens %(max)d Zeichen.")),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message=_l("Bitte nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, zum Beispiel „umfrage-2026“."),
            ),
        ],
        filters=[_strip, lambda value: value.lower() if isinstance(value, str) else value],
    )
    opens_on = DateField(
        _l("Erster Tag (optional)"),
        validators=[Optional()],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum ein, zum Beispiel 31.12.2026."),
    )
    closes_on = DateField(
        _l("Letzter Tag (optional)"),
        validators=[Optional()],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum ein, zum Beispiel 31.12.2026."),
    )
    locality = SelectField(
        _l("Für wen ist die Umfrage?"),
        choices=[],
        default="",
        invalid_choice_message=_l("Bitte wählen Sie die ganze Stadt oder eine Ortschaft aus der Liste."),
    )
    access_mode = RadioField(
        _l("Zugang"),
        choices=[
            SelectChoice("open", _l("Offen: alle können teilnehmen")),
            SelectChoice("codes", _l("Mit Zugangscodes: nur wer einen Code hat (Briefe, Schulklassen, Papierbögen)")),
        ],
        default="open",
        validators=[InputRequired(_l("Bitte wählen Sie, wie man an der Umfrage teilnimmt."))],
        invalid_choice_message=_l("Bitte wählen Sie, wie man an der Umfrage teilnimmt."),
    )
    demographics_enabled = BooleanField(_l("Fragen zur Person erlauben (zum Beispiel Altersgruppe)"), default=True)

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("Der letzte Tag darf nicht vor dem ersten Tag liegen."))


class PageForm(Form):
    title = text(_l("Überschrift der Seite (optional)"), 200)
    title_en = text(_l("Überschrift auf Englisch (optional)"), 200, english=True)


class QuestionForm(Form):
    """Built for one kind: fields the kind does not use are removed in __init__."""

    prompt = text(_l("Frage"), 1000, required=_l("Bitte geben Sie die Frage ein."), area=True, rows=2)
    prompt_en = text(_l("Frage auf Englisch (optional)"), 1000, english=True, area=True, rows=2)
    help_text = text(_l("Hinweis unter der Frage (optional)"), 1000, area=True, rows=2)
    help_text_en = text(_l("Hinweis auf Englisch (optional)"), 1000, english=True, area=True, rows=2)
    label_min = text(_l("Beschriftung des kleinsten Werts"), 120)
    label_min_en = text(_l("Beschriftung des kleinsten Werts auf Englisch (optional)"), 120, english=True)
    label_max = text(_l("Beschriftung des größten Werts"), 120)
    label_max_en = text(_l("Beschriftung des größten Werts auf Englisch (optional)"), 120, english=True)
    unit = text(_l("Einheit hinter dem Eingabefeld (optional), zum Beispiel „Personen“"), 40)
    unit_en = text(_l("Einheit auf Englisch (optional)"), 40, english=True)
    required = BooleanField(_l("Pflichtfrage"))
    min_value = whole_number(_l("Kleinster Wert"))
    max_value = whole_number(_l("Größter Wert"))
    max_choices = whole_number(_l("Höchstens so viele Antworten (optional)"))
    allow_no_answer = BooleanField(_l("„keine Angabe“ als eigene Antwort anbieten"))
    max_length = whole_number(_l("Höchstens so viele Zeichen (optional)"))
    life_areas = life_area_field(_l("Lebensbereiche dieser Frage"))
    option_lines = TextAreaField(
        _l("Antwortmöglichkeiten, eine pro Zeile"), validators=[_clean_text], filters=[_strip], render_kw={"rows": 6}
    )
    option_lines_en = TextAreaField(
        _l("Antwortmöglichkeiten auf Englisch (optional), eine pro Zeile in derselben Reihenfolge"),
        validators=[_clean_text],
        filters=[_strip],
        render_kw={"rows": 6, "lang": "en"},
    )

    def __init__(self, kind: str, *, structure: bool = True, creating: bool = False, option_count: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.kind = kind
        self.option_count = option_count
        keep = KIND_FIELDS[kind]
        for name in KIND_ONLY_FIELDS:
            if name not in keep:
                self._drop(name)
        if not creating:
            self._drop("option_lines")
        if not structure:
            for name in QUESTION_STRUCTURE_FIELDS:
                self._drop(name)
        self._relabel(kind)

    def _drop(self, name: str) -> None:
        for each in (name, f"{name}_en"):
            if each in self:
                del self[each]

    def _relabel(self, kind: str) -> None:
        labels = {}
        if kind in ("scale", "matrix"):
            labels = {"min_value": _l("Skala von"), "max_value": _l("Skala bis")}
        elif kind == "number":
            labels = {"min_value": _l("Kleinste erlaubte Zahl (optional)"), "max_value": _l("Größte erlaubte Zahl (optional)")}
        elif kind == "ranking":
            labels = {"max_choices": _l("Anzahl der Plätze (optional, sonst alle)")}
        if kind == "matrix":
            labels["option_lines"] = _l("Zeilen der Matrix, eine pro Zeile")
            labels["option_lines_en"] = _l("Zeilen auf Englisch (optional), eine pro Zeile in derselben Reihenfolge")
        for name, label in labels.items():
            if name in self:
                self[name].label.text = label

    # Checks that depend on the kind; each message is tied to its field.

    def validate_min_value(self, field):
        _skip_if_unreadable(field)
        if self.kind in ("scale", "matrix"):
            if field.data is None:
                raise StopValidation(_l("Bitte geben Sie den kleinsten Wert der Skala ein."))
            if not -SCALE_LIMIT <= field.data <= SCALE_LIMIT:
                raise ValidationError(_l("Bitte eine Zahl von %(min)s bis %(max)s.", min=-SCALE_LIMIT, max=SCALE_LIMIT))
        elif field.data is not None and abs(field.data) > NUMBER_LIMIT:
            raise ValidationError(_l("Diese Zahl ist zu groß."))

    def validate_max_value(self, field):
        _skip_if_unreadable(field)
        low = self.min_value.data if not self.min_value.errors else None
        if self.kind in ("scale", "matrix"):
            if field.data is None:
                raise StopValidation(_l("Bitte geben Sie den größten Wert der Skala ein."))
            if low is not None and field.data <= low:
                raise ValidationError(_l("Der größte Wert muss größer sein als der kleinste."))
            if low is not None and field.data - low > SCALE_STEPS:
                raise ValidationError(_l("Eine Skala hat höchstens %(count)s Stufen.", count=SCALE_STEPS + 1))
        else:
            if field.data is not None and abs(field.data) > NUMBER_LIMIT:
                raise ValidationError(_l("Diese Zahl ist zu groß."))
            if field.data is not None and low is not None and field.data < low:
                raise ValidationError(_l("Die größte Zahl darf nicht kleiner sein als die kleinste."))

    def validate_max_choices(self, field):
        _skip_if_unreadable(field)
        if field.data is None:
            return
        count = len(_lines(self.option_lines.data)) if self.option_lines else self.option_count
        if not 1 <= field.data <= max_options(self.kind):
            raise ValidationError(_l("Bitte eine Zahl von 1 bis %(max)s.", max=max_options(self.kind)))
        if count and field.data > count:
            raise ValidationError(_l("Bitte höchstens %(count)s: so viele Antworten gibt es.", count=count))

    def validate_max_length(self, field):
        _skip_if_unreadable(field)
        limit = DEFAULT_MAX_LENGTH[self.kind]
        if field.data is not None and not 1 <= field.data <= limit:
            raise ValidationError(_l("Bitte eine Zahl von 1 bis %(max)s.", max=limit))

    def validate_option_lines(self, field):
        lines = _lines(field.data)
        least = 1 if self.kind == "matrix" else 2
        if len(lines) < least:
            raise StopValidation(
                _l("Bitte geben Sie mindestens eine Zeile ein.")
                if least == 1
                else _l("Bitte geben Sie mindestens zwei Antwortmöglichkeiten ein, jede in einer eigenen Zeile.")
            )
        limit = max_options(self.kind)
        if len(lines) > limit:
            raise ValidationError(
                _l("Eine Matrix kann höchstens %(max)s Zeilen haben.", max=limit)
                if self.kind == "matrix"
                else _l("Bitte höchstens %(max)s Antwortmöglichkeiten.", max=limit)
            )
        if any(len(line) > 300 for line in lines):
            raise ValidationError(_l("Jede Antwortmöglichkeit darf höchstens 300 Zeichen haben."))
        if len({line.casefold() for line in lines}) != len(lines):
            raise ValidationError(_l("Jede Antwortmöglichkeit darf nur einmal vorkommen."))

    def validate_option_lines_en(self, field):
        lines = _lines(field.data)
        if lines and self.option_lines is not None and len(lines) != len(_lines(self.option_lines.data)):
            raise ValidationError(_l("Bitte geben Sie genauso viele englische wie deutsche Zeilen ein (oder keine)."))
        if any(len(line) > 300 for line in lines):
            raise ValidationError(_l("Jede Antwortmöglichkeit darf höchstens 300 Zeichen haben."))

    def validate_required(self, field):
        if self.kind == "demographic" and field.data and self.allow_no_answer is not None and not self.allow_no_answer.data:
            raise ValidationError(_l("Eine Pflichtfrage zur Person muss „keine Angabe“ anbieten."))

    def option_pairs(self) -> list[tuple[str, str]]:
        """(German, English) labels from the option lines, English empty when not given."""
        german = _lines(self.option_lines.data) if self.option_lines else []
        english = _lines(self.option_lines_en.data) if self.option_lines_en else []
        return [(label, english[index] if index < len(english) else "") for index, label in enumerate(german)]

    def values(self) -> dict:
        """The question's columns and English texts as entered (without options and life areas)."""
        skip = {"csrf_token", "option_lines", "option_lines_en", "life_areas"}
        return {name: value for name, value in self.data.items() if name not in skip}


class OptionForm(Form):
    label = text(_l("Antwortmöglichkeit"), 300, required=_l("Bitte geben Sie die Antwortmöglichkeit ein."))
    label_en = text(_l("Antwortmöglichkeit auf Englisch (optional)"), 300, english=True)
    life_areas = life_area_field(_l("Lebensbereiche dieser Antwortmöglichkeit"))

    def __init__(self, *, structure: bool = True, taken: set[str] = frozenset(), **kwargs):
        super().__init__(**kwargs)
        self.taken = {label.casefold() for label in taken}
        if not structure:
            del self["life_areas"]

    def validate_label(self, field):
        if field.data and field.data.casefold() in self.taken:
            raise ValidationError(_l("Diese Antwortmöglichkeit gibt es bei dieser Frage schon."))

    def values(self) -> dict:
        return {"label": self.label.data, "label_en": self.label_en.data}


class ConditionForm(Form):
    """Show the question only when one of these options of ONE earlier question was chosen."""

    option_ids = MultiCheckboxField(
        _l("Nur zeigen, wenn bei einer früheren Frage eine dieser Antworten gewählt wurde"),
        coerce=int,
        validate_choice=False,
        invalid_value_message=_l("Bitte wählen Sie nur Antworten aus der Liste."),
    )

    def __init__(self, *, candidates: dict[int, int], **kwargs):
        """candidates: option id -> id of its question, for every question a condition may use."""
        super().__init__(**kwargs)
        self.candidates = candidates

    def validate_option_ids(self, field):
        chosen = field.data or []
        if any(option_id not in self.candidates for option_id in chosen):
            raise ValidationError(_l("Bitte wählen Sie nur Antworten aus der Liste."))
        if len({self.candidates[option_id] for option_id in chosen}) > 1:
            raise ValidationError(_l("Bitte wählen Sie Antworten von nur einer Frage."))


class KindForm(Form):
    """Step 1 of a new question: its kind (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    art = RadioField(
        _l("Art der Frage"),
        choices=[],
        validators=[InputRequired(_l("Bitte wählen Sie eine Art der Frage."))],
        invalid_choice_message=_l("Diese Art von Frage ist hier nicht möglich. Bitte wählen Sie eine aus der Liste."),
    )
