"""Which localities a question's quotes may name: the rule alone, without a database."""

from hypothesis import given
from hypothesis import strategies as st

from participation.quotes.scope import quote_scope


def test_too_few_answers_in_the_whole_town_allow_no_quote():
    scope = quote_scope({1: 4, 2: 3, None: 2}, 10)
    assert not scope.quotable and scope.total == 9 and scope.localities == frozenset()


def test_localities_with_enough_answers_are_named():
    scope = quote_scope({1: 30, 2: 10, 3: 9, None: 5}, 10)
    assert scope.quotable and scope.localities == {1, 2}


def test_a_small_unnamed_rest_makes_the_smallest_named_locality_join_it():
    # Naming 1 and 2 would leave Mose's 3 answers as the only unnamed ones.
    scope = quote_scope({1: 30, 2: 12, 3: 3}, 10)
    assert scope.localities == {1}


def test_a_single_locality_with_all_answers_is_named():
    assert quote_scope({4: 11}, 10).localities == {4}


def test_answers_without_a_locality_count_for_the_rest():
    assert quote_scope({1: 10, None: 10}, 10).localities == {1}
    assert quote_scope({1: 10, None: 2}, 10).localities == frozenset()


@given(st.dictionaries(st.none() | st.integers(1, 6), st.integers(0, 40)), st.integers(1, 20))
def test_no_named_group_and_no_unnamed_rest_is_small(counts, minimum):
    scope = quote_scope(counts, minimum)
    assert scope.total == sum(counts.values())
    assert scope.quotable == (scope.total >= minimum)
    assert all(counts[locality] >= minimum for locality in scope.localities)
    rest = scope.total - sum(counts[locality] for locality in scope.localities)
    assert rest == 0 or rest >= minimum or not scope.quotable
