"""Publishing a survey end to end: SQL counts, the whole-publication gate, the snapshot (issue 10).

Three sizes, each in a fresh SQLite database of its own:

* the demo survey `make run` publishes (480 responses), including every chart of the town page
  and of each locality page, target under 10 s;
* 100,000 responses × 20 questions, Wolmirstedt's 5 localities and 6 age bands, under 30 s;
* a district survey over 100 localities (most of them villages, a few with fewer than 10
  respondents), under 2 minutes.

Responses are written straight into the tables (that is not measured); what is measured is what
publishing does. Each case checks its own outcome: the snapshot counts every stored response, and
the gate publishes most numbers. A case that fails its check or its target exits non-zero.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

AGE_SHARES = [0.05, 0.12, 0.22, 0.25, 0.22, 0.14]
WOLMIRSTEDT = {"wolmirstedt": 0.72, "elbeu": 0.09, "farsleben": 0.08, "glindenberg": 0.08, "mose": 0.03}
#: The mix of question kinds after the locality and the age question.
KINDS = ["single", "scale", "single", "multiple", "single", "ranking"]


@dataclass
class Outcome:
    label: str
    seconds: float
    target: float
    published: int
    hidden: int
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.seconds <= self.target


def _app(folder: str):
    os.environ["PARTICIPATION_DATABASE_URL"] = f"sqlite:///{folder}/publish.sqlite"
    os.environ.setdefault("PARTICIPATION_SECRET_KEY", uuid.uuid4().hex * 2)
    from flask_migrate import upgrade

    from participation import create_app

    app = create_app()
    with app.app_context():
        upgrade(directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"))
    return app


def _survey(localities: dict[str, float], questions: int):
    """A closed survey: locality (required), age (six bands), then `questions - 2` more."""
    from participation.extensions import db
    from participation.localities.models import Locality
    from participation.surveys.models import Option, Question, Survey, SurveyPage

    for position, slug in enumerate(localities):
        db.session.add(Locality(slug=slug, name=slug.title(), population=1000, position=position))
    survey = Survey(slug=f"bench-{uuid.uuid4().hex[:8]}", title="Bench", intro="", status="closed",
                    access_mode="open", translations={})
    page = SurveyPage(position=0, title="")
    survey.pages.append(page)

    def options(count):
        return [Option(position=i, label=f"Option {i + 1}", translations={}) for i in range(count)]

    page.questions.append(Question(position=0, kind="locality", prompt="Wo?", required=True, translations={}))
    age = Question(position=1, kind="demographic", prompt="Alter?", allow_no_answer=True, translations={})
    age.options = options(len(AGE_SHARES))
    page.questions.append(age)
    for position in range(2, questions):
        kind = KINDS[(position - 2) % len(KINDS)]
        question = Question(position=position, kind=kind, prompt=f"Frage {position}", translations={})
        if kind == "scale":
            question.min_value, question.max_value = 1, 5
        else:
            question.options = options(5)
            question.max_choices = 3 if kind in ("multiple", "ranking") else None
        page.questions.append(question)
    db.session.add(survey)
    db.session.commit()
    return survey


def _fill(survey, localities: dict[str, float], respondents: int, seed: int = 1) -> int:
    """Insert responses (not measured); how many were stored."""
    from sqlalchemy import insert, select

    from participation.extensions import db
    from participation.localities.models import Locality
    from participation.surveys.models import Question, SurveyPage
    from participation.surveys.records import Answer, Response

    rng = random.Random(seed)
    ids = {loc.slug: loc.id for loc in db.session.scalars(select(Locality))}
    questions = list(db.session.scalars(
        select(Question).join(SurveyPage).where(SurveyPage.survey_id == survey.id).order_by(Question.position)
    ))
    weights = {q.id: [rng.random() ** 2 + 0.02 for _ in range(max(len(q.options), 5))] for q in questions}
    slugs, shares = list(localities), list(localities.values())
    responses, answers = [], []

    def row(response, question, **values):
        answers.append({"id": uuid.uuid4(), "response_id": response, "question_id": question.id,
                        "option_id": None, "locality_id": None, "number_value": None, "text_value": None,
                        "abstained": False, **values})

    for _ in range(respondents):
        response = uuid.uuid4()
        locality = ids[rng.choices(slugs, shares)[0]]
        responses.append({"id": response, "survey_id": survey.id, "locality_id": locality, "channel": "web"})
        for question in questions:
            option_ids = [o.id for o in question.options]
            if question.kind == "locality":
                row(response, question, locality_id=locality)
            elif rng.random() < 0.06:
                continue  # skipped
            elif question.kind == "demographic":
                row(response, question, option_id=rng.choices(option_ids, AGE_SHARES)[0])
            elif question.kind == "single":
                row(response, question, option_id=rng.choices(option_ids, weights[question.id][:5])[0])
            elif question.kind == "scale":
                row(response, question, number_value=float(rng.choices(range(1, 6), weights[question.id])[0]))
            elif question.kind == "multiple":
                for option in set(rng.choices(option_ids, weights[question.id][:5], k=rng.randint(1, 3))):
                    row(response, question, option_id=option)
            else:  # ranking: up to three places
                ranked = rng.sample(option_ids, rng.randint(1, 3))
                for place, option in enumerate(ranked, 1):
                    row(response, question, option_id=option, number_value=float(place))
        if len(answers) > 200_000:
            db.session.execute(insert(Response), responses)
            db.session.execute(insert(Answer), answers)
            responses, answers = [], []
    if responses:
        db.session.execute(insert(Response), responses)
        db.session.execute(insert(Answer), answers)
    db.session.commit()
    return respondents


def _check(label, data, stored, seconds, target) -> Outcome:
    from participation.results.loss import count_loss

    loss = count_loss(data)
    town = data["respondents"]["groups"][0]
    problem = None
    if town["n"] is not None and town["n"] != stored:
        problem = f"the snapshot counts {town['n']} respondents, {stored} are stored"
    elif not loss.published_share or loss.published_share < 0.5:
        problem = f"only {loss.published} of {loss.total} numbers published"
    return Outcome(label, seconds, target, loss.published, loss.hidden_total, problem)


@contextmanager
def _timed(module, name: str):
    """Within: module.name adds the seconds it takes to the yielded list."""
    spent, original = [0.0], getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    setattr(module, name, timed)
    try:
        yield spent
    finally:
        setattr(module, name, original)


def bench_generated(label: str, localities: dict[str, float], respondents: int, target: float) -> Outcome:
    import datetime as dt

    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        with app.app_context():
            from participation.results.services import current_policy, protected_results

            survey = _survey(localities, 20)
            stored = _fill(survey, localities, respondents)
            from participation.results import services

            with _timed(services, "count_survey") as counting:
                started = time.perf_counter()
                data = protected_results(survey, current_policy(), dt.date(2026, 12, 1))
                seconds = time.perf_counter() - started
            outcome = _check(label, data, stored, seconds, target)
            outcome.label += f" (SQL counts {counting[0]:.1f} s)"
            return outcome


def bench_demo() -> Outcome:
    """The finished demo survey of `make run` (demo/results.py), published with every chart of
    the town page and of each locality page drawn."""
    import datetime as dt

    from sqlalchemy import func, select

    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        with app.app_context():
            from participation.demo import results as demo
            from participation.demo.load import create_demo_survey, load_reference_data
            from participation.demo.responses import LONG_TEXTS, SHORT_TEXTS, add_random_responses
            from participation.extensions import db
            from participation.localities.models import Locality
            from participation.results import chart_cache, charts
            from participation.results.models import Quote
            from participation.results.services import publish_results
            from participation.results.views import _chart_title, chart_words
            from participation.surveys.models import Question, SurveyPage
            from participation.surveys.queries import get_plan
            from participation.surveys.records import Response

            load_reference_data()
            today = dt.date(2026, 12, 1)
            survey = create_demo_survey(demo.SLUG, demo.TITLE, demo.INTRO, "open", today, today)
            weights = {loc.id: loc.population or 100 for loc in db.session.scalars(select(Locality))}
            add_random_responses(get_plan(survey), demo.RESPONSES, seed=2026, locality_weights=weights, day=today)
            survey.status = "closed"
            texts = db.session.scalars(select(Question).join(SurveyPage).where(
                SurveyPage.survey_id == survey.id, Question.kind.in_(("short_text", "long_text"))))
            for question in texts:  # quotes as the demo has them
                pool = SHORT_TEXTS if question.kind == "short_text" else LONG_TEXTS
                db.session.add_all(Quote(survey_id=survey.id, question_id=question.id, text=t) for t in pool[:3])
            db.session.commit()
            stored = db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey.id))
            with app.test_request_context(headers={"Accept-Language": "de"}):
                started = time.perf_counter()
                snapshot = publish_results(survey, today=today)
                db.session.flush()
                groups = ["town"] + [level["key"] for d in snapshot.data["dimensions"] if d["key"] == "locality"
                                     for level in d["levels"]]
                words = chart_words(snapshot.data["policy"])
                first = next(q for q in snapshot.data["questions"] if charts.has_chart(q))
                for group in groups:  # one page's charts are drawn together (chart_cache.py)
                    chart_cache.draw_and_keep(snapshot.id, snapshot.data, first["number"], group, "de", words, _chart_title)
                seconds = time.perf_counter() - started
                db.session.commit()
            return _check("demo survey, with charts", snapshot.data, stored, seconds, 10.0)


def report(outcome: Outcome) -> Outcome:
    verdict = "ok" if outcome.ok else "FAILED: " + (outcome.problem or f"over the {outcome.target:.0f} s target")
    print(f"publish {outcome.label:<56} {outcome.seconds:7.1f} s (target < {outcome.target:.0f} s)   "
          f"{outcome.published:,} numbers published, {outcome.hidden:,} hidden   {verdict}", flush=True)
    return outcome


def main(sizes: str = "all") -> list[Outcome]:
    outcomes = [report(bench_demo())]
    if sizes == "all":
        outcomes.append(report(bench_generated("100,000 × 20 q × 5 loc × 6 ages", WOLMIRSTEDT, 100_000, 30.0)))
        rng = random.Random(7)
        villages = {f"ort-{i:03d}": rng.paretovariate(1.2) for i in range(100)}
        outcomes.append(report(bench_generated("district, 100 localities, 30,000", villages, 30_000, 120.0)))
    return outcomes


if __name__ == "__main__":
    results = main(sys.argv[1] if len(sys.argv) > 1 else "all")
    sys.exit(0 if all(o.ok for o in results) else 1)
