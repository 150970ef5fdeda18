"""Groups and their polls. A group belongs to one organiser; nothing here refers to a participant.

A group poll is a survey (the builder's questions and the survey's answering, counting and gate)
whose `audience` is "group": it is answered through the poll's join code, and its results are the
organiser's until they hand them to the town's participation.
"""

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db
from participation.localities.models import Locality
from participation.staff.models import StaffUser
from participation.surveys.models import Survey

GROUP_KINDS = ("school_class", "club", "business", "workshop", "other")
MAX_EXPECTED_SIZE = 10_000


class Group(db.Model):
    __tablename__ = "groups"
    __table_args__ = (
        CheckConstraint("kind IN ('school_class', 'club', 'business', 'workshop', 'other')", name="kind_known"),
        CheckConstraint("expected_size IS NULL OR expected_size BETWEEN 1 AND 10000", name="expected_size_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    #: Where the group is at home: its handed-over results count for this locality.
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    expected_size: Mapped[int | None] = mapped_column(Integer)
    created_on: Mapped[dt.date] = mapped_column(Date)

    organiser: Mapped[StaffUser] = relationship()
    locality: Mapped[Locality | None] = relationship()
    polls: Mapped[list["GroupPoll"]] = relationship(
        back_populates="group", order_by="GroupPoll.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.kind}>"


class GroupPoll(db.Model):
    __tablename__ = "group_polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), unique=True)
    #: Eight digits, shown as "1234 5678"; unique among polls and workshops (join_codes.py).
    join_code: Mapped[str] = mapped_column(String(8), unique=True)
    template: Mapped[str] = mapped_column(String(24), default="")
    #: Handed to the town's participation: public, and counted in the life-area derivation as the
    #: voice of this kind of group in its locality.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_on: Mapped[dt.date | None] = mapped_column(Date)

    group: Mapped[Group] = relationship(back_populates="polls")
    survey: Mapped[Survey] = relationship()

    def __repr__(self) -> str:
        return f"<GroupPoll {self.id} of {self.group_id}>"
