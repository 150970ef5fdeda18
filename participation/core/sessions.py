"""An encrypted cookie session that may span several cookies.

Answers of a multi-page survey wait in the session until they are submitted (never in the
database). A signed cookie would keep them from being changed, but anyone at the same computer
could read them: what the last person typed on a shared or public computer. The session is
therefore encrypted and authenticated with Fernet (AES-128-CBC and HMAC-SHA256, from the
`cryptography` library) under a key derived from SECRET_KEY for this purpose alone (HKDF).

A long text answer can outgrow the ~4 KB a browser keeps in one cookie, so the encrypted value is
split over `name`, `name.1`, `name.2`, ... and joined again on read. A cookie that does not decrypt
(changed, cut short, older than PERMANENT_SESSION_LIFETIME, or from before encryption) gives an
empty session, never an error.
"""

import base64
import functools
import zlib

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin

#: Characters of the encrypted value per cookie; browsers keep at least 4096 bytes per cookie with its name.
CHUNK_SIZE = 3800
#: HKDF's purpose label: the session key is used for nothing else, and another purpose gets another key.
KEY_PURPOSE = b"participation/session-cookie/v1"
#: First byte of the plaintext: compressed JSON or plain JSON (a short session does not compress).
_COMPRESSED, _PLAIN = b"z", b"j"


def chunk_names(name: str, count: int) -> list[str]:
    return [name] + [f"{name}.{index}" for index in range(1, count)]


@functools.lru_cache(maxsize=4)
def session_cipher(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _pack(json_text: str) -> bytes:
    data = json_text.encode()
    compressed = zlib.compress(data, 6)
    return _COMPRESSED + compressed if len(compressed) < len(data) else _PLAIN + data


def _unpack(plaintext: bytes) -> str:
    kind, data = plaintext[:1], plaintext[1:]
    if kind == _COMPRESSED:
        return zlib.decompress(data).decode()
    if kind == _PLAIN:
        return data.decode()
    raise ValueError("unknown session format")


class ChunkedCookieSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not app.secret_key:
            return None
        name = self.get_cookie_name(app)
        parts = []
        while (part := request.cookies.get(chunk_names(name, len(parts) + 1)[-1])) is not None:
            parts.append(part)
        if not parts:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            plaintext = session_cipher(app.secret_key).decrypt("".join(parts).encode("ascii"), ttl=max_age)
            return self.session_class(self.serializer.loads(_unpack(plaintext)))
        except (InvalidToken, UnicodeError, ValueError, TypeError, zlib.error):
            # Only a changed cookie, a lost chunk or an old one gets here: start afresh.
            return self.session_class()

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        name = self.get_cookie_name(app)
        cookie = {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "samesite": self.get_cookie_samesite(app),
            "httponly": self.get_cookie_httponly(app),
        }
        if session.accessed:
            response.vary.add("Cookie")
        present = [key for key in request.cookies if key == name or key.startswith(name + ".")]

        if not session:
            if session.modified:
                for key in present:
                    response.delete_cookie(key, **cookie)
            return
        if not self.should_set_cookie(app, session):
            return

        plaintext = _pack(self.serializer.dumps(dict(session)))
        value = session_cipher(app.secret_key).encrypt(plaintext).decode("ascii")
        chunks = [value[start : start + CHUNK_SIZE] for start in range(0, len(value), CHUNK_SIZE)]
        names = chunk_names(name, len(chunks))
        # None unless session.permanent: a browser-session cookie, gone when the browser closes.
        expires = self.get_expiration_time(app, session)
        for key, chunk in zip(names, chunks):
            response.set_cookie(key, chunk, expires=expires, **cookie)
        for key in present:
            if key not in names:
                response.delete_cookie(key, **cookie)
