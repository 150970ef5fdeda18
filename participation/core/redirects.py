"""Where a `next=` parameter may send a visitor: only to a path on this site."""

from urllib.parse import urlsplit


def local_path(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`: an open redirect would let others
    borrow the town's address for their links."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target
