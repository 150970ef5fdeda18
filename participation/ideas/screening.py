"""Checks on a new idea or comment before it is stored: honeypot, links, personal data, near-duplicates.

Pure: plain values in, a Screening out; the view turns its keys into messages.
"""

from dataclasses import dataclass, field

from participation.core.personal_data import find_personal_data
from participation.ideas.duplicates import Match, count_links, most_similar

#: Kinds of personal data a resident is warned about (links are limited separately).
HINT_KINDS = ("email", "phone", "address", "iban")
#: From this similarity on a new idea is the same text as an earlier one, not merely close to it.
SAME_TEXT = 0.95


@dataclass
class Screening:
    #: Problems that stop the submission, by form field: {"body": "too_many_links"}.
    errors: dict[str, str] = field(default_factory=dict)
    #: Kinds of personal data found, in HINT_KINDS order; a hint the resident must confirm.
    personal: list[str] = field(default_factory=list)
    #: A recent idea of the board that reads almost the same.
    similar: Match | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.personal and self.similar is None


def personal_kinds(*texts: str) -> list[str]:
    found = {finding.kind for text in texts for finding in find_personal_data(text)}
    return [kind for kind in HINT_KINDS if kind in found]


def screen(
    *,
    title: str,
    body: str,
    honeypot: str,
    max_links: int,
    personal_confirmed: bool,
    different_confirmed: bool,
    recent: list[tuple[int, str]] | None = None,
    duplicate_threshold: float = 1.0,
) -> Screening:
    """Check a submission; `recent` holds (id, text) of ideas to compare with (None for comments)."""
    result = Screening()
    if honeypot.strip():
        result.errors["homepage"] = "honeypot"
    if count_links(f"{title}\n{body}") > max_links:
        result.errors["body"] = "too_many_links"
    if not personal_confirmed:
        result.personal = personal_kinds(title, body)
    if recent:
        similar = most_similar(f"{title}\n{body}", recent, duplicate_threshold)
        if similar and similar.similarity >= SAME_TEXT:
            # The same text again: confirming does not help, supporting the first one does.
            result.errors["body"] = "same_text"
            result.similar = similar
        elif not different_confirmed:
            result.similar = similar
    return result
