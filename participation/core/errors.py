"""Localised error pages, and JSON errors under /api/.

A database that cannot be reached, or does not answer in time, is a 503 ("temporarily
unavailable": answers already given stay in the browser). A statement the database refused
(DataError, IntegrityError, ...) is not an outage: it is a bug or bad input, a 400 or 500, and is
logged as such, so that monitoring does not report a healthy database as down.
"""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable
from werkzeug.http import HTTP_STATUS_CODES

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


#: API error messages are for programs and their authors: English, as the field names are.
MESSAGES_EN = {
    400: "the request could not be understood",
    500: "internal error",
    503: "temporarily unavailable, try again later",
}


FORM_EXPIRED = _l(
    "Das Formular war zu lange geöffnet oder kam nicht vollständig an. Bitte gehen Sie zurück, laden Sie die Seite neu und senden Sie sie noch einmal."
)


#: Paths whose errors are JSON: clients of the API read `{"error": {"status", "code", "message"}}`.
JSON_PREFIX = "/api/"


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("core/error.html", code=code, title=title, message=detail or message), code


def json_error(status: int, code: str, message: str):
    """An API error in the one shape every API answer has."""
    response = jsonify({"error": {"status": status, "code": code, "message": message}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def is_outage(error: Exception) -> bool:
    """Whether a database error means "unreachable or not answering" rather than "refused"."""
    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, DataError):
        return False
    return isinstance(error, OperationalError | InterfaceError) or getattr(error, "connection_invalidated", False)


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        if _is_api_request():
            response = json_error(error.code, _code_name(error.code), error.description or error.name)
            return response, error.code, headers
        response, code = render_error(error.code, FORM_EXPIRED if isinstance(error, CSRFError) else None)
        return response, code, headers

    @app.errorhandler(PoolTimeout)
    @app.errorhandler(DBAPIError)
    def _database_error(error: Exception):
        try:
            db.session.rollback()
        except SQLAlchemyError:  # a connection that broke is discarded by the pool; the page still comes
            log.error("rollback after a database error failed")
        name = type(getattr(error, "orig", None) or error).__name__
        if is_outage(error):
            log.error("database unavailable: %s", name)
            return _render_safely(ServiceUnavailable.code)
        log.error("database refused a statement: %s", name)
        return _render_safely(400 if isinstance(error, DataError) else 500)

    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError):
        return _render_safely(500)


def _is_api_request() -> bool:
    return request.path.startswith(JSON_PREFIX)


def _code_name(status: int) -> str:
    """`not_found`, `method_not_allowed`, ...: the HTTP reason phrase as a machine-readable code."""
    return HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("-", "_").replace("'", "")


def _render_safely(code: int):
    try:
        if _is_api_request():
            return json_error(code, _code_name(code), MESSAGES_EN.get(code, "error"))
        return render_error(code)
    except Exception:  # the error page itself must never fail
        return "Fehler / Error", code
