"""Groups of schools, clubs, businesses and the Zukunftswerkstatt: their organisers, group polls
with a join code, and live workshops (workshop_*.py)."""

#: Settings of groups; instance/config.py or PARTICIPATION_* variables override them.
DEFAULTS = {
    #: Typing a join code, wrong ones counted (a code is 8 digits: guessing one takes millions of
    #: tries). Per address enough for a class of 30 mistyping twice within a minute.
    "RATELIMIT_JOIN": "20 per minute;100 per hour",
    "RATELIMIT_JOIN_ADDRESS": "90 per minute;600 per hour",
    #: How often the organiser's page asks for the number of answers while it is visible.
    "GROUP_REFRESH_SECONDS": 5,
}


def register_blueprints(app) -> None:
    """Joining under /mitmachen and /m/<code>, the organisers' side under /verwaltung/gruppen."""
    from participation.groups import join_views, views
    from participation.groups.poll_services import poll_policy

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    poll_policy(app.config)  # refuse to start with group-poll thresholds that would show single people
    app.register_blueprint(views.bp)
    app.register_blueprint(join_views.bp)
