"""Localised error pages; a lost database connection becomes a clear 503, never a 500 trace."""

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from participation.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Die Anfrage war fehlerhaft"), _l("Der Server konnte die Anfrage nicht verstehen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.")),
    403: (_l("Kein Zugriff"), _l("Sie haben keine Berechtigung, diese Seite zu sehen.")),
    404: (_l("Seite nicht gefunden"), _l("Diese Seite gibt es nicht (mehr). Vielleicht hat sich die Adresse geändert.")),
    405: (_l("Aktion nicht möglich"), _l("Diese Seite kann so nicht aufgerufen werden. Bitte benutzen Sie die Links und Knöpfe auf der Seite.")),
    410: (_l("Nicht mehr verfügbar"), _l("Dieses Angebot ist beendet.")),
    413: (_l("Zu viele Daten"), _l("Ihre Eingabe war zu groß, um sie zu verarbeiten. Bitte kürzen Sie lange Texte und senden Sie erneut.")),
    # A limit per browser or one per address (a whole class shares one): the text names both.
    429: (_l("Zu viele Anfragen"), _l("In kurzer Zeit kamen sehr viele Anfragen von diesem Browser oder von Ihrem Internetanschluss (den sich zum Beispiel eine ganze Schule teilen kann). Antworten, die Sie auf früheren Seiten gegeben haben, bleiben in Ihrem Browser erhalten. Bitte warten Sie eine Minute, gehen Sie dann zurück und senden Sie noch einmal.")),
    500: (_l("Ein Fehler ist aufgetreten"), _l("Auf unserer Seite ist etwas schiefgegangen. Bitte versuchen Sie es später noch einmal.")),
    503: (_l("Vorübergehend nicht erreichbar"), _l("Die Beteiligungsplattform ist gerade nicht erreichbar. Ihre bisherigen Antworten bleiben in Ihrem Browser erhalten. Bitte versuchen Sie es in einigen Minuten noch einmal.")),
}


FORM_EXPIRED = _l(
    "Das Formular war zu lange geöffnet oder kam nicht vollständig an. Bitte gehen Sie zurück, laden Sie die Seite neu und senden Sie sie noch einmal."
)


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("core/error.html", code=code, title=title, message=detail or message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        response, code = render_error(error.code, FORM_EXPIRED if isinstance(error, CSRFError) else None)
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        return response, code, headers

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def _database_unavailable(error: Exception):
        db.session.rollback()
        log.error("database error: %s", type(error).__name__)
        return _render_safely(ServiceUnavailable.code)

    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError):
        return _render_safely(500)


def _render_safely(code: int):
    try:
        return render_error(code)
    except Exception:  # the error page itself must never fail
        return "Fehler / Error", code
