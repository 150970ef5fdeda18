"""Invented answers for demo data, tests and benchmarks: plausible, reproducible (seeded), never real.

Answers go through the same `answer_rows` and `store_response` as a resident's, so everything
downstream (counting, the privacy gate, snapshots) sees exactly what real responses look like.
"""

import datetime as dt
import random
from collections.abc import Sequence

from participation.surveys.answering import NO_ANSWER, QuestionSpec, answer_rows
from participation.surveys.plan import SurveyPlan
from participation.surveys.services import store_response

SHORT_TEXTS = (
    "Termine im Bürgerbüro online buchen",
    "Sperrmüll online anmelden",
    "Ummelden ohne Wartezeit",
    "Kita-Anmeldung",
    "Online-Formulare für den Bauantrag",
)
LONG_TEXTS = (
    "Schnelles Internet auch in den Ortschaften, nicht nur in der Kernstadt.",
    "Dass ältere Menschen Hilfe bekommen, wenn sie mit dem Handy nicht zurechtkommen.",
    "Ein Bürgerportal, in dem man Anträge stellt und sieht, wie weit sie sind.",
    "Besserer Handyempfang an der Elbe und auf dem Weg nach Magdeburg.",
    "WLAN in der Bibliothek und an der Schule, das auch wirklich funktioniert.",
    "Ich habe Sorge, dass die persönliche Beratung im Rathaus wegfällt.",
)


def random_answers(
    specs: Sequence[QuestionSpec], rng: random.Random, locality_weights: dict[int, int]
) -> dict[int, object]:
    answers: dict[int, object] = {}
    for spec in specs:
        if spec.show_if_question_id is not None:
            earlier = answers.get(spec.show_if_question_id)
            chosen = set(earlier) if isinstance(earlier, list) else {earlier}
            if not chosen & spec.show_if_option_ids:
                continue
        if not spec.required and rng.random() < 0.08:
            continue  # some leave a question out
        value = _answer(spec, rng, locality_weights)
        if value is not None:
            answers[spec.id] = value
    return answers


def _answer(spec: QuestionSpec, rng: random.Random, locality_weights: dict[int, int]) -> object:
    options = list(spec.option_ids)
    if spec.kind in ("single", "demographic"):
        if spec.allow_no_answer and rng.random() < 0.05:
            return NO_ANSWER
        # Earlier options are likelier, so the demo shows uneven, realistic distributions.
        return rng.choices(options, weights=[len(options) - i + 1 for i in range(len(options))])[0]
    if spec.kind == "locality":
        ids = list(locality_weights)
        return rng.choices(ids, weights=[locality_weights[i] for i in ids])[0]
    if spec.kind == "multiple":
        limit = spec.max_choices or len(options)
        return sorted(rng.sample(options, rng.randint(1, min(limit, len(options)))))
    if spec.kind == "scale":
        return _scale(spec, rng)
    if spec.kind == "matrix":
        return {item: _scale(spec, rng) for item in options}
    if spec.kind == "ranking":
        return rng.sample(options, spec.places)
    if spec.kind == "number":
        low = spec.min_value if spec.min_value is not None else 0
        high = spec.max_value if spec.max_value is not None else low + 10
        return min(high, max(low, round(rng.gauss((low + high) / 4 + 1, 1.5))))
    if spec.kind == "short_text":
        return rng.choice(SHORT_TEXTS) if rng.random() < 0.5 else None
    if spec.kind == "long_text":
        return rng.choice(LONG_TEXTS) if rng.random() < 0.3 else None
    return None


def _scale(spec: QuestionSpec, rng: random.Random) -> object:
    if spec.allow_no_answer and rng.random() < 0.05:
        return NO_ANSWER
    low, high = spec.min_value or 1, spec.max_value or 5
    return min(high, max(low, round(rng.triangular(low, high, (low + 2 * high) / 3))))


def add_random_responses(
    plan: SurveyPlan, count: int, seed: int, locality_weights: dict[int, int], day: dt.date
) -> None:
    """Store `count` invented web responses (flushes, never commits).

    Not mixed in one by one (storage_order.py): one transaction writes them all, so they share one
    stamp anyway, and closing or publishing the survey rewrites them in random order.
    """
    rng = random.Random(seed)
    for _ in range(count):
        answers = random_answers(plan.specs, rng, locality_weights)
        store_response(plan.survey_id, answer_rows(plan.specs, answers), plan.locality_answer(answers), "web", day, mix=False)
