"""The printable sheet of access codes: one slip per code with its QR code (no Flask, no database).

The QR code opens the survey's intro with the code in the URL fragment (#code=...). Browsers never
send the fragment to the server, so the code lands in no access log; code-from-link.js fills it in.
"""

from dataclasses import dataclass

import segno
from markupsafe import Markup

from participation.access import codes


@dataclass(frozen=True)
class Slip:
    code: str  # as printed: ABCDE-FGHJK
    link: str  # what the QR code holds
    qr: Markup  # inline SVG


def link_with_code(intro_url: str, code: str) -> str:
    """The survey's intro with the code in the fragment, never in the path or query."""
    return f"{intro_url}#code={codes.display(code)}"


def typed_address(intro_url: str) -> str:
    """The address as a resident types it: without "https://", which browsers add themselves."""
    return intro_url.removeprefix("https://")


def qr_svg(data: str, title: str) -> Markup:
    """An inline SVG QR code (error correction M, quiet zone of 4 modules) scaling with its box.

    segno writes presentation attributes only (viewBox, stroke), no style attribute, so the
    Content-Security-Policy (no inline styles) does not block it.
    """
    svg = segno.make(data, error="m").svg_inline(omitsize=True, svgclass="qr", lineclass=None, title=title)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def make_slips(intro_url: str, plain_codes: list[str], qr_title: str) -> list[Slip]:
    slips = []
    for code in plain_codes:
        link = link_with_code(intro_url, code)
        slips.append(Slip(code=codes.display(code), link=link, qr=qr_svg(link, qr_title)))
    return slips
