"""A small stored world for statistics tests: Malmö, 2 districts, 3 sub-areas, 3 indicators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.stats.models import Area, Indicator, Observation
from kraftsamling.stats.service import import_areas, import_indicators, import_observations

AREAS_CSV = """code,name,level,parent_code
1280,Malmö,municipality,
1280-D01,Centrum,district,1280
1280-D02,Söder,district,1280
1280-01-01,Gamla staden,sub_area,1280-D01
1280-01-02,Inre hamnen,sub_area,1280-D01
1280-02-01,Möllevången,sub_area,1280-D02
"""

INDICATORS_CSV = """id,name_sv,name_en,unit,direction,age_band,source,is_share
population,Folkmängd,Population,count,n/a,all,test,false
child_poverty,Barnfattigdom,Child poverty,percent,higher_is_worse,0-17,test,true
median_income,Medianinkomst,Median income,SEK,higher_is_better,20-64,test,false
"""

# Stored before each import test, so "unchanged" is checked against real rows.
BASELINE_CSV = """area,indicator,year,value,numerator,denominator
1280-01-01,population,2024,5000,,
1280-01-02,population,2024,150,,
1280-02-01,population,2024,7000,,
1280-01-01,child_poverty,2024,50,10,20
1280-01-02,child_poverty,2024,75,30,40
1280-02-01,child_poverty,2024,20,100,500
1280-01-01,median_income,2024,310000,,
"""


@dataclass(frozen=True)
class Snapshot:
    """Everything the statistics tables hold, in a comparable form."""

    areas: int
    indicators: int
    observations: list[tuple[str, str, int, float | None, float | None, float | None]]


def snapshot(factory: sessionmaker[Session]) -> Snapshot:
    with factory() as session:
        rows = session.execute(
            select(
                Area.code,
                Observation.indicator_id,
                Observation.year,
                Observation.value,
                Observation.numerator,
                Observation.denominator,
            ).join(Area, Observation.area_id == Area.id)
        )
        return Snapshot(
            areas=session.scalar(select(func.count()).select_from(Area)) or 0,
            indicators=session.scalar(select(func.count()).select_from(Indicator)) or 0,
            observations=sorted(rows),
        )


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def world(session_factory: sessionmaker[Session], tmp_path: Path) -> sessionmaker[Session]:
    """Areas, indicators and baseline observations stored on the backend under test."""
    import_areas(session_factory, write(tmp_path / "areas.csv", AREAS_CSV))
    import_indicators(session_factory, write(tmp_path / "indicators.csv", INDICATORS_CSV))
    import_observations(session_factory, write(tmp_path / "baseline.csv", BASELINE_CSV))
    return session_factory


@pytest.fixture
def take_snapshot(session_factory: sessionmaker[Session]) -> Callable[[], Snapshot]:
    """Returns a function that snapshots the statistics tables of the backend under test."""
    return lambda: snapshot(session_factory)
