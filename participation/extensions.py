"""The Flask extensions, created once and bound to the app in create_app()."""

from flask import Response, request
from flask_babel import Babel
from flask_compress import Compress as _Compress
from flask_limiter import Limiter
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so migrations can alter and drop them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Compress(_Compress):
    """Flask-Compress leaves responses outside 2xx alone; but validation (422) and error pages are
    whole pages a resident on a phone downloads, and they must fit the same byte budget."""

    def after_request(self, response: Response) -> Response:
        status = response.status_code
        if status < 400 or response.mimetype != "text/html":
            return super().after_request(response)
        response.status_code = 200
        try:
            return super().after_request(response)
        finally:
            response.status_code = status


def _client_address() -> str:
    # Used only as a rate-limit key in memory or Redis with a short expiry, never stored on disk.
    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
compress = Compress()
limiter = Limiter(key_func=_client_address, default_limits=[])
