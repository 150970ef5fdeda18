"""Template helpers shared by every page."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, get_locale

from participation.core.translatable import localized, localized_text

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        localized=localized,
        localized_text=localized_text,
        static_url=static_url,
        current_language=current_language,
        language_links=language_links,
        format_date=format_date,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


@cache
def _file_version(static_folder: str, filename: str) -> str:
    return hashlib.sha256((Path(static_folder) / filename).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """URL of a static file with its content hash, so browsers may cache it for a year."""
    return url_for("static", filename=filename, v=_file_version(current_app.static_folder, filename))


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def language_links() -> list[dict]:
    """Links that switch the language and come back to the same page (GET, no JavaScript)."""
    here = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code, code),
            "url": url_for("pages.set_language", code=code, next=here),
            "current": code == current_language(),
        }
        for code in current_app.config["LANGUAGES"]
    ]
