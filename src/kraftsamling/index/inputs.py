"""Reading the input table of a run: check and convert the columns a spec uses, once.

:func:`read_inputs` turns a mapping of columns (or a DataFrame) into :class:`Inputs`:
float64 numeric columns, text columns for the shrinkage parent, validated unique ids,
and a fingerprint of the data (:func:`data_hash`) so a result can name what it ran on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput, SpecError
from kraftsamling.index.spec import IndexSpec

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Inputs:
    """The validated input columns a spec uses, converted once.

    ``columns`` holds numeric columns as float64 (sentinels not yet replaced), ``text``
    holds text columns (the shrinkage parent), ``data_hash`` fingerprints them all.
    """

    ids: NDArray[Any]
    columns: dict[str, FloatArray]
    text: dict[str, NDArray[Any]]
    data_hash: str

    @property
    def n_rows(self) -> int:
        """Number of input rows."""
        return int(self.ids.shape[0])


def read_inputs(spec: IndexSpec, table: Mapping[str, Any]) -> Inputs:
    """Validate and convert the columns of ``table`` that ``spec`` uses.

    Parameters
    ----------
    spec : IndexSpec
    table : mapping of column name -> array-like
        A dict of lists/arrays or a pandas DataFrame.

    Raises
    ------
    SpecError
        When columns the spec needs are missing (names them and lists the available ones).
    InvalidInput
        When a column is not numeric (names the column and the first bad row), columns
        differ in length, or an id is missing or repeated.

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"}, "indicator": [{"id": "a"}]})
    >>> read_inputs(spec, {"id": ["x", "y"], "a": ["1.5", None]}).columns["a"].tolist()
    [1.5, nan]
    """
    available = [str(c) for c in table.keys()]  # noqa: SIM118 (DataFrame iterates names too, but a Mapping protocol is clearer)
    needed = spec.required_columns()
    missing = [c for c in needed if c not in available]
    if missing:
        shown = ", ".join(repr(c) for c in available[:60]) + (" ..." if len(available) > 60 else "")
        raise SpecError(
            f"the input table lacks column(s) {', '.join(repr(c) for c in missing)} that spec "
            f"'{spec.id}' needs; available columns: {shown or '(none)'}."
        )
    ids = _read_ids(spec.id_column, table[spec.id_column])
    text_cols = {spec.shrinkage.parent_column} if spec.shrinkage else set()
    columns: dict[str, FloatArray] = {}
    text: dict[str, NDArray[Any]] = {}
    for name in needed:
        if name == spec.id_column:
            continue
        if name in text_cols:
            text[name] = np.asarray(
                [str(v) for v in np.asarray(table[name], dtype=object)], dtype=object
            )
        else:
            columns[name] = as_float(name, table[name], ids)
        size = (columns.get(name) if name in columns else text[name]).shape[0]  # type: ignore[union-attr]
        if size != ids.shape[0]:
            raise InvalidInput(
                f"column {name!r} has {size} values but the id column {spec.id_column!r} has "
                f"{ids.shape[0]}; every column must have one value per row."
            )
    return Inputs(
        ids=ids, columns=columns, text=text, data_hash=data_hash(ids, spec.id_column, columns, text)
    )


def _read_ids(name: str, values: Any) -> NDArray[Any]:
    raw = np.asarray(values, dtype=object).reshape(-1)
    text = [str(v) for v in raw.tolist()]
    ids = np.empty(len(text), dtype=object)
    ids[:] = text
    missing = [
        i
        for i, (v, t) in enumerate(zip(raw.tolist(), text, strict=True))
        if v is None or t in _NO_ID
    ]
    if missing:
        raise InvalidInput(
            f"id column {name!r}: row {missing[0] + 1} has no id; every row needs one."
        )
    if len(set(text)) != len(text):
        seen: dict[str, int] = {}
        for i, t in enumerate(text):
            if t in seen:
                rows = [str(k + 1) for k in np.flatnonzero(ids == t)[:3]]
                raise InvalidInput(
                    f"id column {name!r}: id {t!r} appears {text.count(t)} times "
                    f"(rows {', '.join(rows)}); ids must be unique."
                )
            seen[t] = i
    return ids


_NO_ID = {"", "nan", "NaN", "<NA>", "None"}
_MISSING_TEXT = {"", "na", "nan", "<na>", "none", "null"}


def as_float(name: str, values: Any, ids: NDArray[Any] | None = None) -> FloatArray:
    """Convert one column to float64; NaN for empty/None/NA; InvalidInput on text.

    Examples
    --------
    >>> as_float("x", [1, "2.5", None, ""]).tolist()
    [1.0, 2.5, nan, nan]
    """
    arr = np.asarray(values)
    if arr.dtype.kind in "fiub":
        return arr.astype(np.float64).reshape(-1)
    try:
        return np.asarray(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        pass
    flat = np.asarray(values, dtype=object).reshape(-1)
    out = np.empty(flat.shape[0], dtype=np.float64)
    for i, v in enumerate(flat):
        try:
            out[i] = _one_float(v)
        except (TypeError, ValueError):
            where = f"row {i + 1}" + (
                f" (id {ids[i]!r})" if ids is not None and i < len(ids) else ""
            )
            raise InvalidInput(
                f"column {name!r} must be numeric, but {where} has {v!r} (rows counted from 1, "
                f"header not counted)."
            ) from None
    return out


def _one_float(v: Any) -> float:
    if v is None:
        return float("nan")
    if isinstance(v, str):
        text = v.strip()
        if text.lower() in _MISSING_TEXT:
            return float("nan")
        return float(text)
    if isinstance(v, bool | int | float | np.number):
        return float(v)
    if str(v) in ("<NA>", "NaT"):
        return float("nan")
    raise TypeError(type(v).__name__)


def data_hash(
    ids: NDArray[Any],
    id_column: str,
    columns: Mapping[str, FloatArray],
    text: Mapping[str, NDArray[Any]],
) -> str:
    """sha256 over the used columns: sorted by name (so mapping order does not matter),
    each as its name plus its values in row order (so row order does matter). Numbers
    enter as little-endian float64 with one canonical NaN; text as UTF-8 joined by 0x1F.
    """
    digest = hashlib.sha256()
    parts: dict[str, bytes] = {id_column: "\x1f".join(ids.tolist()).encode("utf-8")}
    for name, col in columns.items():
        canon = np.where(np.isnan(col), np.nan, col).astype("<f8")
        parts[name] = b"f8" + canon.tobytes()
    for name, values in text.items():
        parts[name] = b"tx" + "\x1f".join(str(v) for v in values.tolist()).encode("utf-8")
    for name in sorted(parts):
        encoded = name.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "little") + encoded)
        digest.update(len(parts[name]).to_bytes(8, "little") + parts[name])
    return digest.hexdigest()
