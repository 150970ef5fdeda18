"""Create forms carried out once: a double click on "Umfrage kopieren", a reload or a retry of
"Seite hinzufügen" and the like makes one copy, page, question or option.

Each rendered create form carries a random key (`form_key`, see views.py); what it made is stored
under a keyed hash of the key and the action, in the same transaction. A second post of the form
finds the row and is answered with what the first one made. Two posts at the very same moment both
do the work, but only one row can be inserted: the other rolls back (`claim` returns False) and
answers with the winner's result. Flush, never commit.
"""

import hashlib
import hmac
import re

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from participation.builder.models import BuilderFormKey
from participation.extensions import db

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def hash_key(secret: str, action: str, key: str | None) -> str | None:
    """The stored form of a form key for one action; None for a missing or malformed key."""
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        return None
    return hmac.new(secret.encode(), f"builder-form:{action}:{key}".encode(), hashlib.sha256).hexdigest()


def earlier_result(key_hash: str) -> int | None:
    """The id of what this form made when it was posted before, or None."""
    row = db.session.get(BuilderFormKey, key_hash)
    return row.object_id if row is not None else None


def claim(key_hash: str, survey_id: int, object_id: int) -> bool:
    """Record what the form made; False when another post of the same form recorded it first."""
    try:
        with db.session.begin_nested():
            db.session.execute(
                insert(BuilderFormKey.__table__).values(key_hash=key_hash, survey_id=survey_id, object_id=object_id)
            )
    except IntegrityError:
        return False
    return True
