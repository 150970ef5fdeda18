"""Hand-made result snapshots of the demo survey, following `results/snapshots.py` (format 1).

The numbers are invented but shaped like the gate's output: Mose has fewer than 10 respondents
(every distribution there is "fewer_than_min_group"), counts of 1 to 4 are "fewer_than_min_cell",
and the smallest other count of such a group is "protected", as secondary suppression would do.
"""

import datetime as dt
import random

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.localities.models import Locality
from participation.results.models import ResultSnapshot
from participation.surveys.models import Survey

DEMO_SLUG = "digitales-wolmirstedt"
POLICY = {"MIN_CELL": 5, "MIN_GROUP": 10, "HOMOGENEITY_GROUP": 20, "MIN_FREE_TEXT_GROUP": 10}
#: Respondents per locality; Mose stays below MIN_GROUP.
RESPONDENTS = {"wolmirstedt": 64, "elbeu": 23, "farsleben": 15, "glindenberg": 31, "mose": 7}
QUOTE_TOWN = "Ein Bürgerbüro, das auch abends online erreichbar ist."
QUOTE_ELBEU = "Schnelles Internet bis in die letzte Straße von Elbeu."


def text(de: str, en: str | None = None) -> dict:
    return {"de": de, "en": en} if en else {"de": de}


def _option_text(option) -> dict:
    return text(option.label, (option.translations or {}).get("en", {}).get("label"))


def _prompt(question) -> dict:
    return text(question.prompt, (question.translations or {}).get("en", {}).get("prompt"))


def _protect(counts: list[int]) -> list[dict]:
    cells = [{"count": c, "percent": None, "marker": None} for c in counts]
    small = [k for k, c in enumerate(counts) if 0 < c < POLICY["MIN_CELL"]]
    for k in small:
        cells[k].update(count=None, marker="fewer_than_min_cell")
    if small:
        others = [k for k, cell in enumerate(cells) if cell["marker"] is None and counts[k] > 0]
        if others:
            cells[min(others, key=lambda k: counts[k])].update(count=None, marker="protected")
    n = sum(counts)
    for cell in cells:
        if cell["count"] is not None:
            cell["percent"] = round(100 * cell["count"] / n, 1) if n else None
    return cells


def _group(key: str, counts: list[int], values: list | None) -> dict:
    n = sum(counts)
    if n < POLICY["MIN_GROUP"]:
        return {"key": key, "n": None, "n_marker": "fewer_than_min_group", "marker": "fewer_than_min_group",
                "cells": [{"count": None, "percent": None, "marker": None} for _ in counts],
                "mean": None, "median": None}
    cells = _protect(counts)
    mean = median = None
    if values:
        numeric = [(v, c) for v, c in zip(values, counts) if v is not None]
        answered = sum(c for _, c in numeric)
        if answered and all(cell["marker"] is None for cell in cells):
            mean = round(sum(v * c for v, c in numeric) / answered, 2)
    return {"key": key, "n": n, "n_marker": None, "marker": None, "cells": cells, "mean": mean, "median": median}


def _table(key, label, measure, categories, draw, group_keys, medians=True) -> dict:
    values = [category["value"] for category in categories]
    groups = []
    for group_key in group_keys:
        group = _group(group_key, draw(group_key), values if any(v is not None for v in values) else None)
        if medians and group["mean"] is not None:
            group["median"] = categories[0]["key"]
        groups.append(group)
    return {"key": key, "label": label, "measure": measure, "categories": categories,
            "withheld": False, "groups": groups}


class SnapshotMaker:
    """Builds snapshot data for the demo survey from the questions in the database."""

    def __init__(self, seed: int = 4):
        from tests.helpers import demo_questions

        self.random = random.Random(seed)
        self.questions = demo_questions()
        self.localities = list(db.session.scalars(select(Locality).order_by(Locality.position)))
        age = self.questions["age"]
        self.age = age
        self.group_keys = ["town"] + [f"locality:{loc.slug}" for loc in self.localities] + [
            f"demo{age.id}:o{option.id}" for option in age.options
        ]

    def sizes(self, group_key: str) -> int:
        if group_key == "town":
            return sum(RESPONDENTS.values())
        if group_key.startswith("locality:"):
            return RESPONDENTS[group_key.split(":")[1]]
        index = int(group_key.split(":o")[1]) % 6
        return [3, 18, 25, 40, 34, 20][index]

    def respondents(self) -> dict:
        """Only the whole town, by locality; counts below MIN_GROUP hidden (they describe groups)."""
        categories = [{"key": loc.slug, "label": text(loc.name), "value": None} for loc in self.localities]
        categories.append({"key": "none", "label": text("keine Angabe", "not given"), "value": None})
        counts = [RESPONDENTS[loc.slug] for loc in self.localities] + [0]
        total = sum(counts)
        cells = [
            {"count": None, "percent": None, "marker": "fewer_than_min_group"} if 0 < c < POLICY["MIN_GROUP"]
            else {"count": c, "percent": round(100 * c / total, 1), "marker": None}
            for c in counts
        ]
        # As the gate would: the smallest other count is protected, else Mose = total - the rest.
        cells[2] = {"count": None, "percent": None, "marker": "protected"}
        group = {"key": "town", "n": total, "n_marker": None, "marker": None, "cells": cells, "mean": None, "median": None}
        return {"key": "respondents", "label": None, "measure": "distribution", "categories": categories,
                "withheld": False, "groups": [group]}

    def locality_counts(self, group_key: str) -> list[int]:
        if group_key == "town":
            return [RESPONDENTS[loc.slug] for loc in self.localities]
        if group_key.startswith("locality:"):
            return [RESPONDENTS[loc.slug] if group_key.endswith(":" + loc.slug) else 0 for loc in self.localities]
        return self.split(self.sizes(group_key), len(self.localities))

    def split(self, total: int, parts: int) -> list[int]:
        weights = [self.random.random() + 0.05 for _ in range(parts)]
        counts = [int(total * w / sum(weights)) for w in weights]
        counts[0] += total - sum(counts)
        return counts

    def distribution(self, key, label, categories, measure="distribution", total=None):
        return _table(key, label, measure, categories,
                      lambda g: self.split(total(g) if total else self.sizes(g), len(categories)), self.group_keys)

    def question_tables(self, key: str, question) -> list[dict]:
        kind = question.kind
        na = [{"key": "na", "label": text("keine Angabe", "no answer"), "value": None}] if question.allow_no_answer else []
        options = [{"key": f"o{o.id}", "label": _option_text(o), "value": None} for o in question.options]
        scale = [{"key": str(v), "label": text(str(v)), "value": v}
                 for v in range((question.min_value or 1), (question.max_value or 5) + 1)]
        if kind == "locality":
            cats = [{"key": loc.slug, "label": text(loc.name), "value": None} for loc in self.localities]
            return [_table(f"q{question.id}", None, "distribution", cats, self.locality_counts, self.group_keys)]
        if kind in ("single", "demographic"):
            return [self.distribution(f"q{question.id}", None, options + na)]
        if kind == "scale":
            return [self.distribution(f"q{question.id}", None, scale + na)]
        if kind == "number":
            bins = [{"key": "b0", "label": text("0"), "value": None}, {"key": "b1", "label": text("1–2"), "value": None},
                    {"key": "b2", "label": text("3–5"), "value": None},
                    {"key": "b3", "label": text("6 und mehr", "6 or more"), "value": None}]
            return [self.distribution(f"q{question.id}", None, bins)]
        if kind == "matrix":
            return [self.distribution(f"q{question.id}:o{o['key'][1:]}", o["label"], scale + na) for o in options]
        if kind == "multiple":
            cats = [{"key": "chosen", "label": text("gewählt", "chosen"), "value": None},
                    {"key": "not_chosen", "label": text("nicht gewählt", "not chosen"), "value": None}]
            return [self.distribution(f"q{question.id}:{o['key']}", o["label"], cats, "share") for o in options]
        if kind == "ranking":
            places = question.max_choices or len(options)
            cats = [{"key": f"place{p}", "label": text(f"Platz {p}", f"place {p}"), "value": places + 1 - p}
                    for p in range(1, places + 1)]
            cats.append({"key": "not_ranked", "label": text("nicht gewählt", "not ranked"), "value": 0})
            return [self.distribution(f"q{question.id}:{o['key']}", o["label"], cats, "places") for o in options]
        cats = [{"key": "answered", "label": text("geantwortet", "answered"), "value": None},
                {"key": "not_answered", "label": text("nicht geantwortet", "not answered"), "value": None}]
        return [self.distribution(f"q{question.id}", None, cats, "answered")]

    def data(self, version: int = 1, published_on: str = "2026-11-20", reason: str = "") -> dict:
        survey = db.session.scalars(select(Survey).where(Survey.slug == DEMO_SLUG)).one()
        questions = []
        for number, (key, question) in enumerate(self.questions.items(), 1):
            quotes = []
            if key == "vision":
                quotes = [{"group": "town", "text": QUOTE_TOWN}, {"group": "locality:elbeu", "text": QUOTE_ELBEU}]
            questions.append({
                "id": question.id, "number": number, "kind": question.kind, "prompt": _prompt(question),
                "help": text(question.help_text) if question.help_text else {"de": ""},
                "life_areas": [area.slug for area in question.life_areas],
                "scale": {"min": question.min_value, "max": question.max_value,
                          "label_min": text(question.label_min, (question.translations or {}).get("en", {}).get("label_min")),
                          "label_max": text(question.label_max, (question.translations or {}).get("en", {}).get("label_max"))}
                if question.kind in ("scale", "matrix") else None,
                "unit": text(question.unit) if question.unit else {"de": ""},
                "tables": self.question_tables(key, question),
                "quotes": quotes,
            })
        respondents = self.respondents()
        return {
            "format": 1,
            "survey": {"slug": survey.slug, "title": text(survey.title, (survey.translations or {}).get("en", {}).get("title")),
                       "intro": text(survey.intro)},
            "version": version, "published_on": published_on, "reason": reason, "policy": dict(POLICY),
            "dimensions": [
                {"key": "locality", "label": text("Ortschaft", "Locality"),
                 "levels": [{"key": f"locality:{l.slug}", "slug": l.slug, "label": text(l.name)} for l in self.localities]},
                {"key": f"demo{self.age.id}", "label": _prompt(self.age),
                 "levels": [{"key": f"demo{self.age.id}:o{o.id}", "label": _option_text(o)} for o in self.age.options]},
            ],
            "respondents": respondents,
            "questions": questions,
        }


def insert_snapshot(data: dict) -> ResultSnapshot:
    survey = db.session.scalars(select(Survey).where(Survey.slug == data["survey"]["slug"])).one()
    survey.status = "published"
    snapshot = ResultSnapshot(
        survey_id=survey.id, version=data["version"], published_on=dt.date.fromisoformat(data["published_on"]),
        reason=data["reason"], policy=data["policy"], data=data,
    )
    db.session.add(snapshot)
    db.session.commit()
    return snapshot


@pytest.fixture
def snapshot_data(demo):
    """Snapshot data of the demo survey (not stored)."""
    return SnapshotMaker().data()


@pytest.fixture
def published(demo):
    """The demo survey, closed and published once (version 1). Returns its slug."""
    insert_snapshot(SnapshotMaker().data())
    return demo


@pytest.fixture
def republished(published):
    """The demo survey published twice: version 2 corrects version 1."""
    insert_snapshot(SnapshotMaker(seed=5).data(version=2, published_on="2026-11-24",
                                               reason="Papierbögen aus Glindenberg nachgetragen"))
    return published


@pytest.fixture(autouse=True)
def _forget_rendered_results():
    """Rendered pages and encoded API answers are kept per worker by snapshot id; the tests reuse
    one app and empty the tables between tests, so ids come again with other contents."""
    from participation.api import views as api_views
    from participation.results import views as result_views

    result_views._BODIES.clear()
    api_views._BODIES.clear()
    yield
