"""Join codes: eight digits, quick to type on a phone's number pad and unambiguous when read
aloud or projected (digits only: no O/0 or I/l to confuse), shown as "1234 5678".

Codes are not secrets: they are projected in the room. Guessing one still takes millions of
tries, and wrong codes are rate-limited (join_views.py). A code is unique among the polls and the
workshops; what can be joined registers itself in JOINABLE.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import segno

LENGTH = 8
_NOT_DIGITS = re.compile(r"[\s\-./]+")


@dataclass(frozen=True)
class Joinable:
    """Something with a join code: `find(code)` returns its id (or None), `endpoint` joins it
    (called with `code=`)."""

    name: str
    find: Callable[[str], int | None]
    endpoint: str


#: Filled by the modules that own joinable things (poll_services, workshop_services).
JOINABLE: list[Joinable] = []


def register(joinable: Joinable) -> None:
    if all(item.name != joinable.name for item in JOINABLE):
        JOINABLE.append(joinable)


def normalise(typed: str) -> str | None:
    """The code in `typed` ("1234 5678", "1234-5678", " 12345678 "), or None if it is none."""
    code = _NOT_DIGITS.sub("", typed or "")
    return code if len(code) == LENGTH and code.isdigit() else None


def display(code: str) -> str:
    """"12345678" → "1234 5678": two groups of four are read aloud and typed without slips."""
    return f"{code[:4]} {code[4:]}"


def new_code() -> str:
    """A random code not used by any poll or workshop (the database's unique constraints still
    guard against two made at the same moment)."""
    while True:
        # No leading 0: some phones' number fields drop it, and "0…" reads like a phone number.
        code = str(secrets.randbelow(9 * 10 ** (LENGTH - 1)) + 10 ** (LENGTH - 1))
        if lookup(code) is None:
            return code


def lookup(code: str) -> tuple[Joinable, int] | None:
    for joinable in JOINABLE:
        found = joinable.find(code)
        if found is not None:
            return joinable, found
    return None


def qr_svg(url: str) -> str:
    """The join address as a QR code (SVG, black on white, with its quiet zone), scaled to fill
    the box it is placed in: a projector or a printed sheet."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
