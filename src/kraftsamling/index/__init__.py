"""The composite-index engine: a TOML spec declares the pipeline, numpy runs it.

    from kraftsamling.index import CompositeIndex, load_spec
    spec = load_spec("src/kraftsamling/index/specs/svi2020.toml")
    result = CompositeIndex(spec).fit(frame).result_

See ``docs/index-spec.md`` for the spec format and the method sources.
"""

from kraftsamling.index.aggregate import effective_weights, is_linear, linear_reason
from kraftsamling.index.diagnostics import Diagnostics, diagnose
from kraftsamling.index.engine import CompositeIndex, run
from kraftsamling.index.explain import explain
from kraftsamling.index.pipeline import (
    Inputs,
    Prepared,
    aggregate_tree,
    prepare,
    read_inputs,
    vulnerability_rank,
)
from kraftsamling.index.result import Comparison, IndexResult, compare
from kraftsamling.index.sensitivity import SobolResult, leave_one_out, sobol_indices
from kraftsamling.index.spec import IndexSpec, load_spec, parse_spec
from kraftsamling.index.uncertainty import MonteCarlo

__all__ = [
    "Comparison",
    "CompositeIndex",
    "Diagnostics",
    "IndexResult",
    "IndexSpec",
    "Inputs",
    "MonteCarlo",
    "Prepared",
    "SobolResult",
    "aggregate_tree",
    "compare",
    "diagnose",
    "effective_weights",
    "explain",
    "is_linear",
    "leave_one_out",
    "linear_reason",
    "load_spec",
    "parse_spec",
    "prepare",
    "read_inputs",
    "run",
    "sobol_indices",
    "vulnerability_rank",
]
