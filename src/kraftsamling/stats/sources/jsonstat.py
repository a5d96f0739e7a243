"""Parse JSON-stat 2.0 datasets into a tidy, columnar form.

JSON-stat 2.0 (format reference: https://json-stat.org/format/) stores a cube as

- ``id``: the dimension ids in cube order, and ``size``: the number of categories of each;
- ``dimension[d].category.index``: category ids in order, either a list or an object
  ``{id: position}`` (and it may be left out when a dimension has one category, in which
  case the single key of ``category.label`` is the id);
- ``value``: the cells in *row-major* order, the last dimension varying fastest, as a
  dense array or as a sparse object ``{"flat index": value}``;
- ``status``: one string for every cell, an array parallel to ``value``, or a sparse object.

For positions ``p_0..p_{k-1}`` and sizes ``s_0..s_{k-1}`` the flat index is
``((p_0 * s_1 + p_1) * s_2 + p_2) ... * s_{k-1} + p_{k-1}``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kraftsamling.core.errors import InvalidInput

if TYPE_CHECKING:
    import pandas as pd

Value = float | None


@dataclass(frozen=True)
class Dimension:
    """One dimension of a cube: its category codes in index order and their labels."""

    id: str
    label: str
    codes: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    role: str | None = None
    elimination: bool = False
    elimination_value_code: str | None = None
    codelists: tuple[str, ...] = ()

    def position(self, code: str) -> int:
        """Index of ``code`` in this dimension; InvalidInput if it is not a category."""
        try:
            return self.codes.index(code)
        except ValueError:
            shown = ", ".join(self.codes[:12]) + (", ..." if len(self.codes) > 12 else "")
            raise InvalidInput(
                f"Dimension '{self.id}' has no category '{code}'; expected one of: {shown}."
            ) from None


@dataclass(frozen=True)
class Dataset:
    """A parsed JSON-stat 2.0 dataset. ``values`` is empty for metadata-only responses."""

    label: str
    dimensions: tuple[Dimension, ...]
    values: tuple[Value, ...]
    status: Mapping[int, str] = field(default_factory=dict)
    source: str | None = None
    updated: str | None = None
    notes: tuple[str, ...] = ()
    extension: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> tuple[str, ...]:
        """Dimension ids in cube order."""
        return tuple(d.id for d in self.dimensions)

    @property
    def size(self) -> tuple[int, ...]:
        """Number of categories per dimension, in cube order."""
        return tuple(len(d.codes) for d in self.dimensions)

    @property
    def n_cells(self) -> int:
        """Number of cells of the cube (the product of ``size``)."""
        return math.prod(self.size)

    def dimension(self, dim_id: str) -> Dimension:
        """The dimension called ``dim_id``; InvalidInput naming the ids there are."""
        for dim in self.dimensions:
            if dim.id == dim_id:
                return dim
        raise InvalidInput(
            f"The dataset has no dimension '{dim_id}'; it has: {', '.join(self.ids)}."
        )

    def dimension_with_role(self, role: str) -> Dimension | None:
        """The first dimension with the JSON-stat role ``role`` (time, geo, metric), if any."""
        return next((d for d in self.dimensions if d.role == role), None)

    def flat_index(self, coords: Mapping[str, str]) -> int:
        """Row-major flat index of the cell at ``coords`` ({dimension id: code})."""
        missing = [d for d in self.ids if d not in coords]
        if missing:
            raise InvalidInput(
                f"A cell needs a code for every dimension; missing: {', '.join(missing)}."
            )
        return flat_index(self.size, [d.position(coords[d.id]) for d in self.dimensions])

    def cell(self, coords: Mapping[str, str]) -> Value:
        """Value of the cell at ``coords`` ({dimension id: code})."""
        return self.values[self.flat_index(coords)]

    def rows(self, *, labels: bool = False) -> list[dict[str, Any]]:
        """One dict per cell in row-major order: a code per dimension, ``value``, ``status``.

        With ``labels=True`` each dimension also gets a ``<id>_label`` column.
        """
        if not self.values:
            return []
        out: list[dict[str, Any]] = []
        combos = itertools.product(*(d.codes for d in self.dimensions))
        for i, (combo, value) in enumerate(zip(combos, self.values, strict=True)):
            row: dict[str, Any] = dict(zip(self.ids, combo, strict=True))
            if labels:
                for dim, code in zip(self.dimensions, combo, strict=True):
                    row[f"{dim.id}_label"] = dim.labels.get(code, code)
            row["value"] = value
            row["status"] = self.status.get(i)
            out.append(row)
        return out

    def to_frame(self, *, labels: bool = False) -> pd.DataFrame:
        """The rows of :meth:`rows` as a pandas DataFrame (for I/O at the edge)."""
        import pandas as pd

        columns = list(self.ids)
        if labels:
            columns += [f"{d}_label" for d in self.ids]
        return pd.DataFrame(self.rows(labels=labels), columns=[*columns, "value", "status"])


def flat_index(size: Sequence[int], positions: Sequence[int]) -> int:
    """Row-major flat index of ``positions`` in a cube of shape ``size``.

    Examples
    --------
    >>> flat_index([2, 3, 4], [1, 2, 3])  # (1*3 + 2)*4 + 3
    23
    """
    index = 0
    for n, p in zip(size, positions, strict=True):
        if not 0 <= p < n:
            raise InvalidInput(f"Position {p} is outside a dimension of size {n}.")
        index = index * n + p
    return index


def parse_dataset(doc: Mapping[str, Any], *, require_values: bool = True) -> Dataset:
    """Parse a JSON-stat 2.0 dataset.

    Parameters
    ----------
    doc : mapping
        The decoded JSON document (``class`` must be ``dataset``).
    require_values : bool
        False for metadata responses, whose ``value`` is empty.

    Returns
    -------
    Dataset

    Raises
    ------
    InvalidInput
        When the document is not a JSON-stat 2.0 dataset or is inconsistent.
    """
    if not isinstance(doc, Mapping):
        raise InvalidInput(f"A JSON-stat dataset must be an object; got {type(doc).__name__}.")
    if doc.get("class") != "dataset" or "id" not in doc:
        raise InvalidInput(
            "Expected a JSON-stat 2.0 dataset (class 'dataset' with 'id' and 'size'); "
            f"got class {doc.get('class')!r} with keys {sorted(doc)[:8]}."
        )
    ids = [str(i) for i in doc["id"]]
    sizes = [int(s) for s in doc.get("size", [])]
    if len(ids) != len(sizes):
        raise InvalidInput(
            f"JSON-stat 'id' has {len(ids)} dimensions but 'size' has {len(sizes)} entries."
        )
    roles = {
        str(dim_id): str(role)
        for role, dim_ids in (doc.get("role") or {}).items()
        for dim_id in dim_ids
    }
    dims = tuple(
        _parse_dimension(dim_id, doc.get("dimension", {}).get(dim_id), size, roles.get(dim_id))
        for dim_id, size in zip(ids, sizes, strict=True)
    )
    n = math.prod(sizes)
    values = _parse_values(doc.get("value"), n, require_values)
    notes = doc.get("note") or ()
    return Dataset(
        label=str(doc.get("label", "")),
        dimensions=dims,
        values=values,
        status=_parse_status(doc.get("status"), n),
        source=doc.get("source"),
        updated=doc.get("updated"),
        notes=tuple(str(x) for x in ([notes] if isinstance(notes, str) else notes)),
        extension=doc.get("extension") or {},
    )


def _parse_dimension(dim_id: str, raw: Any, size: int, role: str | None) -> Dimension:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("category"), Mapping):
        raise InvalidInput(f"JSON-stat dimension '{dim_id}' is missing or has no 'category'.")
    category = raw["category"]
    labels = {str(k): str(v) for k, v in (category.get("label") or {}).items()}
    index = category.get("index")
    if index is None:
        # the spec lets a one-category dimension leave out 'index'
        if len(labels) != 1:
            raise InvalidInput(
                f"JSON-stat dimension '{dim_id}' has no category index and {len(labels)} labels; "
                "only a dimension with exactly one category may leave out the index."
            )
        codes = tuple(labels)
    elif isinstance(index, Mapping):
        codes = tuple(str(c) for c, _ in sorted(index.items(), key=lambda kv: int(kv[1])))
        if sorted(int(p) for p in index.values()) != list(range(len(index))):
            raise InvalidInput(
                f"JSON-stat dimension '{dim_id}': category index positions must be "
                f"0..{len(index) - 1} once each; got {sorted(index.values())[:12]}."
            )
    else:
        codes = tuple(str(c) for c in index)
    if len(codes) != size:
        raise InvalidInput(
            f"JSON-stat dimension '{dim_id}' has {len(codes)} categories but 'size' says {size}."
        )
    ext = raw.get("extension") or {}
    return Dimension(
        id=dim_id,
        label=str(raw.get("label", dim_id)),
        codes=codes,
        labels=labels,
        role=role,
        elimination=bool(ext.get("elimination", False)),
        elimination_value_code=ext.get("eliminationValueCode"),
        codelists=tuple(str(c["id"]) for c in ext.get("codelists") or () if "id" in c),
    )


def _number(raw: Any, where: str) -> Value:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InvalidInput(f"JSON-stat value at {where} must be a number or null; got {raw!r}.")
    return float(raw)


def _parse_values(raw: Any, n: int, required: bool) -> tuple[Value, ...]:
    if raw is not None and not isinstance(raw, list | Mapping):
        raise InvalidInput(
            f"JSON-stat 'value' must be an array or an object; got {type(raw).__name__}."
        )
    if raw is None or len(raw) == 0:
        if required and n > 0:
            raise InvalidInput(f"JSON-stat dataset has no values; expected {n} cells.")
        return ()
    if isinstance(raw, Mapping):
        values: list[Value] = [None] * n
        for key, v in raw.items():
            i = int(key)
            if not 0 <= i < n:
                raise InvalidInput(f"JSON-stat sparse value index {key} is outside 0..{n - 1}.")
            values[i] = _number(v, f"index {key}")
        return tuple(values)
    if len(raw) != n:
        raise InvalidInput(
            f"JSON-stat 'value' has {len(raw)} entries but the sizes multiply to {n}."
        )
    return tuple(_number(v, f"index {i}") for i, v in enumerate(raw))


def _parse_status(raw: Any, n: int) -> dict[int, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return dict.fromkeys(range(n), raw)
    if isinstance(raw, Mapping):
        return {int(k): str(v) for k, v in raw.items() if v not in (None, "")}
    if len(raw) == 1 and n != 1:
        # an array of length one applies to every cell
        return dict.fromkeys(range(n), str(raw[0])) if raw[0] not in (None, "") else {}
    return {i: str(s) for i, s in enumerate(raw) if s not in (None, "")}


def merge_datasets(parts: Iterable[Dataset]) -> Dataset:
    """Join datasets cut from one cube along their categories back into one cube.

    Each dimension's categories become the union in order of first appearance; cells no
    part covers stay ``None``. Used to reassemble a request that was split to respect a
    server's cell limit.
    """
    parts = list(parts)
    if not parts:
        raise InvalidInput("merge_datasets needs at least one dataset; got none.")
    first = parts[0]
    if len(parts) == 1:
        return first
    for part in parts[1:]:
        if part.ids != first.ids:
            raise InvalidInput(
                f"Cannot merge datasets with different dimensions: {first.ids} and {part.ids}."
            )
    dims = []
    for k, dim in enumerate(first.dimensions):
        codes = list(dict.fromkeys(c for p in parts for c in p.dimensions[k].codes))
        labels = {c: lab for p in parts for c, lab in p.dimensions[k].labels.items()}
        dims.append(replace(dim, codes=tuple(codes), labels=labels))
    size = [len(d.codes) for d in dims]
    values: list[Value] = [None] * math.prod(size)
    status: dict[int, str] = {}
    strides = [math.prod(size[k + 1 :]) for k in range(len(size))]
    for part in parts:
        # each part's categories as offsets in the merged cube; a cell's index is their sum
        offsets = []
        for k, dim in enumerate(part.dimensions):
            where = {c: p for p, c in enumerate(dims[k].codes)}
            offsets.append([where[c] * strides[k] for c in dim.codes])
        cells = itertools.product(*offsets)
        for i, (combo, value) in enumerate(zip(cells, part.values, strict=True)):
            j = sum(combo)
            values[j] = value
            if i in part.status:
                status[j] = part.status[i]
    return Dataset(
        label=first.label,
        dimensions=tuple(dims),
        values=tuple(values),
        status=status,
        source=first.source,
        updated=first.updated,
        notes=first.notes,
        extension=first.extension,
    )
