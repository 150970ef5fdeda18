"""Input the databases can hold, decided once for every view: text without control characters,
URL numbers within the integer columns' range.

PostgreSQL's text type cannot hold U+0000 (the driver refuses the whole statement), while SQLite
stores it: the same idea was kept on one database and lost on the other. No form on this site
has a use for NUL or the other C0 control characters, so they are removed from every submitted
value and query parameter before a view or a form sees them; tab, line feed and carriage return
stay (long texts have lines). The stored text is then the same on both databases.

Numbers: every id, page number and version is an `integer` column on PostgreSQL (32 bits);
SQLite takes 64 bits and Python's sqlite3 raises OverflowError beyond that. A number in a URL
beyond the columns' range cannot name anything, so the URL converter does not match it (404),
and `query_int` reads a query parameter the same way, falling back to its default.
"""

import re
from collections.abc import Mapping

from flask import Flask, Request, request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.routing import IntegerConverter, UnicodeConverter

#: The largest value of PostgreSQL's `integer`, the type of every id and number column here.
INT_MAX = 2**31 - 1

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(value: str) -> str:
    """`value` without NUL and the other C0 control characters (tab and line breaks stay)."""
    return _CONTROL.sub("", value)


def _clean(value):
    return clean_text(value) if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict):
    """Query and form parameters with control characters removed from names and values
    (uploaded files pass unchanged; only their field names are cleaned)."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        items = iter_multi_items(mapping) if isinstance(mapping, Mapping) else mapping
        super().__init__([(_clean(key), _clean(value)) for key, value in items])


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` that matches only numbers an integer column can hold; others are a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=INT_MAX if max is None else max, signed=signed)
        # ASCII digits only: `\d` also matches other scripts' digits, which int() accepts.
        self.regex = self.regex.replace(r"\d", "[0-9]")


class TextConverter(UnicodeConverter):
    """The default path part, without control characters: a URL with NUL in a slug is a 404."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f]", 1)


def whole_number(text: str | None, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
    """`text` as an integer if it is plain ASCII digits within the range, else None."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def query_int(name: str, default: int | None = None, minimum: int = 1, maximum: int = INT_MAX) -> int | None:
    """A whole-number query parameter (`?seite=3`); junk or a number out of range gives `default`."""
    value = whole_number(request.args.get(name), minimum, maximum)
    return default if value is None else value


def init_app(app: Flask) -> None:
    """Before any blueprint adds its routes: the converters are bound when a rule is added."""
    app.request_class = CleanRequest
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter
