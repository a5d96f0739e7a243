"""Rules of an index spec that span sections, checked once every section is parsed.

Ids are unique, every group and parent exists, the group tree has no cycle, each node
has members with some weight, output columns do not clash, and the lists in [outliers]
and [shrinkage] name real indicators.
"""

from __future__ import annotations

from kraftsamling.core.errors import SpecError
from kraftsamling.index.spec import NORMALISED_SUFFIX, RESERVED_COLUMNS, IndexSpec


def check_consistency(spec: IndexSpec) -> None:
    """Check the rules that span sections; raise SpecError naming the first broken one."""
    ind_ids = spec.indicator_ids
    grp_ids = tuple(g.id for g in spec.groups)
    _check_unique(ind_ids, "indicator id")
    _check_unique(grp_ids, "group id")
    both = set(ind_ids) & set(grp_ids)
    if both:
        raise SpecError(f"id {sorted(both)[0]!r} is used by both an indicator and a group.")
    for ind in spec.indicators:
        if ind.group is not None and ind.group not in grp_ids:
            raise SpecError(
                f"indicator {ind.id!r}: group {ind.group!r} does not exist; groups: "
                f"{', '.join(repr(g) for g in grp_ids) or '(none declared)'}."
            )
    for grp in spec.groups:
        if grp.parent is not None and grp.parent not in grp_ids:
            raise SpecError(
                f"group {grp.id!r}: parent {grp.parent!r} does not exist; groups: "
                f"{', '.join(repr(g) for g in grp_ids)}."
            )
    _check_cycles(spec)
    _check_nodes(spec)
    _check_outputs(spec)
    _check_references(spec)


def _check_unique(ids: tuple[str, ...], what: str) -> None:
    seen: set[str] = set()
    for x in ids:
        if x in seen:
            raise SpecError(f"{what} {x!r} is declared more than once; ids must be unique.")
        seen.add(x)


def _check_cycles(spec: IndexSpec) -> None:
    parent = {g.id: g.parent for g in spec.groups}
    for start in parent:
        path = [start]
        node = parent[start]
        while node is not None:
            if node in path:
                cycle = " -> ".join([*path[path.index(node) :], node])
                raise SpecError(f"groups form a cycle: {cycle}; parents must lead to the root.")
            path.append(node)
            node = parent[node]


def _check_nodes(spec: IndexSpec) -> None:
    """Every node has members, and its members' weights are not all zero."""
    for node in [None, *(g.id for g in spec.groups)]:
        inds, grps = spec.children(node)
        label = "the root [aggregate]" if node is None else f"group {node!r}"
        weights = [spec.indicators[i].weight for i in inds] + [g.weight for g in grps]
        if not weights:
            raise SpecError(f"{label} has no members (no indicator or group points to it).")
        if all(w == 0 for w in weights):
            raise SpecError(
                f"{label}: the weights of its members are all zero; at least one must be > 0."
            )
    for grp in spec.groups:
        if grp.pass_up == "normalised" and grp.renormalise.method == "none":
            raise SpecError(
                f"group {grp.id!r}: pass_up 'normalised' needs a renormalise method "
                "other than 'none'."
            )


def _check_outputs(spec: IndexSpec) -> None:
    names = [spec.id_column, *RESERVED_COLUMNS]
    for grp in spec.groups:
        names += [f"{grp.id}_score", f"{grp.id}_percentile"]
    for ind in spec.indicators:
        name = f"{ind.id}_{NORMALISED_SUFFIX[ind.normalise.method]}"
        if name in names:
            raise SpecError(f"indicator column {name!r} clashes with another output column.")
        names.append(name)
    flags = [ind.flag for ind in spec.indicators if ind.flag]
    flags += [g.flag for g in spec.groups if g.flag]
    if spec.flags is not None and spec.flags.total:
        flags.append(spec.flags.total)
    for name in flags:
        if name in names:
            raise SpecError(f"flag column {name!r} clashes with another output column; rename it.")
        names.append(name)
    if flags and spec.flags is None:
        raise SpecError("flag columns are declared but the [flags] table (threshold) is missing.")


def _check_references(spec: IndexSpec) -> None:
    ind_ids = spec.indicator_ids
    if spec.outliers.indicators is not None:
        for x in spec.outliers.indicators:
            if x not in ind_ids:
                raise SpecError(
                    f"[outliers]: indicators lists {x!r}, which is not an indicator; "
                    f"indicators: {', '.join(ind_ids)}."
                )
    if spec.shrinkage is not None:
        for x in spec.shrinkage.indicators:
            if x not in ind_ids:
                raise SpecError(
                    f"[shrinkage]: indicators lists {x!r}, which is not an indicator; "
                    f"indicators: {', '.join(ind_ids)}."
                )
            ind = spec.indicator(x)
            if not ind.numerator_column or not ind.denominator_column:
                raise SpecError(
                    f"indicator {x!r}: shrinkage needs numerator_column and denominator_column."
                )
    if spec.classify.method == "top_k" and spec.classify.top_k < 1:
        raise SpecError("[classify]: method 'top_k' needs k, a positive integer.")
