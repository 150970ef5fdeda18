"""Personal data in free text: found in the forms residents write, and only there."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.core.personal_data import PLACEHOLDERS, Finding, find_personal_data, redact

PERSONAL = {
    "email": ["vorname.name@web.de", "m.mueller-schulz@t-online.de", "Info@Verein-Elbeu.org", "jörg@gmx.net"],
    "phone": [
        "(039201) 12345",
        "0171 1234567",
        "+49 39201 123-45",
        "0391/1234567",
        "0391-5405 0",
        "+49 (0) 391 1234567",
        "0049 171 1234567",
        "0171-123 45 67",
    ],
    "url": [
        "www.wolmirstedt.de",
        "https://www.wolmirstedt.de/buergerservice?id=12",
        "http://example.org",
        "wolmirstedt.de/rathaus",
        "HTTPS://Example.com/Pfad",
    ],
    "iban": ["DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "de89 3704 0044 0532 0130 00"],
    "address": [
        "Magdeburger Straße 12",
        "Am Markt 3a",
        "Glindenberger Weg 5",
        "Bahnhofstraße 7",
        "Karl-Marx-Str. 10",
        "Straße der Jugend 7",
        "An der Alten Schule 4",
        "Schwarzer Weg 12-14",
        "Magdeburger Straße 12, 39326 Wolmirstedt",
    ],
}

HARMLESS = [
    "2024",
    "im Jahr 2024",
    "von 2019 bis 2024",
    "2019-2024",
    "am 03.04.2025",
    "am 3.4.25",
    "12 Personen",
    "etwa 150 Menschen",
    "1.250 Einwohner",
    "100 000 Euro",
    "um 14:30 Uhr",
    "von 08-12 Uhr",
    "09:00-12:00",
    "14.30 Uhr",
    "12,50 €",
    "0,99 €",
    "0,5 %",
    "39326",
    "39326 Wolmirstedt",
    "01067 Dresden",
    "Am Freitag 12 Leute",
    "im Mai 2024",
    "Zum Beispiel 3 Bäume",
    "der Radweg 2 km",
    "Die Straße ist schlecht beleuchtet.",
    "Mehr Bänke am Markt!",
    "z.B. mehr Busse",
    "Seite 3",
    "Platz 1",
    "Tel 2024",
]


@pytest.mark.parametrize("kind, value", [(kind, value) for kind, values in PERSONAL.items() for value in values])
def test_each_form_is_found_whole_and_named(kind, value):
    text = f"Meine Angabe: {value} (bitte vertraulich)."
    [finding] = find_personal_data(text)
    assert finding.kind == kind
    assert text[finding.start : finding.end] == value
    assert redact(text) == f"Meine Angabe: {PLACEHOLDERS[kind]} (bitte vertraulich)."


@pytest.mark.parametrize("text", HARMLESS)
def test_numbers_that_are_not_personal_data_stay(text):
    assert find_personal_data(text) == []
    assert redact(text) == text


def test_a_phone_number_ends_where_a_decimal_or_date_begins():
    assert redact("(039201) 12345 1.250 Einwohner") == "[Telefonnummer entfernt] 1.250 Einwohner"
    assert redact("0171 1234567 3,5 Sterne") == "[Telefonnummer entfernt] 3,5 Sterne"
    assert redact("0391 1234567 01.02.2025") == "[Telefonnummer entfernt] 01.02.2025"


def test_a_phone_number_after_a_cue_word_may_be_short():
    assert redact("Tel. 41234") == "Tel. [Telefonnummer entfernt]"
    assert redact("Handy: 1234567, abends") == "Handy: [Telefonnummer entfernt], abends"


def test_findings_come_in_order_and_never_overlap():
    text = "Schreibt an info@web.de oder ruft 0171 1234567 an, IBAN DE89370400440532013000, Am Markt 3."
    findings = find_personal_data(text)
    assert [finding.kind for finding in findings] == ["email", "phone", "iban", "address"]
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:]))
    assert findings[0] == Finding("email", 12, 23)


def test_an_email_address_is_one_finding_not_a_domain_inside_it():
    assert redact("max.info@web.de") == PLACEHOLDERS["email"]


def test_a_url_does_not_swallow_the_sentence_end():
    assert redact("Siehe https://wolmirstedt.de/rat.") == "Siehe [Internetadresse entfernt]."
    assert redact("(www.wolmirstedt.de)") == "([Internetadresse entfernt])"


def test_placeholders_are_not_personal_data():
    for placeholder in PLACEHOLDERS.values():
        assert find_personal_data(placeholder) == []


_personal = st.sampled_from([value for values in PERSONAL.values() for value in values])
# "Tel 2024" next to another number would rightly look like a phone number.
_harmless = st.sampled_from([text for text in HARMLESS if not text.startswith("Tel")]) | st.sampled_from(
    ["Bänke", "mehr Licht", "Elbeu", "Bus", "bitte", "und"]
)
_separator = st.sampled_from([" ", ", ", ". ", "\n", "; ", " – "])


@st.composite
def mixed_texts(draw):
    parts = draw(st.lists(st.tuples(_personal | _harmless, _separator), min_size=1, max_size=8))
    return "".join(part + separator for part, separator in parts)


@st.composite
def harmless_texts(draw):
    parts = draw(st.lists(st.tuples(_harmless, _separator), min_size=1, max_size=8))
    return "".join(part + separator for part, separator in parts).strip()


@settings(max_examples=300)
@given(st.text() | mixed_texts())
def test_redaction_is_idempotent_and_leaves_nothing_to_find(text):
    redacted = redact(text)
    assert find_personal_data(redacted) == []
    assert redact(redacted) == redacted


@settings(max_examples=200)
@given(mixed_texts())
def test_no_personal_value_survives_redaction(text):
    redacted = redact(text)
    for values in PERSONAL.values():
        for value in values:
            assert value not in redacted


@settings(max_examples=200)
@given(harmless_texts())
def test_text_without_personal_data_is_unchanged(text):
    assert find_personal_data(text) == []
    assert redact(text) == text
