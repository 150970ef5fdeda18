"""Pure checks on new ideas: shingles and Jaccard similarity, links, personal data, the honeypot."""

from hypothesis import given
from hypothesis import strategies as st

from participation.ideas.duplicates import count_links, jaccard, most_similar, normalise, shingles
from participation.ideas.screening import screen

TEXT = "Kostenloses WLAN auf dem Marktplatz, damit Gäste und Jugendliche online sind."


def test_normalising_ignores_case_punctuation_and_spelling_of_umlauts():
    assert normalise("Straße, STRASSE! Gäste") == ["strasse", "strasse", "gaeste"]
    assert shingles(TEXT) == shingles(TEXT.upper().replace(",", " ;"))


def test_similar_texts_match_and_different_ones_do_not():
    candidates = [(1, "Ein Rufbus für Elbeu am Wochenende."), (2, TEXT + " Bitte bald!")]
    match = most_similar(TEXT, candidates, 0.6)
    assert match.idea_id == 2 and 0.6 <= match.similarity < 1
    assert most_similar("Ganz etwas anderes über Laternen und Strom", candidates, 0.6) is None


@given(st.text(max_size=200), st.text(max_size=200))
def test_jaccard_is_symmetric_and_between_zero_and_one(first, second):
    a, b = shingles(first), shingles(second)
    assert jaccard(a, b) == jaccard(b, a)
    assert 0.0 <= jaccard(a, b) <= 1.0
    if a:
        assert jaccard(a, a) == 1.0


def test_links_are_counted_with_and_without_scheme_but_not_in_mail_addresses():
    assert count_links("https://a.example.org, www.b.de und shop.com/angebot") == 3
    assert count_links("Schreiben Sie an info@stadt.de, z.B. heute.") == 0


def base(**overrides):
    values = dict(title="Titel", body=TEXT, honeypot="", max_links=2, personal_confirmed=False, different_confirmed=False)
    return screen(**{**values, **overrides})


def test_screening_flags_each_problem():
    assert base().ok
    assert base(honeypot="x").errors == {"homepage": "honeypot"}
    assert base(body="a.de b.de c.de").errors == {"body": "too_many_links"}
    assert base(body="Tel. 0391 1234567, Lindenstraße 5").personal == ["phone", "address"]
    assert base(body="Tel. 0391 1234567", personal_confirmed=True).ok


def test_screening_finds_near_duplicates_and_refuses_the_same_text():
    recent = [(7, "Titel\n" + TEXT + " Danke.")]
    near = base(recent=recent, duplicate_threshold=0.6)
    assert near.similar.idea_id == 7 and not near.errors
    assert base(recent=recent, duplicate_threshold=0.6, different_confirmed=True).ok
    same = base(recent=[(7, "Titel\n" + TEXT)], duplicate_threshold=0.6, different_confirmed=True)
    assert same.errors == {"body": "same_text"}
