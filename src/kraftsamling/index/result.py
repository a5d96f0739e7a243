"""The result of an index run: output columns plus what is needed to reproduce it.

A result carries the spec (and its hash), a hash of the input columns the spec used and
the package version. ``data_hash`` is a sha256 over those columns taken in sorted name
order (so it does not depend on the order of columns in the table) with each column's
values in row order (so reordering the rows gives a different hash, as the output rows
follow the input rows). See :func:`kraftsamling.index.pipeline.data_hash`.

Files: ``.csv`` (columns only), ``.parquet`` (columns, metadata in the schema under the
key ``kraftsamling``) and ``.json`` (``{"metadata": {...}, "columns": [...], "rows":
[...]}``). :meth:`IndexResult.read` reads all three back for :func:`compare`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from kraftsamling import __version__
from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.index.pipeline import as_float
from kraftsamling.index.spec import NORMALISED_SUFFIX, RESERVED_COLUMNS, IndexSpec, parse_spec

if TYPE_CHECKING:
    import pandas as pd

FloatArray = NDArray[np.float64]
SUFFIXES = (".csv", ".parquet", ".json")
_META_KEY = b"kraftsamling"


@dataclass(frozen=True)
class IndexResult:
    """Output of one run: one row per input row, in input order.

    Attributes
    ----------
    ids : ndarray of str
    id_column : str
        The id column's name in the input (and output).
    columns : dict of str -> ndarray
        Output columns in output order (``score``, ``rank``, ``percentile``, ``class``,
        group columns, flags, and Monte Carlo columns when added).
    normalised : dict of str -> ndarray
        Normalised indicator values by indicator id (empty when read from a file).
    spec : IndexSpec or None
        None when read from a CSV file, which holds no metadata.
    spec_hash, data_hash, version : str
    treatment : dict
        Outlier treatment per indicator, as plain mappings.
    """

    ids: NDArray[Any]
    id_column: str
    columns: dict[str, FloatArray]
    normalised: dict[str, FloatArray] = field(default_factory=dict)
    spec: IndexSpec | None = None
    spec_hash: str = ""
    data_hash: str = ""
    version: str = __version__
    treatment: dict[str, dict[str, Any]] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        """Spec, hashes, version and treatment as a JSON-ready mapping."""
        return {
            "id_column": self.id_column,
            "spec": self.spec.to_dict() if self.spec is not None else None,
            "spec_hash": self.spec_hash,
            "data_hash": self.data_hash,
            "version": self.version,
            "treatment": self.treatment,
        }

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame: the id column, then the output columns.

        Whole-number columns (rank, class, flags) become nullable integers.
        """
        import pandas as pd

        data: dict[str, Any] = {self.id_column: self.ids.astype(str)}
        for name, values in self.columns.items():
            data[name] = _maybe_int(values)
        return pd.DataFrame(data)

    def write(self, path: str | Path) -> Path:
        """Write to ``.csv``, ``.parquet`` or ``.json`` (chosen by the suffix)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            self.to_frame().to_csv(path, index=False)
        elif suffix == ".parquet":
            _write_parquet(self, path)
        elif suffix == ".json":
            path.write_text(
                json.dumps(self._json(), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        else:
            raise InvalidInput(
                f"result file '{path}' has suffix '{path.suffix}'; "
                f"expected one of {', '.join(SUFFIXES)}."
            )
        return path

    @classmethod
    def read(cls, path: str | Path) -> IndexResult:
        """Read a result written by :meth:`write` (or any table whose first column is the id)."""
        path = Path(path)
        if not path.exists():
            raise NotFound(f"Result file '{path}' does not exist.")
        suffix = path.suffix.lower()
        if suffix == ".json":
            return _read_json(path)
        if suffix == ".parquet":
            return _read_parquet(path)
        if suffix == ".csv":
            import pandas as pd

            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            return _from_frame(frame, {}, path)
        raise InvalidInput(
            f"result file '{path}' has suffix '{path.suffix}'; "
            f"expected one of {', '.join(SUFFIXES)}."
        )

    def with_uncertainty(self, source: Any) -> IndexResult:
        """A copy with extra per-area columns (e.g. ``rank_median``, ``rank_p05``, ``p_top_k``).

        ``source`` is a mapping of column -> array, or an object with an
        ``uncertainty_columns()`` method or a ``columns_`` mapping (a fitted Monte Carlo).
        """
        if hasattr(source, "uncertainty_columns"):
            extra = source.uncertainty_columns()
        elif hasattr(source, "columns_"):
            extra = source.columns_
        elif isinstance(source, Mapping):
            extra = source
        else:
            raise InvalidInput(
                "with_uncertainty needs a mapping of columns or a fitted Monte Carlo; "
                f"got {type(source).__name__}."
            )
        columns = dict(self.columns)
        for name, values in extra.items():
            arr = np.asarray(values, dtype=np.float64)
            if arr.shape != self.ids.shape:
                raise InvalidInput(
                    f"column {name!r} has shape {arr.shape}; "
                    f"expected one value per area ({self.ids.shape[0]})."
                )
            columns[str(name)] = arr
        return replace(self, columns=columns)

    def select(self, wanted: str) -> IndexResult:
        """A copy with only the named columns, in the result's order (the id always stays).

        ``wanted`` is a comma-separated list of column names and of these sets:
        ``core`` (score, rank, percentile, class), ``groups`` (``<group>_score`` and
        ``<group>_percentile``), ``indicators`` (each indicator's normalised value,
        ``<indicator>_<normalisation>``), ``flags`` and ``uncertainty`` (the Monte
        Carlo columns).

        Examples
        --------
        >>> ids = np.array(["x"], dtype=object)
        >>> res = IndexResult(ids, "id", {"score": np.ones(1), "rank": np.ones(1), "a": np.ones(1)})
        >>> list(res.select("rank, a").columns)
        ['rank', 'a']
        """
        sets = self._column_sets()
        chosen: set[str] = set()
        for word in (w.strip() for w in wanted.split(",")):
            if not word:
                continue
            if word in sets:
                chosen |= set(sets[word])
            elif word in self.columns:
                chosen.add(word)
            else:
                raise InvalidInput(
                    f"--columns: unknown column or set {word!r}; expected some of "
                    f"{', '.join(sets)} or of the columns {', '.join(self.columns)}."
                )
        return replace(self, columns={k: v for k, v in self.columns.items() if k in chosen})

    def _column_sets(self) -> dict[str, list[str]]:
        names = list(self.columns)
        spec = self.spec
        groups = (
            [f"{g.id}_{part}" for g in spec.groups for part in ("score", "percentile")]
            if spec
            else []
        )
        indicators = (
            [f"{i.id}_{NORMALISED_SUFFIX[i.normalise.method]}" for i in spec.indicators]
            if spec
            else []
        )
        flags = [i.flag for i in spec.indicators if i.flag] if spec else []
        if spec is not None:
            flags += [g.flag for g in spec.groups if g.flag]
            if spec.flags is not None and spec.flags.total:
                flags.append(spec.flags.total)
        uncertainty = ["rank_median", "rank_p05", "rank_p95", "p_top_k"]
        return {
            "core": [n for n in RESERVED_COLUMNS if n in names],
            "groups": [n for n in groups if n in names],
            "indicators": [n for n in indicators if n in names],
            "flags": [str(n) for n in flags if n in names],
            "uncertainty": [n for n in uncertainty if n in names],
        }

    def _json(self) -> dict[str, Any]:
        names = [self.id_column, *self.columns]
        rows = []
        for i, area in enumerate(self.ids.tolist()):
            row: dict[str, Any] = {self.id_column: str(area)}
            for name, values in self.columns.items():
                row[name] = _json_number(values[i])
            rows.append(row)
        return {"metadata": self.metadata(), "columns": names, "rows": rows}


def _json_number(value: float) -> float | int | None:
    v = float(value)
    if math.isnan(v):
        return None
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def _maybe_int(values: FloatArray) -> Any:
    import pandas as pd

    present = values[~np.isnan(values)]
    if present.size and np.all(present == np.round(present)) and np.all(np.abs(present) < 2**53):
        return pd.array([None if v != v else int(v) for v in values.tolist()], dtype="Int64")
    return values


def _write_parquet(result: IndexResult, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(result.to_frame(), preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_META_KEY] = json.dumps(result.metadata(), ensure_ascii=False).encode("utf-8")
    pq.write_table(table.replace_schema_metadata(meta), path)


def _read_parquet(path: Path) -> IndexResult:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    raw = (table.schema.metadata or {}).get(_META_KEY)
    meta = json.loads(raw.decode("utf-8")) if raw else {}
    return _from_frame(table.to_pandas(), meta, path)


def _read_json(path: Path) -> IndexResult:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        meta, names, rows = doc.get("metadata", {}), doc["columns"], doc["rows"]
    except (ValueError, KeyError, AttributeError) as exc:
        raise InvalidInput(
            f"result file '{path}' is not a result JSON (metadata, columns, rows): {exc}"
        ) from exc
    import pandas as pd

    frame = pd.DataFrame([[row.get(n) for n in names] for row in rows], columns=names)
    return _from_frame(frame, meta, path)


def _from_frame(frame: pd.DataFrame, meta: Mapping[str, Any], path: Path) -> IndexResult:
    if frame.shape[1] == 0:
        raise InvalidInput(f"result file '{path}' has no columns.")
    id_column = str(meta.get("id_column") or frame.columns[0])
    if id_column not in frame.columns:
        raise InvalidInput(f"result file '{path}' lacks its id column {id_column!r}.")
    ids = np.asarray([str(v) for v in frame[id_column].tolist()], dtype=object)
    columns = {
        str(c): as_float(f"{path.name}: {c}", frame[c].to_numpy(dtype=object), ids)
        for c in frame.columns
        if c != id_column
    }
    spec = parse_spec(meta["spec"]) if meta.get("spec") else None
    return IndexResult(
        ids=ids,
        id_column=id_column,
        columns=columns,
        spec=spec,
        spec_hash=str(meta.get("spec_hash", "")),
        data_hash=str(meta.get("data_hash", "")),
        version=str(meta.get("version", "")),
        treatment=dict(meta.get("treatment") or {}),
    )


# --------------------------------------------------------------------------- compare


@dataclass(frozen=True)
class Comparison:
    """How areas moved between two runs, sorted by absolute rank movement (largest first).

    ``rank_change`` is rank_b - rank_a: negative means the area moved toward rank 1
    (more vulnerable in run b). Areas present in only one run have NaN on the other side.
    """

    id_column: str
    ids: NDArray[Any]
    rank_a: FloatArray
    rank_b: FloatArray
    rank_change: FloatArray
    class_a: FloatArray
    class_b: FloatArray
    class_changed: FloatArray
    spearman: float
    n_common: int
    top_k: int | None = None
    entered_top_k: tuple[str, ...] = ()
    left_top_k: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per area: id, ranks, change, classes, and top-k membership when asked."""
        import pandas as pd

        data: dict[str, Any] = {
            self.id_column: self.ids.astype(str),
            "rank_a": _maybe_int(self.rank_a),
            "rank_b": _maybe_int(self.rank_b),
            "rank_change": _maybe_int(self.rank_change),
            "class_a": _maybe_int(self.class_a),
            "class_b": _maybe_int(self.class_b),
            "class_changed": _maybe_int(self.class_changed),
        }
        if self.top_k is not None:
            data["in_top_k_a"] = _maybe_int(_in_top(self.rank_a, self.top_k))
            data["in_top_k_b"] = _maybe_int(_in_top(self.rank_b, self.top_k))
        return pd.DataFrame(data)

    @property
    def n_moved(self) -> int:
        """Areas ranked in both runs whose rank changed (an area ranked in one run only has
        no change to count)."""
        change = self.rank_change
        return int(np.count_nonzero(~np.isnan(change) & (change != 0)))

    def summary(self, lang: str = "en") -> str:
        """A few plain sentences: correlation, largest move, top-k entries and exits."""
        moved = self.n_moved
        if lang == "sv":
            rho = f"{self.spearman:.4f}".replace(".", ",")
            text = (
                f"{self.n_common} områden finns i båda körningarna; {moved} bytte rang. "
                f"Spearmans rangkorrelation: {rho}."
            )
            if self.top_k is not None:
                text += (
                    f" In bland de {self.top_k} mest utsatta: "
                    f"{', '.join(self.entered_top_k) or 'inga'}."
                    f" Ut: {', '.join(self.left_top_k) or 'inga'}."
                )
            return text
        text = (
            f"{self.n_common} areas in both runs; {moved} changed rank. "
            f"Spearman rank correlation: {self.spearman:.4f}."
        )
        if self.top_k is not None:
            text += (
                f" Entered the top {self.top_k}: {', '.join(self.entered_top_k) or 'none'}."
                f" Left it: {', '.join(self.left_top_k) or 'none'}."
            )
        return text


def compare(a: IndexResult, b: IndexResult, top_k: int | None = None) -> Comparison:
    """Compare two runs area by area (matched on id).

    Parameters
    ----------
    a, b : IndexResult
        The earlier and the later run.
    top_k : int, optional
        Also list the areas that entered or left the k most vulnerable (rank <= k).

    Examples
    --------
    >>> ids = np.array(["x", "y", "z"], dtype=object)
    >>> ra = IndexResult(ids, "id", {"rank": np.array([1.0, 2.0, 3.0]), "class": np.ones(3)})
    >>> rb = IndexResult(ids, "id", {"rank": np.array([3.0, 2.0, 1.0]), "class": np.ones(3)})
    >>> c = compare(ra, rb, top_k=1)
    >>> c.ids.tolist(), c.rank_change.tolist(), c.spearman, c.entered_top_k
    (['x', 'z', 'y'], [2.0, -2.0, 0.0], -1.0, ('z',))
    """
    for name, res in (("a", a), ("b", b)):
        if "rank" not in res.columns:
            raise InvalidInput(
                f"result {name} has no 'rank' column; columns: {', '.join(res.columns)}."
            )
    if top_k is not None and top_k < 1:
        raise InvalidInput(f"top_k must be a positive integer; got {top_k}.")
    ids_a = [str(x) for x in a.ids.tolist()]
    ids_b = [str(x) for x in b.ids.tolist()]
    in_a = set(ids_a)
    ids = np.asarray(ids_a + [x for x in ids_b if x not in in_a], dtype=object)
    rank_a, class_a = _aligned(a, ids)
    rank_b, class_b = _aligned(b, ids)
    change = rank_b - rank_a
    with np.errstate(invalid="ignore"):
        class_changed = np.where(
            np.isnan(class_a) | np.isnan(class_b), np.nan, (class_a != class_b) * 1.0
        )
    order = np.lexsort((ids.astype(str), np.where(np.isnan(change), np.inf, -np.abs(change))))
    both = ~np.isnan(rank_a) & ~np.isnan(rank_b)
    entered: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    if top_k is not None:
        top_a, top_b = _in_top(rank_a, top_k) == 1, _in_top(rank_b, top_k) == 1
        entered = tuple(str(i) for i in ids[order][(top_b & ~top_a)[order]])
        left = tuple(str(i) for i in ids[order][(top_a & ~top_b)[order]])
    return Comparison(
        id_column=a.id_column,
        ids=ids[order],
        rank_a=rank_a[order],
        rank_b=rank_b[order],
        rank_change=change[order],
        class_a=class_a[order],
        class_b=class_b[order],
        class_changed=class_changed[order],
        spearman=_spearman(rank_a[both], rank_b[both]),
        n_common=int(both.sum()),
        top_k=top_k,
        entered_top_k=entered,
        left_top_k=left,
    )


def _aligned(res: IndexResult, ids: NDArray[Any]) -> tuple[FloatArray, FloatArray]:
    pos = {str(x): i for i, x in enumerate(res.ids.tolist())}
    take = np.array([pos.get(str(x), -1) for x in ids.tolist()], dtype=np.intp)
    found = take >= 0

    def pick(col: FloatArray | None) -> FloatArray:
        out = np.full(ids.shape[0], np.nan)
        if col is not None:
            out[found] = col[take[found]]
        return out

    return pick(res.columns["rank"]), pick(res.columns.get("class"))


def _in_top(ranks: FloatArray, k: int) -> FloatArray:
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(ranks), np.nan, (ranks <= k) * 1.0)


def _spearman(x: FloatArray, y: FloatArray) -> float:
    """Pearson correlation of average ranks; NaN with < 2 areas or no variation."""
    from scipy.stats import rankdata

    if x.size < 2:
        return float("nan")
    rx = rankdata(x) - (x.size + 1) / 2.0
    ry = rankdata(y) - (y.size + 1) / 2.0
    denom = math.sqrt(float((rx**2).sum()) * float((ry**2).sum()))
    return float((rx * ry).sum() / denom) if denom > 0 else float("nan")
