"""The codes themselves: an alphabet without look-alikes, enough entropy, forgiving input, keyed hashes."""

import math
import string
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from participation.access import codes

LOOK_ALIKES = set("01OILUV")


def test_alphabet_has_no_look_alikes_and_no_repeats():
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 29
    assert not LOOK_ALIKES & set(codes.ALPHABET)
    assert set(codes.ALPHABET) <= set(string.ascii_uppercase + string.digits)


def test_codes_have_the_length_and_alphabet_and_enough_entropy():
    made = [codes.new_code() for _ in range(2000)]
    assert all(len(code) == codes.LENGTH == 10 for code in made)
    assert all(set(code) <= set(codes.ALPHABET) for code in made)
    assert len(set(made)) == len(made)
    # 29**10 possibilities: about 48.6 bits, each character drawn uniformly and independently.
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 48
    counts = Counter("".join(made))
    assert set(counts) == set(codes.ALPHABET)  # every character occurs
    expected = len(made) * codes.LENGTH / len(codes.ALPHABET)
    chi_square = sum((counts[char] - expected) ** 2 / expected for char in codes.ALPHABET)
    assert chi_square < 70, chi_square  # 28 degrees of freedom: p < 0.00003 by chance


def test_display_groups_the_code_and_normalise_reads_it_back():
    code = "ABCDE23456"
    assert codes.display(code) == "ABCDE-23456"
    assert codes.normalise("ABCDE-23456") == code
    assert codes.normalise(" abcde 23456 ") == code
    assert codes.normalise("ab cd e-234\u00a056") == code
    assert codes.normalise("abcde\t23456") == code


def test_normalise_refuses_what_cannot_be_a_code():
    for typed in ["", "ABCDE-2345", "ABCDE-234567", "ABCDE-2345O", "ABCDE-23451", "ÄBCDE-23456", "ABCDE_23456"]:
        assert codes.normalise(typed) is None, typed


@given(st.text(alphabet=codes.ALPHABET, min_size=codes.LENGTH, max_size=codes.LENGTH))
def test_every_code_survives_display_and_lower_case(code):
    assert codes.normalise(codes.display(code)) == code
    assert codes.normalise(codes.display(code).lower()) == code


def test_the_hash_is_keyed_and_tied_to_the_survey():
    digest = codes.hash_code("secret", 1, "ABCDE23456")
    assert len(digest) == 64 and "ABCDE23456" not in digest
    assert digest == codes.hash_code("secret", 1, "ABCDE23456")
    assert digest != codes.hash_code("other secret", 1, "ABCDE23456")
    assert digest != codes.hash_code("secret", 2, "ABCDE23456")
