"""The spec parser: defaults, merging, round trip, hash, and every message people act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kraftsamling.core.errors import NotFound, SpecError
from kraftsamling.index.spec import IndexSpec, NormaliseSpec, load_spec, parse_spec


def base(**extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "index": {"id": "demo", "id_column": "area"},
        "indicator": [
            {"id": "a", "group": "g1"},
            {"id": "b", "group": "g1", "weight": 2.0},
            {"id": "c", "group": "g2"},
        ],
        "group": [{"id": "g1"}, {"id": "g2"}],
    }
    spec.update(extra)
    return spec


def error(spec: dict[str, Any]) -> str:
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    return str(info.value)


def test_minimal_spec_gets_documented_defaults() -> None:
    spec = parse_spec({"index": {"id": "x", "id_column": "id"}, "indicator": [{"id": "a"}]})
    ind = spec.indicators[0]
    assert ind.column == "a"  # column defaults to the id
    assert (ind.direction, ind.weight, ind.group) == ("higher_is_worse", 1.0, None)
    assert ind.normalise == NormaliseSpec("percentile_rank", "min", "(r-1)/(N-1)")
    assert spec.universe.missing_policy == "propagate"
    assert (spec.impute.method, spec.outliers.method, spec.classify.method) == ("none",) * 3
    assert spec.aggregate.aggregation == "sum"
    assert spec.flags is None and spec.shrinkage is None


def test_indicator_normalise_table_overrides_only_the_keys_it_names() -> None:
    spec = parse_spec(
        base(
            normalise={"method": "rank", "ties": "average"},
            indicator=[
                {"id": "a", "normalise": {"method": "percentile_rank", "formula": "r/N"}},
                {"id": "b"},
            ],
            group=[],
        )
    )
    a, b = spec.indicators
    assert (a.normalise.method, a.normalise.ties, a.normalise.formula) == (
        "percentile_rank",
        "average",  # inherited from [normalise]
        "r/N",
    )
    assert (b.normalise.method, b.normalise.ties) == ("rank", "average")


def test_direction_error_names_indicator_allowed_values_and_value() -> None:
    spec = base(indicator=[{"id": "EP_POV150", "direction": "up"}], group=[])
    assert error(spec) == (
        "indicator 'EP_POV150': direction must be one of 'higher_is_worse', "
        "'higher_is_better'; got 'up'."
    )


def test_unknown_key_is_rejected_with_the_allowed_keys() -> None:
    msg = error(base(indicator=[{"id": "a", "wieght": 2}], group=[]))
    assert msg.startswith("indicator 'a': unknown key 'wieght'; allowed keys are 'id', 'column'")
    assert "'weight'" in msg


def test_unknown_top_level_table() -> None:
    assert "unknown key 'indicators'" in error({**base(), "indicators": []})


def test_missing_index_table_and_id_column() -> None:
    assert error({"indicator": [{"id": "a"}]}) == (
        "the spec: the [index] table is required but missing."
    )
    assert error({"index": {"id": "x"}, "indicator": [{"id": "a"}]}) == (
        "[index]: key 'id_column' is required but missing."
    )


def test_index_id_pattern() -> None:
    msg = error(base(index={"id": "SVI-2020", "id_column": "FIPS"}))
    assert msg == "[index]: id must match [a-z0-9_]+; got 'SVI-2020'."


def test_no_indicators() -> None:
    assert "at least one is required" in error({"index": {"id": "x", "id_column": "id"}})


def test_group_must_exist_and_message_lists_groups() -> None:
    spec = base()
    spec["indicator"][0]["group"] = "theme9"
    assert error(spec) == "indicator 'a': group 'theme9' does not exist; groups: 'g1', 'g2'."


def test_parent_must_exist() -> None:
    spec = base(group=[{"id": "g1", "parent": "nowhere"}, {"id": "g2"}])
    assert error(spec) == "group 'g1': parent 'nowhere' does not exist; groups: 'g1', 'g2'."


def test_cycle_is_reported_with_its_path() -> None:
    spec = base(group=[{"id": "g1", "parent": "g2"}, {"id": "g2", "parent": "g1"}])
    msg = error(spec)
    assert msg.startswith("groups form a cycle: ")
    assert "g1 -> g2 -> g1" in msg or "g2 -> g1 -> g2" in msg


def test_self_parent_is_a_cycle() -> None:
    spec = base(group=[{"id": "g1", "parent": "g1"}, {"id": "g2"}])
    assert error(spec) == "groups form a cycle: g1 -> g1; parents must lead to the root."


def test_duplicate_ids() -> None:
    spec = base()
    spec["indicator"].append({"id": "a"})
    assert error(spec) == "indicator id 'a' is declared more than once; ids must be unique."
    assert "used by both an indicator and a group" in error(
        base(group=[{"id": "g1"}, {"id": "g2"}, {"id": "a"}])
    )


def test_negative_weight_and_all_zero_weights() -> None:
    spec = base()
    spec["indicator"][1]["weight"] = -1
    assert error(spec) == "indicator 'b': weight must be >= 0; got -1."
    spec = base()
    spec["indicator"][0]["weight"] = 0
    spec["indicator"][1]["weight"] = 0
    assert error(spec) == (
        "group 'g1': the weights of its members are all zero; at least one must be > 0."
    )


def test_weight_must_be_a_number_not_a_string_or_bool() -> None:
    spec = base()
    spec["indicator"][0]["weight"] = "1"
    assert error(spec) == "indicator 'a': weight must be a number; got '1'."
    spec["indicator"][0]["weight"] = True
    assert error(spec) == "indicator 'a': weight must be a number; got True."


def test_group_without_members() -> None:
    spec = base(group=[{"id": "g1"}, {"id": "g2"}, {"id": "empty"}])
    assert error(spec) == "group 'empty' has no members (no indicator or group points to it)."


def test_normalise_method_and_formula_messages() -> None:
    msg = error(base(normalise={"method": "percentile"}))
    assert msg.startswith("[normalise]: method must be one of 'zscore', 'minmax', 'rank'")
    assert msg.endswith("got 'percentile'.")
    assert error(base(normalise={"formula": "r/(N+1)"})) == (
        "[normalise]: formula must be one of '(r-1)/(N-1)', 'r/N'; got 'r/(N+1)'."
    )
    assert error(base(normalise={"reference": "median"})) == (
        "[normalise]: reference must be a number or one of 'max', 'min', 'mean'; got 'median'."
    )


def test_group_renormalise_is_validated_with_its_location() -> None:
    spec = base(group=[{"id": "g1", "renormalise": {"ties": "first"}}, {"id": "g2"}])
    assert error(spec) == (
        "group 'g1' renormalise: ties must be one of 'min', 'average', 'max'; got 'first'."
    )


def test_pass_up_normalised_needs_a_renormalise_method() -> None:
    spec = base(
        group=[
            {"id": "g1", "pass_up": "normalised", "renormalise": {"method": "none"}},
            {"id": "g2"},
        ]
    )
    assert "pass_up 'normalised' needs a renormalise method" in error(spec)


def test_rounding_entries() -> None:
    assert error(base(rounding=[{"stage": "theme", "decimals": 4}])).startswith(
        "[[rounding]] #1: stage must be one of 'normalised', 'group_score'"
    )
    assert error(base(rounding=[{"stage": "score"}])) == (
        "[[rounding]] #1: key 'decimals' is required but missing."
    )
    assert error(base(rounding=[{"stage": "score", "decimals": -1}])) == (
        "[[rounding]] #1: decimals must be an integer >= 0; got -1."
    )


def test_flag_columns_need_the_flags_table_and_unique_names() -> None:
    spec = base()
    spec["indicator"][0]["flag"] = "F_A"
    assert "the [flags] table (threshold) is missing" in error(spec)
    spec["flags"] = {"threshold": 0.9}
    spec["indicator"][1]["flag"] = "score"
    assert error(spec) == "flag column 'score' clashes with another output column; rename it."


def test_classify_checks() -> None:
    assert "needs breaks" in error(base(classify={"method": "cutoffs"}))
    assert error(base(classify={"method": "cutoffs", "breaks": [2, 1]})) == (
        "[classify]: breaks must be strictly increasing; got [2.0, 1.0]."
    )
    assert error(base(classify={"method": "sd", "k": [-1, 1], "labels": [1, 2]})) == (
        "[classify]: labels must have one more entry than the 2 boundaries "
        "(one label per class); got 2 labels."
    )
    assert error(base(classify={"method": "top_k"})) == (
        "[classify]: k must be an integer >= 1; got 0."
    )
    spec = parse_spec(base(classify={"method": "top_k", "k": 20}))
    assert spec.classify.top_k == 20


def test_shrinkage_needs_numerator_and_denominator() -> None:
    spec = base(shrinkage={"parent_column": "district", "indicators": ["a"]})
    assert error(spec) == (
        "indicator 'a': shrinkage needs numerator_column and denominator_column."
    )
    assert "which is not an indicator" in error(
        base(shrinkage={"parent_column": "d", "indicators": ["zz"]})
    )


def test_outlier_quantiles_and_subset() -> None:
    assert "lower_quantile must be below upper_quantile" in error(
        base(outliers={"method": "winsorise", "lower_quantile": 0.5, "upper_quantile": 0.5})
    )
    assert error(base(outliers={"method": "coinr", "indicators": ["q"]})).startswith(
        "[outliers]: indicators lists 'q', which is not an indicator"
    )


def test_to_dict_round_trips_and_hash_is_stable() -> None:
    raw = base(
        universe={"population_column": "pop", "missing_values": [-999]},
        rounding=[{"stage": "normalised", "decimals": 4}],
        flags={"threshold": 0.9, "total": "F_TOTAL"},
        classify={"method": "sd", "k": [-1.0, 1.0], "labels": [3, 2, 1]},
    )
    spec = parse_spec(raw)
    again = parse_spec(spec.to_dict())
    assert again == spec
    assert again.spec_hash == spec.spec_hash
    reordered = dict(reversed(list(raw.items())))
    assert parse_spec(reordered).spec_hash == spec.spec_hash
    changed = base()
    changed["indicator"][1]["weight"] = 3.0
    assert parse_spec(changed).spec_hash != parse_spec(base()).spec_hash


def test_tree_helpers() -> None:
    spec = parse_spec(
        base(
            indicator=[{"id": "a", "group": "leaf"}, {"id": "b", "group": "mid"}, {"id": "c"}],
            group=[{"id": "mid"}, {"id": "leaf", "parent": "mid"}],
        )
    )
    assert [g.id for g in spec.group_order()] == ["leaf", "mid"]  # children first
    assert spec.children(None)[0] == [2]
    assert [g.id for g in spec.children("mid")[1]] == ["leaf"]
    assert spec.required_columns() == ("area", "a", "b", "c")
    with pytest.raises(NotFound, match="no indicator 'zz'; indicators: a, b, c"):
        spec.indicator("zz")


def test_load_spec_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "svi.toml"
    path.write_text(
        """
[index]
id = "mini"
id_column = "FIPS"

[universe]
population_column = "E_TOTPOP"
missing_values = [-999]

[[indicator]]
id = "EP_POV150"
group = "theme1"
flag = "F_POV150"

[[group]]
id = "theme1"
renormalise = { method = "percentile_rank", ties = "min", formula = "(r-1)/(N-1)" }

[flags]
threshold = 0.90
""",
        encoding="utf-8",
    )
    spec = load_spec(path)
    assert isinstance(spec, IndexSpec)
    assert spec.universe.missing_values == (-999.0,)
    assert spec.indicators[0].flag == "F_POV150"


def test_load_spec_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        load_spec(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[index\nid = 1", encoding="utf-8")
    with pytest.raises(SpecError, match=r"bad\.toml' is not valid TOML"):
        load_spec(bad)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[index]\nid = "x"\nid_column = "a"\n[[indicator]]\nid = "a"\nweight = -2\n')
    with pytest.raises(SpecError) as info:
        load_spec(wrong)
    assert str(info.value).endswith("wrong.toml': indicator 'a': weight must be >= 0; got -2.")
