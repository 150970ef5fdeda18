"""`flask --app wsgi surveys close SLUG` and `flask --app wsgi results publish SLUG`."""

import click
from flask.cli import AppGroup

surveys = AppGroup("surveys", help="Surveys: close one that is open.")
results = AppGroup("results", help="Results: publish a closed survey's protected results.")


def _survey(slug: str):
    from participation.surveys.queries import get_survey

    survey = get_survey(slug)
    if survey is None:
        raise click.UsageError(f"There is no survey {slug!r}.")
    return survey


@surveys.command("close")
@click.argument("slug")
def surveys_close(slug: str) -> None:
    """Stop taking answers (open → closed). Results are published separately."""
    from participation.extensions import db
    from participation.results.services import PublishError, close_survey

    survey = _survey(slug)
    try:
        close_survey(survey)
    except PublishError:
        raise click.UsageError(f"{slug} is {survey.status}, not open.") from None
    db.session.commit()
    click.echo(f"Closed {slug}. Publish its results with: flask --app wsgi results publish {slug}")


@results.command("publish")
@click.argument("slug")
@click.option("--reason", default="", help="Why a new version replaces the published one (needed from version 2).")
def results_publish(slug: str, reason: str) -> None:
    """Gate the survey's results and publish them as a new, immutable snapshot version."""
    from participation.extensions import db
    from participation.results.services import PublishError, publish_results

    survey = _survey(slug)
    try:
        snapshot = publish_results(survey, reason=reason)
    except PublishError as error:
        messages = {
            "still_open": f"{slug} is still open: close it first (flask --app wsgi surveys close {slug}).",
            "not_closed": f"{slug} is {survey.status}: only closed surveys can be published.",
            "reason_missing": f"{slug} has published results already: give --reason for the new version.",
            "reason_too_long": "The reason is too long (500 characters at most).",
        }
        raise click.UsageError(messages[error.code]) from None
    db.session.commit()
    click.echo(f"Published {slug}, version {snapshot.version}.")
