"""Reads for the general pages."""

from sqlalchemy import select

from participation.extensions import db
from participation.pages.models import ProcessStep


def list_process_steps() -> list[ProcessStep]:
    return list(db.session.scalars(select(ProcessStep).order_by(ProcessStep.number)))
