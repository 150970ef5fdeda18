"""Cluster suggestions by word overlap (pure: no app, no database)."""

import random

from participation.groups.workshop_clusters import MAX_CARDS, content_words, jaccard, stem, suggest


def test_content_words_drop_stop_words_and_the_phase_prompts():
    assert content_words("Es wäre toll, wenn es WLAN am Bahnhof gäbe") == {"wlan": "WLAN", "bahnhof": "Bahnhof"}
    assert content_words("Was mich stört: der Bus") == {"bus": "Bus"}
    assert content_words("") == {} and content_words("1234 und 56") == {}


def test_endings_and_umlauts_meet():
    assert stem("radwege") == stem("radweg")
    assert stem("busse") == stem("bus")
    assert stem("schnelles") == stem("schnell") == stem("schnelle")
    assert set(content_words("Straße")) == set(content_words("Strasse"))
    assert set(content_words("Glasfaser für Mose")) & set(content_words("glasfaser in MOSE")) == {stem("glasfaser"), "mose"}


def test_jaccard():
    assert jaccard(frozenset("ab"), frozenset("bc")) == 1 / 3
    assert jaccard(frozenset(), frozenset("a")) == 0.0
    assert jaccard(frozenset("ab"), frozenset("ab")) == 1.0


CARDS = [
    (1, "Das Internet in Mose ist zu langsam"),
    (2, "Langsames Internet am Abend"),
    (3, "Der Bus fährt am Wochenende zu selten"),
    (4, "Busse fahren abends selten"),
    (5, "Es wäre toll, wenn es WLAN am Bahnhof gäbe"),
    (6, "Kein Internet auf dem Sportplatz, so langsam"),
    (7, "Formulare der Stadt nur auf Papier"),
]


def test_cards_sharing_words_are_suggested_together():
    suggestions = suggest(CARDS)
    assert [item.card_ids for item in suggestions] == [(1, 2, 6), (3, 4)]
    assert suggestions[0].title == "Internet, langsam" and suggestions[0].words == ("Internet", "langsam")
    assert suggestions[1].title == "Bus, selten"


def test_cards_alike_with_nothing_in_common_stay_apart():
    assert suggest([(1, "WLAN am Markt"), (2, "Termine im Bürgerbüro online"), (3, "Radweg nach Elbeu")]) == []
    assert suggest([(1, "Internet"), (2, "und und und"), (3, "")]) == []
    assert suggest([]) == []


def test_one_card_with_two_topics_does_not_chain_them():
    cards = [(1, "Internet langsam"), (2, "Internet langsam Mose"), (3, "Bus selten"), (4, "Bus selten Wochenende"),
             (5, "Internet langsam und Bus selten")]
    groups = [set(item.card_ids) for item in suggest(cards)]
    assert {1, 2} <= groups[0] and {3, 4} <= groups[1] and not (groups[0] & groups[1])


def test_the_result_does_not_depend_on_the_order_of_the_cards():
    shuffled = CARDS[:]
    random.Random(7).shuffle(shuffled)
    assert suggest(shuffled) == suggest(CARDS)


def test_a_full_wall_is_handled_quickly_and_capped():
    words = ["Internet", "Bus", "Schule", "Rathaus", "Radweg", "Markt", "WLAN", "Kita", "Formular", "Termin"]
    rng = random.Random(3)
    cards = [(number, " ".join(rng.sample(words, 3))) for number in range(MAX_CARDS + 50)]
    suggestions = suggest(cards)
    suggested = [card_id for item in suggestions for card_id in item.card_ids]
    assert len(suggested) == len(set(suggested)) and max(suggested) < MAX_CARDS
