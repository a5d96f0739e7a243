"""Selections for PxWebApi 2.0 data requests: made explicit, counted, split, serialised.

Pure functions over a table's metadata; no I/O. The request body shape is the
``VariablesSelection`` schema of the PxWebApi 2.0 specification (PxTools/PxApiSpecs).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.sources.jsonstat import Dataset

ALL = "*"

Selection = Mapping[str, Sequence[str]]


def resolve_selection(
    meta: Dataset, selection: Selection | None, codelists: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """Make a selection explicit against a table's metadata, in the table's variable order.

    ``"*"`` becomes every value code; a variable that cannot be eliminated and is not
    selected gets every value code; an eliminable variable that is not selected is left out
    (the server then eliminates it). Codes are checked against the metadata unless the
    variable uses a codelist, whose codes the metadata does not list.
    """
    selection = dict(selection or {})
    codelists = dict(codelists or {})
    unknown = [v for v in [*selection, *codelists] if v not in meta.ids]
    if unknown:
        raise InvalidInput(
            f"Unknown variable(s) {', '.join(sorted(set(unknown)))} for this table; "
            f"it has: {', '.join(meta.ids)}."
        )
    out: dict[str, list[str]] = {}
    for dim in meta.dimensions:
        codes = [str(c) for c in selection.get(dim.id, [])]
        if dim.id not in selection:
            if dim.elimination:
                continue
            codes = [ALL]
        if not codes:
            raise InvalidInput(f"Selection for '{dim.id}' is empty; give at least one code.")
        if ALL in codes:
            if dim.id in codelists:
                raise InvalidInput(
                    f"'*' cannot be counted for '{dim.id}' with codelist {codelists[dim.id]}; "
                    "list the codes of the codelist instead."
                )
            codes = list(dim.codes)
        elif dim.id not in codelists:
            for code in codes:
                dim.position(code)  # raises InvalidInput naming the valid codes
        out[dim.id] = list(dict.fromkeys(codes))
    return out


def count_cells(selection: Mapping[str, Sequence[str]]) -> int:
    """Number of cells a resolved selection asks for (eliminated variables count 1)."""
    return math.prod(len(codes) for codes in selection.values())


def split_selection(
    selection: Mapping[str, Sequence[str]], max_cells: int
) -> list[dict[str, list[str]]]:
    """Split a resolved selection into parts of at most ``max_cells`` cells each.

    The variable with the most codes is cut into chunks as large as the limit allows; if
    even one of its codes is too many cells, each chunk is split again the same way.

    Examples
    --------
    >>> parts = split_selection({"Region": list("abcdef"), "Tid": ["2023", "2024"]}, 5)
    >>> [p["Region"] for p in parts]
    [['a', 'b'], ['c', 'd'], ['e', 'f']]
    """
    if max_cells < 1:
        raise InvalidInput(f"max_cells must be at least 1; got {max_cells}.")
    sel = {k: list(v) for k, v in selection.items()}
    total = count_cells(sel)
    if total <= max_cells:
        return [sel]
    widest = max(sel, key=lambda k: len(sel[k]))
    codes = sel[widest]
    chunk = max(1, max_cells // (total // len(codes)))
    parts: list[dict[str, list[str]]] = []
    for start in range(0, len(codes), chunk):
        parts.extend(split_selection({**sel, widest: codes[start : start + chunk]}, max_cells))
    return parts


def selection_body(
    selection: Mapping[str, Sequence[str]], codelists: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The JSON body of ``POST /tables/{id}/data`` for a resolved selection."""
    items = []
    for variable, codes in selection.items():
        item: dict[str, Any] = {"variableCode": variable, "valueCodes": list(codes)}
        if codelists and variable in codelists:
            item["codeList"] = codelists[variable]
        items.append(item)
    return {"selection": items}
