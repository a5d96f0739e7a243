"""``CompositeIndex``: the estimator-style entry point of the engine.

>>> from kraftsamling.index import CompositeIndex, parse_spec
>>> spec = parse_spec({"index": {"id": "t", "id_column": "area"},
...                    "indicator": [{"id": "a"}, {"id": "b"}]})
>>> model = CompositeIndex(spec).fit({"area": ["x", "y", "z"], "a": [1, 2, 3], "b": [3, 1, 2]})
>>> model.result_.columns["rank"].tolist()
[2.0, 3.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kraftsamling import __version__
from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.outliers import Treatment
from kraftsamling.index.pipeline import Prepared, aggregate_tree, prepare, read_inputs
from kraftsamling.index.result import IndexResult
from kraftsamling.index.spec import NORMALISED_SUFFIX, IndexSpec, load_spec


class CompositeIndex:
    """Run an index spec on a table (scikit-learn's estimator contract).

    Parameters
    ----------
    spec : IndexSpec, or path to a TOML spec
        Stored as given; a path is read when :meth:`fit` runs.

    Attributes
    ----------
    result_ : IndexResult
        Output columns, hashes and version.
    normalised_ : dict of str -> ndarray
        Normalised value of every indicator (aligned with the index direction).
    treatment_ : dict of str -> Treatment
        What outlier treatment did to each indicator.
    universe_ : ndarray of bool
        Rows inside the ranking universe.
    prepared_ : Prepared
        The normalised matrix and its context, for reuse by uncertainty code.
    spec_ : IndexSpec
        The spec that was run.
    """

    def __init__(self, spec: IndexSpec | str | Path) -> None:
        self.spec = spec

    def fit(self, table: Mapping[str, Any]) -> CompositeIndex:
        """Validate ``table`` and run the spec on it; returns ``self``.

        Parameters
        ----------
        table : mapping of column name -> array-like
            One row per area; a pandas DataFrame works.

        Raises
        ------
        SpecError
            When a column the spec needs is missing (the message lists the available ones).
        InvalidInput
            When a column is not numeric (names the column and the first bad row), or an
            id is missing or repeated.
        """
        spec = self.spec if isinstance(self.spec, IndexSpec) else load_spec(self.spec)
        if not hasattr(table, "keys") or not hasattr(table, "__getitem__"):
            raise InvalidInput(
                f"fit needs a table: a mapping of column name -> values (a dict or a pandas "
                f"DataFrame); got {type(table).__name__}."
            )
        prepared = prepare(spec, read_inputs(spec, table))
        columns = aggregate_tree(spec, prepared)
        columns.update(indicator_columns(spec, prepared))
        self.spec_ = spec
        self.prepared_: Prepared = prepared
        self.normalised_: dict[str, NDArray[np.float64]] = prepared.normalised
        self.treatment_: dict[str, Treatment] = prepared.treatment
        self.universe_: NDArray[np.bool_] = prepared.universe
        self.result_ = IndexResult(
            ids=prepared.ids,
            id_column=spec.id_column,
            columns=columns,
            normalised=prepared.normalised,
            spec=spec,
            spec_hash=spec.spec_hash,
            data_hash=prepared.data_hash,
            version=__version__,
            treatment={k: t.to_dict() for k, t in prepared.treatment.items()},
        )
        return self


def indicator_column_name(spec: IndexSpec, indicator_id: str) -> str:
    """``<indicator>_<normalisation>``, e.g. ``EP_POV150_percentile`` (CDC's EPL_POV150)."""
    return f"{indicator_id}_{NORMALISED_SUFFIX[spec.indicator(indicator_id).normalise.method]}"


def indicator_columns(spec: IndexSpec, prepared: Prepared) -> dict[str, NDArray[np.float64]]:
    """Every indicator's normalised value as it enters the index, after rounding at stage
    "normalised", oriented with the index (higher = more vulnerable for the usual
    ``higher_is_worse`` index); NaN outside the universe."""
    return {
        indicator_column_name(spec, ind): prepared.matrix[:, j].copy()
        for j, ind in enumerate(prepared.indicator_ids)
    }


def run(spec: IndexSpec | str | Path, table: Mapping[str, Any]) -> IndexResult:
    """Shorthand for ``CompositeIndex(spec).fit(table).result_``."""
    return CompositeIndex(spec).fit(table).result_
