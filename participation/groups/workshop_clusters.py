"""Cluster suggestions for workshop cards by word overlap: pure, no Flask, no external service.

Each card becomes the set of its content words (lower case, umlauts folded, German stop words and
the phases' own prompt words dropped, a crude suffix stemming so "Radwege" meets "Radweg").
Cards are then merged bottom-up (average linkage on the Jaccard similarity of their word sets)
while two groups are similar enough on average; every group of two or more cards is a
suggestion, titled with the words its cards share most. Average linkage, not "any two cards
alike", so one card with two topics does not chain two unrelated topics together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from participation.ideas.duplicates import normalise

#: Average similarity from which two groups of cards are one topic (tuned on short German cards:
#: "Internet in Mose zu langsam" and "Langsames Internet abends" share 2 of 4 words, 0.5).
THRESHOLD = 0.25
#: More cards than a room writes in a round; beyond it the suggestion would only get slow.
MAX_CARDS = 400
MIN_WORD = 3

STOP_WORDS = frozenset("""
aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bin bis
bisschen bitte bleibt da dabei dadurch dafuer damit dann darf darum das dass dem den denen der
deren des dessen die dies diese diesem diesen dieser dieses doch dort durch eigentlich ein eine
einem einen einer eines einfach endlich er es etwas euch fast fuer gar gibt geben gerne gibt
gut habe haben hat hatte hier ich ihr ihre im immer in ins ist ja jede jedem jeden jeder jedes
jetzt kann kaum kein keine keinen koennte koennen man manche manchmal mehr mein meine mich mir
mit moechte muss muessen muesste nach nicht nichts noch nur ob oder oft ohne schon sehr sein
seine sich sie sind so soll sollen sollte sollten sowie statt toll ueber um und uns unser unsere
unter viel viele vielleicht vom von vor waere waeren war waren warum was weil weiter welche wenig
wenn wer werden wie wieder wir wird wo wohl wuerde wuerden zu zum zur zwar zwischen stoert
stoeren stoerend finde finden leider mal eben genug ganz total wirklich gaebe haette haetten
wurde wurden geht gehen machen macht
""".split())

#: Endings stripped once, longest first, while a stem of at least four letters remains.
_SUFFIXES = ("ungen", "innen", "ung", "heit", "keit", "en", "er", "es", "em", "e", "n", "s")
_DOUBLE_END = re.compile(r"(.)\1$")


@dataclass(frozen=True)
class Suggestion:
    card_ids: tuple[int, ...]
    #: A few words the cards share, as people wrote them ("Internet, langsam").
    title: str
    words: tuple[str, ...]


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # "schnell"/"schnelle"/"schnelles" and "Bus"/"Busse" end up the same.
    return _DOUBLE_END.sub(r"\1", word)


def content_words(text: str) -> dict[str, str]:
    """{stem: the word as written} of the card's content words (first spelling kept)."""
    written = re.findall(r"[^\W_]+", text)
    words: dict[str, str] = {}
    for original, folded in zip(written, _folded_words(written)):
        if len(folded) < MIN_WORD or folded in STOP_WORDS or folded.isdigit():
            continue
        words.setdefault(stem(folded), original)
    return words


def _folded_words(written: list[str]) -> list[str]:
    folded = [normalise(word) for word in written]
    # normalise() may split a word with combining marks; keep one folded form per written word.
    return ["".join(parts) for parts in folded]


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def suggest(cards: Iterable[tuple[int, str]], threshold: float = THRESHOLD) -> list[Suggestion]:
    """Topics for (card id, text) pairs: groups of two or more cards, the largest first."""
    import numpy  # imported when suggesting only, as the privacy gate does

    # In the order of the ids, so the same wall gives the same suggestions however it was read.
    cards = sorted(cards)[:MAX_CARDS]
    words = [content_words(text) for _id, text in cards]
    stems = [frozenset(item) for item in words]
    size = len(cards)
    similarity = numpy.full((size, size), -1.0)
    for first in range(size):
        for second in range(first + 1, size):
            similarity[first, second] = similarity[second, first] = jaccard(stems[first], stems[second])
    members = {index: [index] for index in range(size)}
    # Average linkage with the Lance-Williams update: a merged group's similarity to another is the
    # size-weighted mean of its parts' similarities (pairs with nothing in common count as 0).
    while size > 1:
        first, second = divmod(int(numpy.argmax(similarity)), size)
        if similarity[first, second] < threshold:
            break
        first, second = min(first, second), max(first, second)
        weight_first, weight_second = len(members[first]), len(members[second])
        merged = (weight_first * similarity[first] + weight_second * similarity[second]) / (weight_first + weight_second)
        alive = similarity[second] >= 0
        merged[~alive] = -1.0
        similarity[first], similarity[:, first] = merged, merged
        similarity[first, first] = -1.0
        similarity[second], similarity[:, second] = -1.0, -1.0
        members[first] += members.pop(second)
    suggestions = [_suggestion(group, cards, words) for group in members.values() if len(group) >= 2]
    return sorted(suggestions, key=lambda item: (-len(item.card_ids), item.card_ids))


def _suggestion(members: list[int], cards: list[tuple[int, str]], words: list[dict[str, str]]) -> Suggestion:
    counts = Counter(stem_ for index in members for stem_ in words[index])
    spelled: dict[str, Counter] = {}
    for index in members:
        for stem_, original in words[index].items():
            spelled.setdefault(stem_, Counter())[original] += 1
    shared = [stem_ for stem_, count in counts.most_common() if count >= 2][:3]
    labels = tuple(_spelling(spelled[stem_]) for stem_ in shared)
    return Suggestion(tuple(sorted(cards[index][0] for index in members)), ", ".join(labels), labels)


def _spelling(spellings: Counter) -> str:
    """The most common spelling; among equals the shortest ("langsam", not "langsames")."""
    return sorted(spellings.items(), key=lambda item: (-item[1], len(item[0]), not item[0][:1].isupper(), item[0]))[0][0]
