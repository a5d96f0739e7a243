"""Statistical diagnostics of an index's normalised indicators, on the ranking universe.

- Correlation matrices, Pearson and Spearman (Spearman = Pearson on average-tie ranks),
  each pair on the areas where both indicators are present.
- Cronbach's alpha per group over the indicators under it (at any depth) and for the
  whole index: alpha = k / (k - 1) * (1 - sum of item variances / variance of the item
  sum), variances with ddof = 1, on areas with every one of those indicators present
  (Cronbach 1951; the statistic COINr's ``get_cronbach`` reports).
- Principal component analysis: the share of variance each component explains, from the
  singular values of the standardised indicators (mean 0, SD 1 with ddof = 1) on areas
  with every indicator present. A constant indicator standardises to 0 and adds no
  variance. Eigenvalues are s**2 / (n - 1), the variances of the components (Kaiser's
  rule keeps those above 1).

The indicators are taken after the spec's own pipeline (imputation, outlier treatment,
direction, normalisation), so "higher = worse" in every column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.pipeline import Inputs, prepare
from kraftsamling.index.spec import IndexSpec

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Diagnostics:
    """The diagnostics of one spec on one table (see :func:`diagnose`)."""

    indicator_ids: tuple[str, ...]
    n_areas: int
    pearson: FloatArray
    spearman: FloatArray
    alpha: dict[str, float]
    alpha_index: float
    pca_explained: FloatArray
    pca_eigenvalues: FloatArray
    pca_components: FloatArray

    def correlation_table(self, method: str = "pearson") -> dict[str, Any]:
        """The correlation matrix as columns: ``indicator`` then one column per indicator."""
        matrix = {"pearson": self.pearson, "spearman": self.spearman}[method]
        out: dict[str, Any] = {"indicator": list(self.indicator_ids)}
        for j, ind in enumerate(self.indicator_ids):
            out[ind] = matrix[:, j].copy()
        return out


def diagnose(spec: IndexSpec, table: Mapping[str, Any] | Inputs) -> Diagnostics:
    """Correlations, Cronbach's alpha and PCA of the spec's normalised indicators.

    Parameters
    ----------
    spec : IndexSpec
    table : mapping of column -> array-like, or Inputs

    Returns
    -------
    Diagnostics

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"}, "normalise": {"method": "none"},
    ...                    "indicator": [{"id": "a"}, {"id": "b"}]})
    >>> d = diagnose(spec, {"id": ["x", "y", "z"], "a": [1, 2, 3], "b": [2, 4, 6]})
    >>> round(float(d.pearson[0, 1]), 6), d.pca_explained.round(6).tolist()
    (1.0, [1.0, 0.0])
    """
    prepared = prepare(spec, table)
    x = prepared.matrix[prepared.universe]
    if x.shape[0] < 2:
        raise InvalidInput(f"diagnostics need at least 2 areas in the universe; got {x.shape[0]}.")
    alpha = {}
    for grp in spec.groups:
        cols = _subtree(spec, grp.id)
        alpha[grp.id] = cronbach_alpha(x[:, cols]) if len(cols) > 1 else float("nan")
    explained, eigenvalues, components = pca_variance(x)
    return Diagnostics(
        indicator_ids=prepared.indicator_ids,
        n_areas=int(x.shape[0]),
        pearson=correlation_matrix(x, "pearson"),
        spearman=correlation_matrix(x, "spearman"),
        alpha=alpha,
        alpha_index=cronbach_alpha(x) if x.shape[1] > 1 else float("nan"),
        pca_explained=explained,
        pca_eigenvalues=eigenvalues,
        pca_components=components,
    )


def _subtree(spec: IndexSpec, group_id: str) -> list[int]:
    inds, grps = spec.children(group_id)
    found = list(inds)
    for grp in grps:
        found += _subtree(spec, grp.id)
    return sorted(found)


def correlation_matrix(matrix: FloatArray, method: str = "pearson") -> FloatArray:
    """Pairwise-complete correlation of the columns; NaN where a column is constant.

    Examples
    --------
    >>> x = np.array([[1.0, 10.0, 3.0], [2.0, 20.0, 1.0], [3.0, 40.0, 2.0]])
    >>> correlation_matrix(x, "spearman").round(3).tolist()
    [[1.0, 1.0, -0.5], [1.0, 1.0, -0.5], [-0.5, -0.5, 1.0]]
    """
    if method not in ("pearson", "spearman"):
        raise InvalidInput(f"method must be 'pearson' or 'spearman'; got {method!r}.")
    x = np.asarray(matrix, dtype=np.float64)
    m = x.shape[1]
    present = ~np.isnan(x)
    if present.all():
        values = _ranks(x) if method == "spearman" else x
        return _pearson_complete(values)
    out = np.eye(m)
    for i in range(m):
        for j in range(i + 1, m):
            both = present[:, i] & present[:, j]
            pair = x[both][:, [i, j]]
            if method == "spearman":
                pair = _ranks(pair)
            out[i, j] = out[j, i] = _pearson_complete(pair)[0, 1] if both.sum() > 1 else np.nan
    return out


def _ranks(x: FloatArray) -> FloatArray:
    return np.asarray(rankdata(x, method="average", axis=0), dtype=np.float64)


def _pearson_complete(x: FloatArray) -> FloatArray:
    centred = x - x.mean(axis=0)
    norms = np.sqrt((centred**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = (centred.T @ centred) / np.outer(norms, norms)
    corr = np.clip(corr, -1.0, 1.0)
    constant = norms == 0
    corr[constant, :] = np.nan
    corr[:, constant] = np.nan
    np.fill_diagonal(corr, 1.0)
    return np.asarray(corr)


def cronbach_alpha(matrix: FloatArray) -> float:
    """Cronbach's alpha of the columns (items), on rows with every item present.

    Examples
    --------
    >>> x = np.array([[1, 2, 3], [2, 3, 3], [3, 3, 4], [4, 5, 5]], dtype=float)
    >>> round(cronbach_alpha(x), 6)  # 3/2 * (1 - (12.5/3) / (35/3)) = 27/28
    0.964286
    """
    x = np.asarray(matrix, dtype=np.float64)
    x = x[~np.isnan(x).any(axis=1)]
    k = x.shape[1]
    if k < 2 or x.shape[0] < 2:
        return float("nan")
    total_var = float(np.var(x.sum(axis=1), ddof=1))
    if total_var == 0.0:
        return float("nan")
    item_var = float(np.var(x, axis=0, ddof=1).sum())
    return k / (k - 1) * (1.0 - item_var / total_var)


def pca_variance(matrix: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Share of variance explained, eigenvalues and loadings of the standardised columns.

    Returns
    -------
    explained : ndarray, shape (n_columns,)
        Descending shares summing to 1 (all NaN when every column is constant).
    eigenvalues : ndarray, shape (n_columns,)
    components : ndarray, shape (n_columns, n_columns)
        Row k holds the loadings of component k (unit length; sign as the SVD gives it).

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.5]])
    >>> float(pca_variance(x)[0][0]) > 0.99
    True
    """
    x = np.asarray(matrix, dtype=np.float64)
    x = x[~np.isnan(x).any(axis=1)]
    n, m = x.shape
    if n < 2:
        nan = np.full(m, np.nan)
        return nan, nan.copy(), np.full((m, m), np.nan)
    sd = np.std(x, axis=0, ddof=1)
    z = np.where(sd > 0, (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0), 0.0)
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    var = s**2
    total = var.sum()
    explained = np.full(m, np.nan)
    eigen = np.zeros(m)
    components = np.zeros((m, m))
    k = var.size
    eigen[:k] = var / (n - 1)
    components[:k] = vt
    if total > 0:
        explained = np.zeros(m)
        explained[:k] = var / total
    return explained, eigen, components
