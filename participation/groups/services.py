"""Writes of the organisers' side for groups. Flush, never commit; every change is audited.

Polls are in poll_services.py, workshops in workshop_services.py.
"""

import datetime as dt
from collections.abc import Callable, Mapping

from participation.extensions import db
from participation.groups.models import Group
from participation.staff import audit


#: How many polls, workshops, ... a group has, one counter per kind of activity (each module that
#: owns one appends its counter): a group with any of them is not deleted.
ACTIVITY_COUNTERS: list[Callable[[int], int]] = []


class GroupError(Exception):
    """A change that must not happen; `code` says why (the view words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _values(values: Mapping[str, object]) -> dict:
    locality = values.get("locality")
    return {
        "name": str(values["name"]).strip(),
        "kind": values["kind"],
        "locality_id": int(locality) if locality else None,
        "expected_size": values.get("expected_size"),
    }


def create_group(organiser_id: int, values: Mapping[str, object], today: dt.date) -> Group:
    group = Group(organiser_id=organiser_id, created_on=today, **_values(values))
    db.session.add(group)
    db.session.flush()
    audit.record("group.create", group, kind=group.kind, name=group.name)
    return group


def update_group(group: Group, values: Mapping[str, object]) -> bool:
    changes = {key: value for key, value in _values(values).items() if getattr(group, key) != value}
    for key, value in changes.items():
        setattr(group, key, value)
    if changes:
        audit.record("group.update", group, **{key: str(value) for key, value in changes.items()})
        db.session.flush()
    return bool(changes)


def delete_group(group: Group) -> None:
    """Only a group without polls and workshops goes: their answers and cards stay with them."""
    if any(counter(group.id) for counter in ACTIVITY_COUNTERS):
        raise GroupError("has_activities")
    audit.record("group.delete", group, name=group.name)
    db.session.delete(group)
    db.session.flush()
