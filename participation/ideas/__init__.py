"""Idea boards per locality: post, support, comment, report, moderate, answer officially."""

#: Settings of the idea boards; instance/config.py or PARTICIPATION_* variables override them.
DEFAULTS = {
    #: Links allowed in an idea or comment; more are refused (spam carries links).
    "IDEA_MAX_LINKS": 2,
    #: Word-shingle similarity (Jaccard, 0..1) from which a new idea counts as a near-duplicate.
    "IDEA_DUPLICATE_THRESHOLD": 0.6,
    #: How many of a board's most recent ideas a new one is compared with.
    "IDEA_DUPLICATE_WINDOW": 300,
    "IDEAS_PER_PAGE": 20,
    #: Posting ideas and comments (per client address, in memory or Redis only).
    "RATELIMIT_IDEA": "10 per minute;60 per hour",
    #: Supporting and reporting.
    "RATELIMIT_IDEA_VOTE": "30 per minute;300 per hour",
}


def register_blueprints(app) -> None:
    """The residents' boards under /ideen and the staff side under /verwaltung/ideen."""
    from participation.ideas import staff_views, views

    app.register_blueprint(views.bp)
    app.register_blueprint(staff_views.bp)
