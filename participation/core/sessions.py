"""A signed cookie session that may span several cookies.

Answers of a multi-page survey wait in the session until they are submitted (never in the
database), and a long text answer can outgrow the ~4 KB a browser keeps in one cookie. The
signed value is therefore split over `name`, `name.1`, `name.2`, ... and joined again on read.
"""

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature

#: Bytes of the signed value per cookie; browsers keep at least 4096 bytes per cookie with its name.
CHUNK_SIZE = 3800


def chunk_names(name: str, count: int) -> list[str]:
    return [name] + [f"{name}.{index}" for index in range(1, count)]


class ChunkedCookieSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        name = self.get_cookie_name(app)
        parts = []
        while (part := request.cookies.get(chunk_names(name, len(parts) + 1)[-1])) is not None:
            parts.append(part)
        if not parts:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            return self.session_class(serializer.loads("".join(parts), max_age=max_age))
        except BadSignature:
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

        value = self.get_signing_serializer(app).dumps(dict(session))
        chunks = [value[start : start + CHUNK_SIZE] for start in range(0, len(value), CHUNK_SIZE)]
        names = chunk_names(name, len(chunks))
        expires = self.get_expiration_time(app, session)
        for key, chunk in zip(names, chunks):
            response.set_cookie(key, chunk, expires=expires, **cookie)
        for key in present:
            if key not in names:
                response.delete_cookie(key, **cookie)
