"""Find and redact personal data in free text (PRIVACY.md §4): e-mail addresses, phone numbers,
URLs, IBANs and street addresses, in the forms residents of a German town actually write them.

Pure: no Flask. Detection is a heuristic that leans towards redacting too much; moderators still
read every answer. Numbers that are not phone numbers (years, dates, times, prices, counts,
postcodes on their own) are left alone: a phone number starts with ``+``, ``00`` or ``0`` and has
at least seven digits, unless a word like "Tel." or "Handy" stands right before it.
"""

import re
from dataclasses import dataclass

PLACEHOLDERS = {
    "email": "[E-Mail-Adresse entfernt]",
    "phone": "[Telefonnummer entfernt]",
    "url": "[Internetadresse entfernt]",
    "iban": "[IBAN entfernt]",
    "address": "[Adresse entfernt]",
}


@dataclass(frozen=True)
class Finding:
    kind: str  #: one of PLACEHOLDERS
    start: int
    end: int


_TRAILING_PUNCTUATION = ".,;:!?)]}'\"»«“”"

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

_URL = re.compile(
    r"(?i:\b(?:https?://|www\.))[^\s<>\"]+"
    # A bare domain only with a common ending, written in lower case ("Ort.De" is a typo, not a URL).
    r"|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:de|com|org|net|eu|info|io|biz|online|shop|app)"
    r"\b(?:/[^\s<>\"]*)?"
)

# Country code, two check digits, then 11 to 30 letters or digits, in groups of four or unbroken.
_IBAN = re.compile(r"\b[A-Za-z]{2}[0-9]{2}(?:[ ]?[0-9A-Z]{4}){2,7}(?:[ ]?[0-9A-Z]{1,4})?\b")

_PHONE_GROUP = r"(?:\(0\)|\(?[0-9]+\)?)"
_PHONE_SEPARATOR = r"(?:[ \u00a0]?[-/][ \u00a0]?|[ \u00a0])"
_PHONE_TAIL = rf"(?:{_PHONE_SEPARATOR}{_PHONE_GROUP})*"
# Not in the middle of a number or a decimal ("12.0171...", "0,5").
_PHONE = re.compile(
    rf"(?<![0-9.,+])(?:\+[1-9][0-9]{{0,2}}|00[1-9][0-9]{{0,2}}|\(0[0-9]+\)|0[1-9][0-9]*){_PHONE_TAIL}"
)
_PHONE_CUE = re.compile(
    r"(?i:\b(?:tel(?:efon)?(?:nr|nummer)?|handy(?:nummer)?|mobil(?:nummer|telefon)?|fax|rufnummer"
    r"|whatsapp)\b\.?[ \u00a0]*(?::[ \u00a0]*)?)"
    rf"(?P<number>[+(]?[0-9]+\)?{_PHONE_TAIL})"
)
_MIN_PHONE_DIGITS = 7
_MIN_CUED_PHONE_DIGITS = 4
_MAX_PHONE_DIGITS = 16  # E.164 allows 15; a national "0" or a "(0)" may add one
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")

_UPPER = "A-ZÄÖÜ"
_WORD = r"[\wäöüß-]"
_HOUSE_NUMBER = (
    r"[0-9]{1,3}[a-zA-Z]?(?:[ ]?[-/][ ]?[0-9]{1,3}[a-zA-Z]?)?(?![\w]|[.,:][0-9])"
    # "Radweg 2 km", "am Markt 3 Stunden" are lengths and times, not house numbers.
    r"(?![ ]?(?:km|m|Meter|Min|Minuten|Std|Stunden|Tage|Tagen|Wochen|Monate|Jahre|Jahren|Mal|mal"
    r"|Euro|€|%|Personen|Leute|Menschen|Kinder|Plätze|Parkplätze)\b|[ ]?[€%])"
    r"(?:,?[ ][0-9]{5}[ ][" + _UPPER + r"]" + _WORD + r"+)?"  # ", 39326 Wolmirstedt"
)
_STREET_ENDINGS = (
    r"straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|stieg|pfad"
    r"|promenade|markt|graben|winkel|anger|siedlung|zeile|hof"
)
_STREET_WORDS = (
    r"Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Chaussee|Steig|Pfad|Promenade"
    r"|Markt|Graben|Winkel|Anger|Siedlung|Hof|Berg|Tor|Landstraße"
)
# Words after "am", "im", "zum" ... that name a time or a figure of speech, not a street.
_NOT_STREETS = (
    r"Jahr|Jahre|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Wochenende"
    r"|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    r"|Frühjahr|Frühling|Sommer|Herbst|Winter|Anfang|Ende|Beispiel|Glück|Moment|Schluss|Monat|Tag"
    r"|Abend|Morgen|Mittag|Vormittag|Nachmittag|Alter|Vergleich|Rahmen|Zeitraum|Ganzen|Grunde"
    r"|Übrigen|Durchschnitt|Schnitt|Prinzip|Wochentag|Werktag|Feiertag|Stück|Tisch|Computer"
)
_ADDRESS = re.compile(
    # "Bahnhofstraße 5", "Karl-Marx-Str. 10", "Alte Dorfstraße 3"
    rf"(?:\b(?:Alte|Neue|Große|Kleine|Lange|Obere|Untere|Hohe|Breite)[rns]?[ ])?"
    rf"\b[{_UPPER}]{_WORD}*(?i:{_STREET_ENDINGS})[ ]?{_HOUSE_NUMBER}"
    # "Magdeburger Straße 12", "Glindenberger Weg 5"
    rf"|\b[{_UPPER}]{_WORD}*(?:er|sche|scher|sches)[ ](?:{_STREET_WORDS})[ ]?{_HOUSE_NUMBER}"
    # "Straße der Jugend 7", "Platz des Friedens 1"
    rf"|\b(?:{_STREET_WORDS})[ ](?:der|des|am|an[ ]der|zum|zur)[ ][{_UPPER}]{_WORD}*[ ]{_HOUSE_NUMBER}"
    # "Am Markt 3a", "An der Alten Schule 4"
    rf"|\b(?i:am|im|zum|zur|beim|hinterm|an[ ]de[rmn]|auf[ ]de[rmn]|in[ ]de[rmn]|hinter[ ]de[rmn]"
    rf"|vor[ ]de[rmn]|unter[ ]de[rmn]|bei[ ]de[rmn]|neben[ ]de[rmn]|über[ ]de[rmn])"
    rf"[ ](?!(?:{_NOT_STREETS})\b)[{_UPPER}]{_WORD}*(?:[ ][{_UPPER}]{_WORD}*)?[ ]{_HOUSE_NUMBER}"
)


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in ``text``, in order, never overlapping."""
    candidates = [
        *_spans(_EMAIL, text, "email"),
        *_urls(text),
        *_ibans(text),
        *_phones(text),
        *_spans(_ADDRESS, text, "address"),
    ]
    taken: list[Finding] = []
    # The earlier kinds win an overlap: an e-mail address contains a domain, a URL may contain digits.
    for candidate in candidates:
        if not any(candidate.start < other.end and other.start < candidate.end for other in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda finding: finding.start)


def redact(text: str) -> str:
    """``text`` with every finding replaced by a placeholder naming its kind."""
    # Removing one finding can change what stands next to another (a word boundary, a digit), so
    # scan again until nothing is found. Placeholders are never findings, so this ends.
    while findings := find_personal_data(text):
        for finding in reversed(findings):
            text = text[: finding.start] + PLACEHOLDERS[finding.kind] + text[finding.end :]
    return text


def _spans(pattern: re.Pattern, text: str, kind: str) -> list[Finding]:
    return [Finding(kind, match.start(), match.end()) for match in pattern.finditer(text)]


def _urls(text: str) -> list[Finding]:
    findings = []
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
        if end - match.start() > 4:
            findings.append(Finding("url", match.start(), end))
    return findings


def _ibans(text: str) -> list[Finding]:
    findings = []
    for match in _IBAN.finditer(text):
        length = len(match.group().replace(" ", ""))
        if 15 <= length <= 34 and sum(c.isdigit() for c in match.group()) >= 10:
            findings.append(Finding("iban", match.start(), match.end()))
    return findings


def _phones(text: str) -> list[Finding]:
    findings = []
    for match in _PHONE.finditer(text):
        end = _phone_end(text, match.start(), match.end(), _MIN_PHONE_DIGITS)
        if end is not None:
            findings.append(Finding("phone", match.start(), end))
    for match in _PHONE_CUE.finditer(text):
        start = match.start("number")
        if start > 0 and text[start - 1] in "0123456789.,":
            continue
        end = _phone_end(text, start, match.end("number"), _MIN_CUED_PHONE_DIGITS)
        if end is not None and not _YEAR.fullmatch(text[start:end]):
            findings.append(Finding("phone", start, end))
    return findings


def _phone_end(text: str, start: int, end: int, min_digits: int) -> int | None:
    """Where the phone number starting at ``start`` ends, or None if it is none.

    Drops trailing groups while there are more digits than any phone number has, or while the
    last group runs on into a decimal or a date ("12345 1.250 Einwohner" keeps "1.250").
    """
    while True:
        number = text[start:end]
        digits = sum(c.isdigit() for c in number)
        runs_on = end < len(text) and text[end] in ".,:" and text[end + 1 : end + 2].isdigit()
        if digits <= _MAX_PHONE_DIGITS and not runs_on:
            break
        cut = max(number.rfind(" "), number.rfind("-"), number.rfind("/"), number.rfind("\u00a0"))
        if cut <= 0:
            return None
        end = start + len(number[:cut].rstrip(" -/\u00a0"))
    if digits < min_digits:
        return None
    # An opening parenthesis left unmatched at the end belongs to the following text.
    while text[end - 1] == "(":
        end -= 1
    if text[start:end].count(")") > text[start:end].count("(") and text[end - 1] == ")":
        end -= 1
    return end
