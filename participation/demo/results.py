"""A finished demo survey with invented answers and published results, so a fresh installation
shows what result pages look like. Everything here is demo data and says so in its title."""

import datetime as dt

from sqlalchemy import select

from participation.demo import survey as demo
from participation.demo.load import create_demo_survey
from participation.demo.responses import LONG_TEXTS, SHORT_TEXTS, add_random_responses
from participation.extensions import db
from participation.localities.models import Locality
from participation.results.models import Quote
from participation.results.services import publish_results
from participation.surveys.models import Question, SurveyPage
from participation.surveys.queries import get_plan

SLUG = "vorbefragung-digitales-wolmirstedt"
TITLE = (
    "Vorbefragung: Wie digital ist Wolmirstedt? (Beispieldaten)",
    "Pre-survey: How digital is Wolmirstedt? (sample data)",
)
INTRO = (
    "Diese beendete Umfrage ist ein Beispiel mit erfundenen Antworten. Sie zeigt, wie veröffentlichte "
    "Ergebnisse aussehen und wie kleine Ortschaften geschützt werden.",
    "This finished survey is an example with invented answers. It shows what published results look "
    "like and how small localities are protected.",
)
RESPONSES = 480
WEEKS_AGO = 10


def load_demo_results(today: dt.date) -> bool:
    """Create and publish the finished demo survey unless it exists; True when it was created."""
    opened = today - dt.timedelta(weeks=WEEKS_AGO)
    survey = create_demo_survey(SLUG, TITLE, INTRO, "open", opened, opened + dt.timedelta(weeks=demo.WEEKS_OPEN))
    if survey is None:
        return False
    # Weighted by population, so Mose stays small as it is.
    weights = {locality.id: locality.population or 100 for locality in db.session.scalars(select(Locality))}
    add_random_responses(get_plan(survey), RESPONSES, seed=2026, locality_weights=weights, day=opened)
    survey.status = "closed"
    texts = db.session.scalars(
        select(Question).join(SurveyPage).where(SurveyPage.survey_id == survey.id, Question.kind.in_(("short_text", "long_text")))
    )
    for question in texts:
        pool = SHORT_TEXTS if question.kind == "short_text" else LONG_TEXTS
        db.session.add_all(Quote(survey_id=survey.id, question_id=question.id, text=text) for text in pool[:3])
    db.session.flush()
    publish_results(survey, today=today)
    return True
