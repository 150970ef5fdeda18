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
    #: Posting ideas and comments, every attempt (corrections after the screening included): per
    #: browser what one person writes, so a script that keeps its cookie stops after 5; per address
    #: (pairs of limits: see config.py) twice a class of 30 posting at once with one correction
    #: each, and 200 residents an hour with five attempts each.
    "RATELIMIT_IDEA": "5 per minute;30 per hour",
    "RATELIMIT_IDEA_ADDRESS": "120 per minute;1000 per hour",
    #: Supporting and reporting (a browser counts once per idea anyway): per address twice a class
    #: of 30 supporting 10 ideas each within a minute, and 200 residents an hour with 15 each.
    "RATELIMIT_IDEA_VOTE": "30 per minute;300 per hour",
    "RATELIMIT_IDEA_VOTE_ADDRESS": "600 per minute;3000 per hour",
}


def register_blueprints(app) -> None:
    """The residents' boards under /ideen and the staff side under /verwaltung/ideen."""
    from participation.ideas import staff_views, views

    app.register_blueprint(views.bp)
    app.register_blueprint(staff_views.bp)
