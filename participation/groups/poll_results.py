"""A poll's protected result for its organiser and the projector: the published snapshot (the
gate's output, never raw rows), shown with the town results' own presentation."""

from dataclasses import dataclass

from flask_babel import gettext as _

from participation.groups.models import GroupPoll
from participation.results import presentation
from participation.results import queries as results_queries
from participation.results.models import ResultSnapshot
from participation.results.views import chart_words


@dataclass
class PollResults:
    snapshot: ResultSnapshot
    data: dict
    respondents: presentation.Cell
    questions: list[presentation.QuestionView]
    life_areas: dict
    language: str

    @property
    def policy(self) -> dict:
        return self.data["policy"]

    @property
    def any_hidden(self) -> bool:
        return presentation.has_markers(self.questions)

    def label(self, text) -> presentation.Label:
        return presentation.label(text, self.language)


def results_view(poll: GroupPoll, language: str) -> PollResults | None:
    """The current version's result, or None while there is none (never closed, or too few)."""
    if poll.survey.status != "published":
        return None
    snapshot = results_queries.get_snapshot(poll.survey_id)
    if snapshot is None:
        return None
    data = results_queries.snapshot_data(snapshot.id)
    town = presentation.Label(_("Ganze Gruppe"), language)
    words = chart_words(data["policy"])
    questions = []
    for question in data["questions"]:
        if not presentation.published_for(question, presentation.TOWN):
            continue
        view = presentation.question_view(question, data, presentation.TOWN, language, words, town)
        # One group in one place: a breakdown by locality would repeat the group's own row.
        view.breakdowns = []
        questions.append(view)
    slugs = {slug for question in questions for slug in question.life_areas}
    return PollResults(snapshot, data, presentation.respondents_n(data, presentation.TOWN, language), questions,
                       results_queries.life_areas_by_slug(slugs), language)
