"""Rate limits on what residents do: a browser stands for a person, an address only for a flood.

Many residents share one address: a school class, a care home, the town hall's guest Wi-Fi, a
mobile carrier's NAT. So each resident action has two limits (settings in config.py, where the
numbers are worked out):

- `RATELIMIT_<ACTION>`, per browser: tight enough for one person, it stops a script that keeps its
  cookie. The key is a keyed hash of the session's CSRF secret. Every form the app accepts carries
  that secret in the cookie (the form's token is checked against it), it stays the same from one
  set of answers to the next, and without the app's secret key its hash tells nobody anything.
  A posted idempotency key or a draft's key would not do: a script makes up a new one at will.
  Requests without a session are not limited here (they are refused by the CSRF check anyway).
- `RATELIMIT_<ACTION>_ADDRESS`, per address: far higher, enough for a class and a carrier NAT. It
  stops a script that drops its cookie, because then every request is a new browser.

Counters live only in memory or Redis with the window as their expiry (PRIVACY.md §1), and both
keys are keyed hashes, so not even Redis holds an address.
"""

import hashlib
import hmac
from collections.abc import Callable

from flask import Response, current_app, g, request, session

from participation.extensions import limiter


def _keyed_hash(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else secret.encode()
    return kind + ":" + hmac.new(secret, f"rate-limit:{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def browser_key() -> str:
    """This browser session's key, or "" when the request brings no session yet."""
    secret = session.get(current_app.config["WTF_CSRF_FIELD_NAME"])
    return _keyed_hash("browser", secret) if isinstance(secret, str) and secret else ""


def address_key() -> str:
    """The client's address (the proxy's X-Forwarded-For with PROXY_COUNT), hashed with the secret."""
    return _keyed_hash("address", request.remote_addr or "unknown")


def count(event: str) -> None:
    """Count this request against the limits that count `event` only (a stored response, a wrong code)."""
    g.setdefault("rate_limit_events", set()).add(event)


def _counted(event: str) -> Callable[[Response], bool]:
    return lambda response: event in g.get("rate_limit_events", ())


def limited(action: str, *, methods: tuple[str, ...] = ("POST",), only: str | None = None,
            when: Callable[[], bool] | None = None, browser_exempt_when: Callable[[], bool] | None = None):
    """Decorate a view with both limits of `action`, e.g. "SUBMIT": RATELIMIT_SUBMIT per browser and
    RATELIMIT_SUBMIT_ADDRESS per address. Views decorated with the same action share its counters.

    only: count just the requests for which the view called count(only); the others pass when the
    limit is not used up yet, so a class typing right access codes uses up nothing.
    when: the requests the limits apply to at all (e.g. only the submission of a survey's last page).
    browser_exempt_when: when the per-browser limit does not apply (a kiosk tablet is many people).
    """
    scope = action.lower().replace("_", "-")
    deduct_when = _counted(only) if only else None

    def address_exempt() -> bool:
        return bool(when and not when())

    def browser_exempt() -> bool:
        return address_exempt() or not browser_key() or bool(browser_exempt_when and browser_exempt_when())

    per_browser = limiter.shared_limit(
        lambda: current_app.config[f"RATELIMIT_{action}"], scope=scope, key_func=browser_key,
        methods=list(methods), deduct_when=deduct_when, exempt_when=browser_exempt,
    )
    per_address = limiter.shared_limit(
        lambda: current_app.config[f"RATELIMIT_{action}_ADDRESS"], scope=scope, key_func=address_key,
        methods=list(methods), deduct_when=deduct_when, exempt_when=address_exempt,
    )

    def decorate(view):
        return per_browser(per_address(view))

    return decorate
