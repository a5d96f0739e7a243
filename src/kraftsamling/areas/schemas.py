"""Response shapes of ``/api/v1/areas`` and the public ``/api/v1/public/areas`` and ``/map``.

Built from the same service results as the pages (:mod:`kraftsamling.areas.service`), so a
public response hides exactly the cells the public page hides.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kraftsamling.areas import service
from kraftsamling.runs.drivers import Driver
from kraftsamling.runs.reference import AreaIndex


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AreaRefOut(_Out):
    code: str
    name: str
    level: str


class AreaRowOut(_Out):
    code: str
    name: str
    parent: AreaRefOut | None


class AreaListOut(_Out):
    level: str
    synthetic: bool = Field(description="True when the areas are invented demo data.")
    areas: list[AreaRowOut]


class PointOut(_Out):
    year: int
    value: float | None = Field(description="The area's value; null when missing or hidden.")
    city: float | None = Field(description="The whole city's value the same year.")
    hidden: str | None = Field(
        description="Why a public value is hidden: 'primary' (a small count) or 'secondary' "
        "(it would let another hidden value be worked out); null when shown."
    )


class SeriesOut(_Out):
    id: str
    name_sv: str
    name_en: str
    unit: str
    kind: str
    points: list[PointOut]


class DriverOut(BaseModel):
    id: str
    kind: str = Field(description="'indicator', or 'group' for runs stored without indicators.")
    name_sv: str
    name_en: str
    weight_share: float = Field(description="Share of the index's weight (0-1).")
    value: float = Field(description="The area's normalised value.")
    contribution: float = Field(description="weight_share x value.")

    @classmethod
    def of(cls, driver: Driver) -> DriverOut:
        return cls(id=driver.column, kind=driver.kind, name_sv=driver.name_sv,
                   name_en=driver.name, weight_share=driver.weight_share, value=driver.value,
                   contribution=driver.contribution)  # fmt: skip


class AreaIndexOut(BaseModel):
    """The area in the reference run (the newest finished run at level sub_area)."""

    run_id: int | None = Field(description="The run's id; null in public responses.")
    spec_id: str
    spec_name: str
    level: str
    year: int
    status: str = Field(description="'ranked', 'not_ranked' (outside the universe) or "
                        "'not_in_run' (another level, or not in the run).")  # fmt: skip
    n_ranked: int
    n_draws: int
    top_k: int | None
    score: float | None
    rank: float | None
    rank_median: float | None
    rank_p05: float | None
    rank_p95: float | None
    class_value: float | None
    n_classes: int | None
    p_top_k: float | None
    drivers: list[DriverOut] = Field(description="Largest contribution first.")
    withheld: int = Field(description="Drivers left out because their values are hidden.")

    @classmethod
    def of(cls, index: AreaIndex, *, public: bool) -> AreaIndexOut:
        return cls(
            run_id=None if public else index.run_id, spec_id=index.spec_id,
            spec_name=index.spec_name, level=index.level, year=index.year, status=index.status,
            n_ranked=index.n_ranked, n_draws=index.n_draws, top_k=index.top_k,
            score=index.score, rank=index.rank, rank_median=index.rank_median,
            rank_p05=index.rank_p05, rank_p95=index.rank_p95, class_value=index.class_value,
            n_classes=index.n_classes, p_top_k=index.p_top_k,
            drivers=[DriverOut.of(d) for d in index.drivers], withheld=index.withheld,
        )  # fmt: skip


class AreaProfileOut(BaseModel):
    area: AreaRefOut
    parent: AreaRefOut | None
    children: list[AreaRefOut]
    city: AreaRefOut | None
    synthetic: bool
    public: bool
    series: list[SeriesOut]
    index: AreaIndexOut | None = Field(description="Null before any index run has finished.")

    @classmethod
    def of(cls, profile: service.AreaProfile) -> AreaProfileOut:
        def ref(area: service.AreaRef | None) -> AreaRefOut | None:
            return None if area is None else AreaRefOut.model_validate(area)

        index = profile.index
        return cls(
            area=AreaRefOut.model_validate(profile.area), parent=ref(profile.parent),
            children=[AreaRefOut.model_validate(c) for c in profile.children],
            city=ref(profile.city), synthetic=profile.synthetic, public=profile.public,
            series=[SeriesOut.model_validate(s) for s in profile.series],
            index=None if index is None else AreaIndexOut.of(index, public=profile.public),
        )  # fmt: skip


class IndicatorChoiceOut(_Out):
    id: str
    name_sv: str
    name_en: str


class MapAreaOut(_Out):
    code: str
    name: str
    value: float | None
    hidden: str | None
    class_index: int | None = Field(description="0 = the lightest class; null without value.")


class LegendOut(_Out):
    colour: str
    low: float | None
    high: float | None


class PublicMapOut(_Out):
    indicator: IndicatorChoiceOut | None
    unit: str
    year: int | None
    indicators: list[IndicatorChoiceOut]
    years: list[int]
    areas: list[MapAreaOut]
    legend: list[LegendOut]
    synthetic: bool
    thin_years: list[int] = Field(
        description="Years with data for fewer than half of the sub-areas; the latest year "
        "shown by default is the newest year not among them."
    )
