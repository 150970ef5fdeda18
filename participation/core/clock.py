"""The town's calendar day: schedules and the per-day participation counter use local time."""

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app


def town_today() -> dt.date:
    return dt.datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
