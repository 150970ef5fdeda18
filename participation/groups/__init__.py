"""Groups of schools, clubs, businesses and the Zukunftswerkstatt: their organisers, group polls
with a join code, and live workshops (workshop_*.py)."""

#: Settings of groups; instance/config.py or PARTICIPATION_* variables override them.
DEFAULTS = {
    #: Typing a join code, wrong ones counted (a code is 8 digits: guessing one takes millions of
    #: tries). Per address enough for a class of 30 mistyping twice within a minute.
    "RATELIMIT_JOIN": "20 per minute;100 per hour",
    "RATELIMIT_JOIN_ADDRESS": "90 per minute;600 per hour",
    #: How often the organiser's page asks for the number of answers while it is visible (and the
    #: workshop's projector for its wall).
    "GROUP_REFRESH_SECONDS": 5,
    #: Dots per participant a new workshop starts with (the facilitator changes it per workshop).
    "WORKSHOP_DOTS_DEFAULT": 5,
    #: Workshop cards from phones, every attempt (corrections after the screening included). Per
    #: browser what one person writes in a round of collecting: 10 a minute, 100 an hour. Per
    #: address 30 browsers' worth of the same, so a room of 30 behind one address (a school's
    #: or the town hall's Wi-Fi) can each use their whole own limit and is never blocked.
    "RATELIMIT_WORKSHOP_CARD": "10 per minute;100 per hour",
    "RATELIMIT_WORKSHOP_CARD_ADDRESS": "300 per minute;3000 per hour",
    #: Giving and taking back dots: 5 dots with a few changes of mind fit one minute many times
    #: over (30), a long workshop's rounds an hour (200); per address again 30 browsers' worth.
    "RATELIMIT_WORKSHOP_DOT": "30 per minute;200 per hour",
    "RATELIMIT_WORKSHOP_DOT_ADDRESS": "900 per minute;6000 per hour",
}


def register_blueprints(app) -> None:
    """Joining under /mitmachen and /m/<code>, the organisers' side under /verwaltung/gruppen."""
    from participation.groups import join_views, views, workshop_join_views
    from participation.groups.poll_services import poll_policy

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    poll_policy(app.config)  # refuse to start with group-poll thresholds that would show single people
    app.register_blueprint(views.bp)
    app.register_blueprint(join_views.bp)
    app.register_blueprint(workshop_join_views.bp)
