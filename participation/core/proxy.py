"""Trust a reverse proxy's X-Forwarded-* headers only when the request really came from it.

With PROXY_COUNT=1, nginx tells the app the resident's address (the rate-limit key, kept in
memory or Redis only), that the request came over https, and the host and port it was sent to.
Werkzeug's ProxyFix believes those headers from anyone; a client that reaches the app's port
directly could then claim any address and step around every per-address limit. So the headers
count only from the addresses in PROXY_ADDRESSES (the proxy on the same machine by default, or
a unix socket, which only local processes can reach); from anywhere else they are dropped.
"""

from collections.abc import Iterable

from werkzeug.middleware.proxy_fix import ProxyFix

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
)


class TrustedProxyFix:
    """ProxyFix for requests from a trusted proxy address; forwarded headers removed otherwise."""

    def __init__(self, app, hops: int, trusted: Iterable[str]):
        self.app = app
        self.trusted = frozenset(trusted)
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    def __call__(self, environ, start_response):
        # gunicorn on a unix socket gives no peer address: only local processes can connect there.
        peer = environ.get("REMOTE_ADDR") or ""
        if peer == "" or peer in self.trusted:
            return self.fixed(environ, start_response)
        for name in FORWARDED_HEADERS:
            environ.pop(name, None)
        return self.app(environ, start_response)
