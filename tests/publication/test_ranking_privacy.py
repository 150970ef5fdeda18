"""Rankings are gated per place and then shown per option (places, not ranked, average points).

Property test over random rankings: an attacker who reads the published per-option tables, knows
how the tables fit together (town = localities + "no locality"; place 1 is filled by everyone who
answered; nobody fills place p+1 without place p) and gets each published mean as an exact sum,
still cannot pin down any hidden count of any place. This checks the step from the gate's per-place
tables to the per-option tables, which the gate itself never sees.
"""

from collections import defaultdict

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.disclosure import linear
from participation.results.aggregate import LOCALITY, DimensionCounts, SurveyCounts
from participation.disclosure.table_gate import DEFAULT_POLICY, protect
from participation.results.snapshots import _ranking_tables
from participation.results.tables import Breakdown, Choice, QuestionInfo, plan_tables, policy_for

POLICY = DEFAULT_POLICY
QUESTION = 1


@st.composite
def rankings(draw):
    options = draw(st.integers(3, 4))
    places = draw(st.integers(2, options))
    localities = draw(st.integers(2, 3))
    people = []
    for level in [*range(localities), None]:
        size = draw(st.sampled_from([0, 1, 3, 6, 9, 12, 18, 25]))
        favourite = draw(st.permutations(range(options)))
        for _ in range(size):
            # Many agree (small, homogeneous groups are the hard case), some differ.
            order = favourite if draw(st.integers(0, 3)) else draw(st.permutations(range(options)))
            filled = places if draw(st.integers(0, 4)) else draw(st.integers(1, places))
            people.append((level, tuple(order[:filled])))
    return options, places, localities, people


def _counts(people) -> SurveyCounts:
    dimension = DimensionCounts()
    values = defaultdict(lambda: defaultdict(int))
    for level, ranked in people:
        dimension.respondents[level] = dimension.respondents.get(level, 0) + 1
        dimension.answered[level][QUESTION] = dimension.answered[level].get(QUESTION, 0) + 1
        for place, option in enumerate(ranked, 1):
            values[level][(QUESTION, 100 + option, None, float(place), False, False)] += 1
    for level, rows in values.items():
        dimension.values[level] = dict(rows)
    return SurveyCounts({LOCALITY: dimension})


class RankingAttacker:
    """Unknowns x[group, place, option] for the town, each locality and "no locality"."""

    def __init__(self, options: int, places: int, groups: list[str]):
        self.options, self.places, self.groups = options, places, groups
        self.n = len(groups) * places * options
        self.eq, self.eq_values, self.ub, self.ub_values = [], [], [], []
        self.lower, self.upper = [0.0] * self.n, [None] * self.n

    def var(self, group: str, place: int, option: int) -> int:
        return (self.groups.index(group) * self.places + place - 1) * self.options + option

    def row(self, coefficients: dict[int, float]) -> np.ndarray:
        vector = np.zeros(self.n)
        for index, value in coefficients.items():
            vector[index] += value
        return vector

    def equal(self, coefficients, value):
        self.eq.append(self.row(coefficients))
        self.eq_values.append(float(value))

    def at_most(self, coefficients, value):
        self.ub.append(self.row(coefficients))
        self.ub_values.append(float(value))

    def range(self, index: int) -> tuple[float, float]:
        eq = np.array(self.eq).reshape(-1, self.n)
        ub = np.array(self.ub).reshape(-1, self.n)
        target = np.zeros(self.n)
        target[index] = 1.0
        return linear.lp_range(eq, np.array(self.eq_values), ub, np.array(self.ub_values), self.lower, self.upper, target)


def _truth(people, options, places, level_keys):
    truth = defaultdict(int)
    for level, ranked in people:
        for place, option in enumerate(ranked, 1):
            truth[("town", place, option)] += 1
            truth[(level_keys[level], place, option)] += 1
    return truth


@given(rankings())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_hidden_place_count_can_be_pinned_down(scenario):
    options, places, localities, people = scenario
    choices = tuple(Choice(100 + o, f"o{100 + o}", {"de": f"Option {o}"}) for o in range(options))
    levels = tuple(Choice(level, f"l{level}", {"de": f"Ort {level}"}) for level in range(localities))
    info = QuestionInfo(id=QUESTION, kind="ranking", options=choices, max_choices=places)
    planned = plan_tables(info, _counts(people), [Breakdown(LOCALITY, {"de": "Ortschaft"}, levels)])
    tables = _ranking_tables(info, [(table, protect(table.table, policy_for(table, POLICY))) for table in planned])

    level_keys = {level: f"locality:l{level}" for level in range(localities)} | {None: "(none)"}
    groups = ["town", *[f"locality:l{level}" for level in range(localities)], "(none)"]
    truth = _truth(people, options, places, level_keys)
    attacker = RankingAttacker(options, places, groups)
    for place in range(1, places + 1):
        for option in range(options):
            parts = {attacker.var("town", place, option): 1.0}
            for group in groups[1:]:
                parts[attacker.var(group, place, option)] = parts.get(attacker.var(group, place, option), 0) - 1.0
            attacker.equal(parts, 0)
    for group in groups:  # place p+1 is never filled more often than place p
        for place in range(1, places):
            attacker.at_most(
                {**{attacker.var(group, place + 1, o): 1.0 for o in range(options)},
                 **{attacker.var(group, place, o): -1.0 for o in range(options)}}, 0)

    hidden = []
    for option, table in enumerate(tables):
        points = [category["value"] for category in table["categories"]]
        for group in table["groups"]:
            key = group["key"]
            first_place = {attacker.var(key, 1, o): 1.0 for o in range(options)}
            if group["n"] is not None:
                attacker.equal(first_place, group["n"])
            elif group["n_marker"] == "fewer_than_min_group":
                attacker.at_most(first_place, POLICY.MIN_GROUP - 1)
            for place, cell in enumerate(group["cells"][:places], 1):
                index = attacker.var(key, place, option)
                if cell["count"] is not None:
                    attacker.equal({index: 1.0}, cell["count"])
                else:
                    if cell["marker"] == "fewer_than_min_cell":
                        attacker.lower[index], attacker.upper[index] = 1.0, POLICY.MIN_CELL - 1.0
                    hidden.append((key, place, option))
            not_ranked = group["cells"][places]["count"]
            if not_ranked is not None:
                attacker.equal({attacker.var(key, p, option): 1.0 for p in range(1, places + 1)}, group["n"] - not_ranked)
            if group["mean"] is not None:  # the exact sum of points, stronger than the rounded mean
                exact = sum(points[p - 1] * truth[(key, p, option)] for p in range(1, places + 1))
                attacker.equal({attacker.var(key, p, option): float(points[p - 1]) for p in range(1, places + 1)}, exact)

    # As in the gate, the protected counts are those of groups that hold someone at that place:
    # whether anybody in a group filled a place at all is an answered-or-not count, not an answer.
    filled = defaultdict(int)
    for level, ranked in people:
        for place in range(1, len(ranked) + 1):
            filled[("town", place)] += 1
            filled[(level_keys[level], place)] += 1
    for key, place, option in hidden:
        if filled[(key, place)] == 0:
            continue
        low, high = attacker.range(attacker.var(key, place, option))
        assert not linear.pins_down(low, high), (key, place, option, low, high, truth[(key, place, option)])
