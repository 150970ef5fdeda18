"""Configuration defaults; instance/config.py and PARTICIPATION_* variables override them."""

import os
import secrets
import time
from pathlib import Path

class Config:
    #: SQLite in the instance folder unless DATABASE_URL points elsewhere (set in create_app).
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    #: PostgreSQL, in web requests: the longest a resident waits for the database, also a hanging
    #: one, before the "temporarily unavailable" page, which keeps their answers. Statements and
    #: lock waits are limited on the server a little below it (core/deadlines.py). Commands
    #: (migrations, maintenance) run without limits. 0 switches the limits off.
    DATABASE_TIMEOUT = 4.0

    #: The platform's name in the header and page titles.
    SITE_NAME = "Digitales Wolmirstedt"
    TOWN_NAME = "Wolmirstedt"

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")

    SESSION_COOKIE_NAME = "beteiligung"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: Secure cookies by default; `make run` on plain http://127.0.0.1 switches this off.
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 7

    #: Whole request bodies and single form fields are capped; larger ones get a 413 page.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_MEMORY_SIZE = 16 * 1024
    MAX_FORM_PARTS = 400

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    #: Flask-WTF's https check demands a Referer, which privacy tools strip; core/security.py checks
    #: Origin and Sec-Fetch-Site instead, and the session-bound token stays the main protection.
    WTF_CSRF_SSL_STRICT = False
    #: Our forms bring their own German and English messages; WTForms' catalogue would be parsed per request.
    WTF_I18N_ENABLED = False

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    #: A count and its expiry per key, nothing else (a moving window would keep a time per request).
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_LOGIN = "10 per minute;50 per hour"

    # Residents' limits come in pairs (core/rate_limits.py): RATELIMIT_X per browser, for one person,
    # and RATELIMIT_X_ADDRESS per address, for everyone behind it: a school class, a care home, the
    # town hall's guest Wi-Fi, a carrier's NAT. The numbers come from the demo survey: 5 pages, so a
    # response is 6 limited requests (start + 5 pages; reading a page is never limited), 12 with
    # corrections and going back. A class of 30 at 10 s per page sends 30 × 6 = 180 a minute and
    # finishes within the same minute; 200 residents an hour send 1,200 to 2,400 and store 200.
    # The idea settings are in ideas/__init__.py.
    #: Survey steps (start, every page sent): one person sends one every 2 s at most. The address
    #: ceiling is three times a class at 10 s per page (a class at 5 s still passes) and 2.5 times
    #: 200 residents an hour with corrections; a cookie-less flood gets 10 requests a second at most.
    RATELIMIT_SUBMIT = "30 per minute;300 per hour"
    RATELIMIT_SUBMIT_ADDRESS = "600 per minute;6000 per hour"
    #: Responses stored: a household answering one after another on one phone; from one address,
    #: twice a class finishing at once and 2.5 times 200 an hour. A script that keeps its cookie stops
    #: at 10; one that takes a new cookie for each response, indistinguishable from many residents,
    #: at 500 an hour. Kiosk tablets are many people: only the address counts for them.
    RATELIMIT_RESPONSE = "10 per hour"
    RATELIMIT_RESPONSE_ADDRESS = "60 per minute;500 per hour"
    #: Wrong access codes and unknown follow-link keys (right ones are never counted, so a class
    #: typing its codes uses up nothing). 29^10 possible codes: at 300 guesses an hour an address
    #: needs 160,000 years on average to hit one of a thousand unused codes. Per browser: room for
    #: typos, and one pupil's script cannot use up the budget of the whole class.
    RATELIMIT_CODE = "10 per minute;30 per hour"
    RATELIMIT_CODE_ADDRESS = "30 per minute;300 per hour"

    #: Reverse proxies in front of the app (0: none). With 1, nginx's X-Forwarded-For/-Proto/-Host are
    #: trusted: rate limits then see each resident's address (in memory only), links get https.
    PROXY_COUNT = 0
    #: Where that proxy connects from; X-Forwarded-* from any other address is ignored (a client
    #: reaching the app's port directly cannot claim another address). A unix socket always counts.
    PROXY_ADDRESSES = ("127.0.0.1", "::1")

    #: Privacy thresholds of published results (PRIVACY.md §3); stricter values are always allowed.
    MIN_CELL = 5
    MIN_GROUP = 10
    HOMOGENEITY_GROUP = 20
    MIN_FREE_TEXT_GROUP = 10
    MIN_CROSS_GROUP = 20
    GROUP_POLL_MIN = 5
    #: Counts below this are hidden in group polls (PRIVACY.md §3); 2 <= it <= GROUP_POLL_MIN.
    GROUP_POLL_MIN_CELL = 3
    #: PostgreSQL: each new response is stored among this many earlier responses of its survey,
    #: rewritten with it in random order, so nothing stored tells which one is new or which code it
    #: came with (surveys/storage_order.py). 0 switches that off; only tests do, to show the attack.
    STORAGE_MIX = 8

    #: Staff are logged out after this long without a request.
    STAFF_IDLE_MINUTES = 60
    #: Staff login attempts per e-mail address in a window, counted in the database, so across all
    #: workers and hosts; then even the right password waits until the window has passed.
    STAFF_LOGIN_ATTEMPTS = 5
    STAFF_LOGIN_WINDOW_SECONDS = 15 * 60

    COMPRESS_MIMETYPES = ["text/html", "text/css", "application/javascript", "image/svg+xml", "application/json"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    SEND_FILE_MAX_AGE_DEFAULT = 60 * 60 * 24 * 365

    #: Who runs this site: shown on the Impressum, the privacy notice and the accessibility statement.
    OPERATOR = {
        "name": "Stadt Wolmirstedt",
        "represented_by": "Der Bürgermeister",
        "street": "August-Bebel-Straße 25",
        "city": "39326 Wolmirstedt",
        "email": "beteiligung@example.org",
        "phone": "",
        "data_protection_officer": "Datenschutzbeauftragte/r der Stadt Wolmirstedt, Anschrift wie oben",
        "supervisory_authority": "Landesbeauftragter für den Datenschutz Sachsen-Anhalt, Leiterstraße 9, 39104 Magdeburg",
        "accessibility_enforcement": "Landesbeauftragte/r für Menschen mit Behinderungen Sachsen-Anhalt (Schlichtungsstelle nach BGG LSA)",
    }

def database_uri(config: dict, instance_path: str) -> str:
    """Return the SQLAlchemy URI: the configured URL, or SQLite in the instance folder."""
    url = config.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "participation.sqlite")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url

def load_or_create_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it once; safe when several workers start at once."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        # another worker created the file a moment ago and is still writing it
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty")
