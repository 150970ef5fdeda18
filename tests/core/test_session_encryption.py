"""Unsent answers in the session cookie are encrypted: nobody at the same computer can read them,
changed or old cookies give an empty session (never an error), and no cookie outlives the browser."""

import base64
import binascii
import re
import time
import zlib

import pytest
from flask.sessions import SecureCookieSessionInterface

from participation.core.sessions import CHUNK_SIZE, _pack, session_cipher
from tests.helpers import DEMO_PATH, Resident, demo_answers, demo_questions, form_fields

SECRET_ANSWER = "Mein geheimer Wunsch: schnelles Internet für die Bahnhofstraße 12"
COOKIE = "beteiligung"


def resident_with_free_text(client, text: str = SECRET_ANSWER) -> Resident:
    """A resident on the last page who typed `text` as their vision and went back (not sent)."""
    resident = Resident(client)
    resident.start()
    for number, answers in enumerate(demo_answers()[:4], 1):
        resident.post_page(number, answers)
    resident.post_page(5, {f"q{demo_questions()['vision'].id}": text}, action="back")
    return resident


def session_cookies(client) -> dict[str, str]:
    return {cookie.key: cookie.value for cookie in client._cookies.values() if cookie.key.split(".")[0] == COOKIE}


def readable_forms(value: str) -> list[bytes]:
    """Everything an onlooker could make of a cookie value without the secret: the text itself,
    base64 of it and of each dot-separated part, and zlib streams starting near the front."""
    forms = [value.encode()]
    pieces = [value] + value.split(".")
    for piece in pieces:
        for skip in range(4):
            candidate = piece[skip:]
            for decode in (base64.urlsafe_b64decode, base64.b64decode):
                try:
                    forms.append(decode(candidate + "=" * (-len(candidate) % 4)))
                except (binascii.Error, ValueError):
                    pass
    for data in list(forms):
        for offset in range(min(len(data), 80)):
            try:
                forms.append(zlib.decompressobj().decompress(data[offset:]))
            except zlib.error:
                pass
    return forms


def found(text: str, values: list[str]) -> bool:
    needles = [text.encode(), text.encode("unicode_escape"), "geheimer".encode(), "Bahnhofstra".encode()]
    return any(needle in form for value in values for form in readable_forms(value) for needle in needles)


def test_a_free_text_answer_cannot_be_read_from_the_cookies(app, client, demo):
    resident = resident_with_free_text(client)
    cookies = session_cookies(client)
    assert cookies, "the unsent answers travel in the session cookie"
    values = list(cookies.values())
    joined = "".join(cookies[name] for name in sorted(cookies, key=lambda key: (len(key), key)))
    assert not found(SECRET_ANSWER, values + [joined])
    # The app itself reads them back.
    resident.open(DEMO_PATH + "/seite/5")
    assert SECRET_ANSWER in resident.html


def test_the_onlooker_check_does_find_the_answer_in_a_merely_signed_cookie(app, client, demo):
    """The check above is no straw man: the same attempts read what the old signed cookie held."""
    resident_with_free_text(client)
    with client.session_transaction() as session:
        signed = SecureCookieSessionInterface().get_signing_serializer(app).dumps(dict(session))
    assert found(SECRET_ANSWER, [signed])


def test_session_cookies_end_with_the_browser_session(app, client, demo):
    resident = Resident(client)
    resident.open(DEMO_PATH)
    response = client.post(DEMO_PATH + "/beginnen", data=form_fields(resident.html))
    headers = [value for name, value in response.headers.items() if name == "Set-Cookie" and value.startswith(COOKIE)]
    assert headers
    for header in headers:
        lowered = header.lower()
        assert "expires=" not in lowered and "max-age=" not in lowered, header
        assert "httponly" in lowered and "samesite=lax" in lowered, header


@pytest.mark.parametrize("spoil", [
    lambda value: value[:-5] + ("A" if value[-5] != "A" else "B") + value[-4:],  # one character changed
    lambda value: value[: len(value) // 2],  # cut short
    lambda value: "eyJkcmFmdHMiOnt9fQ.Z1abcd.c2lnbmF0dXJl",  # the old signed format
    lambda value: "gAAAAA" + "x" * 80,  # looks like the new format, is not
    lambda value: "Ä-not-ascii",
    lambda value: "",
])
def test_a_changed_or_foreign_cookie_gives_an_empty_session_not_an_error(app, client, demo, spoil):
    resident_with_free_text(client)
    cookies = session_cookies(client)
    visitor = app.test_client()
    for name, value in cookies.items():
        visitor.set_cookie(name, spoil(value) if name == COOKIE else value)
    for path in (DEMO_PATH + "/seite/5", DEMO_PATH, "/", "/verwaltung/anmelden"):
        response = visitor.get(path)
        assert response.status_code in (200, 302), (path, response.status_code)
        assert SECRET_ANSWER not in response.get_data(as_text=True)


def test_a_missing_chunk_gives_an_empty_session(app, client, demo):
    resident_with_free_text(client, "Lange Antwort " + "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2500)))
    cookies = session_cookies(client)
    assert len(cookies) >= 2, "a long answer spans several cookies"
    visitor = app.test_client()
    for name, value in cookies.items():
        if name != f"{COOKIE}.1":
            visitor.set_cookie(name, value)
    response = visitor.get(DEMO_PATH + "/seite/5")
    assert response.status_code in (200, 302) and "Lange Antwort" not in response.get_data(as_text=True)


def test_cookies_older_than_the_session_lifetime_or_from_another_secret_are_not_read(app, demo):
    payload = _pack('{"drafts": {}, "lang": "en"}')
    lifetime = int(app.permanent_session_lifetime.total_seconds())
    cases = {
        "fresh": session_cipher(app.secret_key).encrypt(payload),
        "too old": session_cipher(app.secret_key).encrypt_at_time(payload, int(time.time()) - lifetime - 60),
        "other secret": session_cipher("another installation's secret").encrypt(payload),
    }
    languages = {}
    for case, token in cases.items():
        visitor = app.test_client()
        visitor.set_cookie(COOKIE, token.decode())
        html = visitor.get("/").get_data(as_text=True)
        languages[case] = re.search(r'<html lang="(\w+)"', html).group(1)
    assert languages == {"fresh": "en", "too old": "de", "other secret": "de"}


def test_chunks_stay_within_what_browsers_keep():
    assert len(COOKIE) + 3 + CHUNK_SIZE < 4096
