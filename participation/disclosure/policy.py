"""The thresholds of PRIVACY.md §3 and the reasons a number is not published."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Suppressed(StrEnum):
    FEWER_THAN_MIN_CELL = "fewer_than_min_cell"
    SECONDARY = "secondary"
    SMALL_GROUP = "small_group"
    HOMOGENEOUS = "homogeneous"
    NESTED_DIFFERENCE = "nested_difference"


@dataclass(frozen=True)
class Policy:
    MIN_CELL: int = 5
    MIN_GROUP: int = 10
    HOMOGENEITY_GROUP: int = 20
    MIN_FREE_TEXT_GROUP: int = 10
    #: Locality × demographic tables only where every locality has at least this many respondents.
    MIN_CROSS_GROUP: int = 20
    # Targets whose LP interval holds fewer integers than this get the exhaustive insider check.
    INSIDER_MARGIN: int = 4

    def __post_init__(self) -> None:
        # A configuration may be stricter than PRIVACY.md §3, never meaningless: a group threshold
        # below the cell threshold, or a cell threshold of 1, would publish single people.
        if not 2 <= self.MIN_CELL <= self.MIN_GROUP:
            raise ValueError("thresholds must satisfy 2 <= MIN_CELL <= MIN_GROUP")
        if self.MIN_FREE_TEXT_GROUP < 2 or self.INSIDER_MARGIN < 2:
            raise ValueError("MIN_FREE_TEXT_GROUP and INSIDER_MARGIN must be at least 2")

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Policy:
        names = ("MIN_CELL", "MIN_GROUP", "HOMOGENEITY_GROUP", "MIN_FREE_TEXT_GROUP", "MIN_CROSS_GROUP", "INSIDER_MARGIN")
        return cls(**{name: int(config[name]) for name in names if name in config})  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, int]:
        return {
            "MIN_CELL": self.MIN_CELL,
            "MIN_GROUP": self.MIN_GROUP,
            "HOMOGENEITY_GROUP": self.HOMOGENEITY_GROUP,
            "MIN_FREE_TEXT_GROUP": self.MIN_FREE_TEXT_GROUP,
            "MIN_CROSS_GROUP": self.MIN_CROSS_GROUP,
        }


DEFAULT_POLICY = Policy()
