"""Near-duplicate detection for ideas: normalised word shingles compared by Jaccard similarity.

Pure functions, no Flask: a new idea is compared with the recent ideas of its board, so the same
text posted twice (or lightly changed) is caught before it reaches the moderation queue.
"""

import re
import unicodedata
from dataclasses import dataclass

SHINGLE_SIZE = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Umlauts and ß written out, so "Strasse" and "Straße" count as the same word.
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise(text: str) -> list[str]:
    """Lower-cased words without punctuation, accents folded."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return _WORD.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[tuple[str, ...]]:
    """The set of runs of `size` consecutive words; short texts give one shingle of all words."""
    words = normalise(text)
    if len(words) <= size:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[index : index + size]) for index in range(len(words) - size + 1))


def jaccard(first: frozenset, second: frozenset) -> float:
    """Shared shingles over all shingles (0: nothing in common, 1: the same)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Match:
    idea_id: int
    similarity: float


def most_similar(text: str, candidates: list[tuple[int, str]], threshold: float) -> Match | None:
    """The candidate (id, text) most similar to `text` at or above `threshold`, if any."""
    mine = shingles(text)
    best = None
    for idea_id, other in candidates:
        similarity = jaccard(mine, shingles(other))
        if similarity >= threshold and (best is None or similarity > best.similarity):
            best = Match(idea_id, similarity)
    return best


_LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:de|com|net|org|info|eu|io|ru|biz)\b(?:/\S*)?")


def count_links(text: str) -> int:
    """How many web addresses the text holds (with or without http://)."""
    return len(_LINK.findall(text))
