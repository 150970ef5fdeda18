"""Security headers on every response, and a same-origin check on every request that changes data.

Referrer-Policy is `same-origin`: links to other sites (a council document, a map) carry no
trace of the page a resident came from, while the site's own forms keep their `Origin` and
`Referer`. The stricter `no-referrer` made browsers send neither, and Flask-WTF's https check,
which insists on a Referer, then refused every form behind a TLS proxy.

Forms are protected by a CSRF token bound to the session (Flask-WTF). In place of Flask-WTF's
Referer check (WTF_CSRF_SSL_STRICT, off in config.py: privacy tools strip Referer headers, and
a resident must not lose a page of answers to that), requests that change data are checked
against the headers every current browser sends with a form, and no site can forge:
`Sec-Fetch-Site` and `Origin`. Either one naming another site refuses the request.
"""

from urllib.parse import urlsplit

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        # The organiser's answer count and the workshop wall ask for updates (short polling).
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Sec-Fetch-Site values of a request the site itself (or the resident typing an address) started.
OWN_FETCH_SITES = frozenset({"same-origin", "none"})


def init_app(app: Flask) -> None:
    app.before_request(_refuse_other_sites)
    app.after_request(_add_security_headers)


def _refuse_other_sites() -> None:
    if request.method in SAFE_METHODS:
        return
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in OWN_FETCH_SITES:
        abort(403)
    origin = request.headers.get("Origin")
    # "null" comes from privacy settings and sandboxed frames; the CSRF token still decides then.
    if origin and origin != "null" and not _is_own_origin(origin):
        abort(403)


def _is_own_origin(origin: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme == request.scheme and parts.netloc.lower() == request.host.lower()


def _add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static" and "Cache-Control" not in headers:
        # Pages may hold a resident's unsent answers: keep them out of shared caches and history.
        headers["Cache-Control"] = "no-store"
    return response
