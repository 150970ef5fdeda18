"""Making, normalising and hashing access codes (no Flask, no database)."""

import hashlib
import hmac
import secrets

#: No 0/O, 1/I/L or U/V look-alikes: codes are read off paper and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LENGTH = 10  # 29**10: about 48 bits, with rate limits far beyond guessing
GROUP = 5


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """ABCDE-FGHJK: groups are easier to read and type."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))


def normalise(typed: str) -> str | None:
    """What a resident typed, as a code: upper case, without spaces or dashes; None if it cannot be one."""
    cleaned = "".join(char for char in typed.upper() if char not in " -\t\u00a0")
    if len(cleaned) != LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def hash_code(secret: str, survey_id: int, code: str) -> str:
    return hmac.new(secret.encode(), f"access-code:{survey_id}:{code}".encode(), hashlib.sha256).hexdigest()
