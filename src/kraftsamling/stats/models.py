"""Tables of the statistics capability: areas, indicators and observations.

Kept portable between SQLite and PostgreSQL: levels and directions are plain strings guarded by
CHECK constraints (no database enum types to migrate), boundaries are GeoJSON text (no PostGIS).
The first Alembic revision (``0001_stats``) creates exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kraftsamling.core.db import Base
from kraftsamling.stats.kinds import Direction, Kind, kind_of
from kraftsamling.stats.levels import Level

_LEVELS = ", ".join(f"'{lv.value}'" for lv in Level)
_DIRECTIONS = ", ".join(f"'{d.value}'" for d in Direction)


class Area(Base):
    """A statistical or administrative area: DeSO, RegSO, sub-area, district or municipality."""

    __tablename__ = "areas"
    __table_args__ = (CheckConstraint(f"level IN ({_LEVELS})", name="level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    # A GeoJSON geometry object (Polygon or MultiPolygon, WGS84) as text.
    boundary: Mapped[str | None] = mapped_column(Text)
    # True for invented demo areas/data, so every view can label them as synthetic.
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"Area(code={self.code!r}, level={self.level!r})"


class Indicator(Base):
    """What is measured: a share (percent from numerator/denominator), a count or another value."""

    __tablename__ = "indicators"
    __table_args__ = (CheckConstraint(f"direction IN ({_DIRECTIONS})", name="direction"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    unit: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(20))
    age_band: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(300))
    is_share: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    numerator_description: Mapped[str | None] = mapped_column(Text)
    denominator_description: Mapped[str | None] = mapped_column(Text)

    @property
    def kind(self) -> Kind:
        return kind_of(self.is_share, self.unit)

    def __repr__(self) -> str:
        return f"Indicator(id={self.id!r}, unit={self.unit!r})"


class Observation(Base):
    """One area's value of one indicator in one year, with the counts behind a share."""

    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint("area_id", "indicator_id", "year", name="uq_observations_key"),
        Index("ix_observations_indicator_year", "indicator_id", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    # None means "known to be missing" (e.g. suppressed by the source).
    value: Mapped[float | None] = mapped_column(Double)
    # Floats, not integers: survey-based counts are weighted estimates with decimals.
    numerator: Mapped[float | None] = mapped_column(Double)
    denominator: Mapped[float | None] = mapped_column(Double)

    area: Mapped[Area] = relationship()
    indicator: Mapped[Indicator] = relationship()

    def __repr__(self) -> str:
        return f"Observation({self.area_id}, {self.indicator_id!r}, {self.year})"
