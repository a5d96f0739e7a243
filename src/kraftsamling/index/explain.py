"""The method of a spec in plain words, Swedish first (``lang="sv"``) or English.

Used by ``kraftsamling index explain`` and the web pages: anyone affected by the index
should be able to read how it is built without reading TOML.
"""

from __future__ import annotations

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.spec import GroupSpec, IndexSpec, IndicatorSpec, NormaliseSpec

_T: dict[str, dict[str, str]] = {
    "sv": {
        "_dec": ",",
        "source": "Metodkälla",
        "indicators": "Indikatorer",
        "worse": "högre värde = mer utsatt",
        "better": "högre värde = mindre utsatt (vänds innan normalisering)",
        "weight": "vikt",
        "in_group": "i gruppen",
        "at_root": "direkt i indexet",
        "column": "kolumn",
        "universe": "Vilka områden rangordnas",
        "all_rows": "Alla rader i indata rangordnas.",
        "pop": "Områden med {col} under {min} rangordnas inte (de får tomma resultat).",
        "sentinel": "Värdena {vals} betyder saknat värde.",
        "share": "Områden där mindre än {share} % av indikatorerna har värde rangordnas inte.",
        "missing": "Saknade värden",
        "propagate": "Ett saknat värde ger ett saknat normaliserat värde, och en grupp med "
        "någon saknad medlem blir saknad.",
        "available": "En grupp beräknas på de medlemmar som har värden; deras vikter skalas om "
        "så att de summerar som alla medlemmars vikter.",
        "impute_none": "Saknade värden fylls inte i.",
        "impute_mean": "Saknade värden fylls i med indikatorns medelvärde bland de rangordnade "
        "områdena.",
        "impute_median": "Saknade värden fylls i med indikatorns median bland de rangordnade "
        "områdena.",
        "impute_group_mean": "Ett saknat värde fylls i med medelvärdet av samma områdes övriga "
        "indikatorer i samma grupp (efter min-max-skalning), som i COINr.",
        "outliers": "Extremvärden",
        "out_none": "Ingen behandling av extremvärden.",
        "out_winsorise": "Värden under {lo}- och över {hi}-kvantilen ersätts med kvantilens "
        "värde (winsorisering).",
        "out_coinr": "COINr:s regel: har en indikator |skevhet| > {s} och kurtosis > {k} "
        "winsoriseras upp till {n} extrema värden ett i taget; räcker det inte "
        "logaritmeras indikatorn i stället.",
        "normalise": "Normalisering",
        "aggregation": "Sammanvägning",
        "root": "Indexets poäng (score)",
        "of": "av",
        "passes_score": "vidare uppåt går gruppens poäng",
        "passes_norm": "vidare uppåt går gruppens normaliserade värde",
        "then": "därefter",
        "percentile": "kolumnen {col}",
        "rank": "Rang 1 = mest utsatt (högst poäng); lika poäng får samma, lägsta, rang.",
        "rank_better": "Rang 1 = mest utsatt (lägst poäng); lika poäng får samma, lägsta, rang.",
        "classify": "Klassindelning",
        "cls_none": "Ingen klassindelning.",
        "cls_quantile": "{n} lika stora klasser efter rang: klass = ceil(rang × {n} / N), "
        "klass 1 = mest utsatta.",
        "cls_cutoffs": "Fasta gränser {breaks} på {on}.",
        "cls_sd": "Gränser vid medelvärdet {k} standardavvikelser av {on}.",
        "cls_top_k": "De {k} mest utsatta områdena får klass 1, övriga 0.",
        "labels": "klassnamn {labels}",
        "rounding": "Avrundning",
        "round_none": "Ingen avrundning.",
        "round": "{stage}: {d} decimaler ({mode})",
        "flags": "Flaggor",
        "flag": "En indikator flaggas när dess normaliserade värde är minst {t}.",
        "flag_total": "Kolumnen {col} räknar alla flaggor.",
        "shrink": "Krympning mot överordnat område",
        "shrink_text": "Andelarna för {inds} krymps mot området {col} (empirisk Bayes, som i "
        "English Indices of Deprivation 2019, bilaga D).",
    },
    "en": {
        "_dec": ".",
        "source": "Method source",
        "indicators": "Indicators",
        "worse": "higher value = more vulnerable",
        "better": "higher value = less vulnerable (mirrored before normalising)",
        "weight": "weight",
        "in_group": "in group",
        "at_root": "directly in the index",
        "column": "column",
        "universe": "Which areas are ranked",
        "all_rows": "Every input row is ranked.",
        "pop": "Areas with {col} below {min} are not ranked (their results are empty).",
        "sentinel": "The values {vals} mean a missing value.",
        "share": "Areas with values for fewer than {share} % of the indicators are not ranked.",
        "missing": "Missing values",
        "propagate": "A missing value gives a missing normalised value, and a group with any "
        "missing member is missing.",
        "available": "A group is computed from the members that have values; their weights are "
        "rescaled to sum like all members' weights.",
        "impute_none": "Missing values are not filled in.",
        "impute_mean": "Missing values are filled with the indicator's mean over ranked areas.",
        "impute_median": "Missing values are filled with the indicator's median over ranked areas.",
        "impute_group_mean": "A missing value is filled with the mean of the same area's other "
        "indicators in the same group (after min-max scaling), as in COINr.",
        "outliers": "Outliers",
        "out_none": "No outlier treatment.",
        "out_winsorise": "Values below the {lo} and above the {hi} quantile are replaced by "
        "the quantile (winsorisation).",
        "out_coinr": "COINr's rule: an indicator with |skew| > {s} and kurtosis > {k} is "
        "winsorised one extreme value at a time, up to {n}; if that is not enough it is "
        "log-transformed instead.",
        "normalise": "Normalisation",
        "aggregation": "Aggregation",
        "root": "The index score (score)",
        "of": "of",
        "passes_score": "passes its score upward",
        "passes_norm": "passes its normalised value upward",
        "then": "then",
        "percentile": "column {col}",
        "rank": "Rank 1 = most vulnerable (highest score); tied scores share the lowest rank.",
        "rank_better": "Rank 1 = most vulnerable (lowest score); tied scores share the lowest "
        "rank.",
        "classify": "Classification",
        "cls_none": "No classification.",
        "cls_quantile": "{n} equal classes by rank: class = ceil(rank × {n} / N), class 1 = most "
        "vulnerable.",
        "cls_cutoffs": "Fixed breaks {breaks} on the {on}.",
        "cls_sd": "Breaks at the mean {k} standard deviations of the {on}.",
        "cls_top_k": "The {k} most vulnerable areas get class 1, the others 0.",
        "labels": "class labels {labels}",
        "rounding": "Rounding",
        "round_none": "No rounding.",
        "round": "{stage}: {d} decimals ({mode})",
        "flags": "Flags",
        "flag": "An indicator is flagged when its normalised value is at least {t}.",
        "flag_total": "Column {col} counts all flags.",
        "shrink": "Shrinkage toward the parent area",
        "shrink_text": "The rates of {inds} are shrunk toward the area in {col} (empirical "
        "Bayes, as in the English Indices of Deprivation 2019, Appendix D).",
    },
}

_NORM: dict[str, dict[str, str]] = {
    "sv": {
        "percentile_rank": "percentilrang ({formula}, lika värden: {ties})",
        "rank": "rang (1 = lägst, lika värden: {ties})",
        "zscore": "z-värde (avvikelse från medelvärdet i standardavvikelser)",
        "minmax": "min-max-skalning till [{lower}, {upper}]",
        "distance_to_reference": "avstånd till referensen {reference} ({reference_kind})",
        "exponential_rank": "exponentialtransformerad rang som i English Indices of "
        "Deprivation: X = -{c}·ln(1 - R·(1 - e^(-100/{c}))), R = rang/N",
        "none": "ingen (värdena används som de är)",
    },
    "en": {
        "percentile_rank": "percentile rank ({formula}, ties: {ties})",
        "rank": "rank (1 = lowest, ties: {ties})",
        "zscore": "z-score (distance from the mean in standard deviations)",
        "minmax": "min-max scaling to [{lower}, {upper}]",
        "distance_to_reference": "distance to the reference {reference} ({reference_kind})",
        "exponential_rank": "exponentially transformed rank as in the English Indices of "
        "Deprivation: X = -{c}·ln(1 - R·(1 - e^(-100/{c}))), R = rank/N",
        "none": "none (values used as they are)",
    },
}

_AGG = {
    "sv": {"sum": "summan", "arithmetic": "det vägda medelvärdet", "geometric": "det vägda "
           "geometriska medelvärdet"},
    "en": {"sum": "the sum", "arithmetic": "the weighted mean", "geometric": "the weighted "
           "geometric mean"},
}  # fmt: skip


def explain(spec: IndexSpec, lang: str = "sv") -> str:
    """Describe ``spec``'s method in plain words.

    Parameters
    ----------
    spec : IndexSpec
    lang : {"sv", "en"}

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"}, "indicator": [{"id": "a"}]})
    >>> "percentile rank" in explain(spec, lang="en")
    True
    """
    if lang not in _T:
        raise InvalidInput(f"lang must be 'sv' or 'en'; got {lang!r}.")
    t = _T[lang]
    lines = [f"{spec.name or spec.id} ({spec.id})"]
    if spec.description:
        lines.append(spec.description)
    if spec.source:
        lines.append(f"{t['source']}: {spec.source}")
    lines += ["", f"{t['indicators']} ({len(spec.indicators)}):"]
    lines += [f"- {_indicator(spec, ind, lang)}" for ind in spec.indicators]
    lines += ["", f"{t['universe']}:", *_universe(spec, t)]
    lines += [
        "",
        f"{t['missing']}:",
        t[spec.universe.missing_policy],
        t[f"impute_{spec.impute.method}"],
    ]
    lines += ["", f"{t['outliers']}:", _outliers(spec, t)]
    lines += ["", f"{t['normalise']}:", *_normalisation(spec, lang)]
    lines += ["", f"{t['aggregation']}:", *_tree(spec, lang)]
    lines += ["", f"{t['classify']}:", _classify(spec, t)]
    lines += ["", f"{t['rounding']}:", *_rounding(spec, t)]
    if spec.flags is not None:
        lines += ["", f"{t['flags']}:", t["flag"].format(t=_g(spec.flags.threshold, t))]
        if spec.flags.total:
            lines.append(t["flag_total"].format(col=spec.flags.total))
    if spec.shrinkage is not None:
        inds = ", ".join(spec.shrinkage.indicators)
        text = t["shrink_text"].format(inds=inds, col=spec.shrinkage.parent_column)
        lines += ["", f"{t['shrink']}:", text]
    return "\n".join(lines) + "\n"


def _g(value: float | str, t: dict[str, str]) -> str:
    """A number in the language's decimal style (0,9 in Swedish)."""
    text = value if isinstance(value, str) else f"{value:g}"
    return text.replace(".", t["_dec"])


def _name(obj: IndicatorSpec | GroupSpec, lang: str) -> str:
    label = (obj.name_sv or obj.name) if lang == "sv" else (obj.name or obj.name_sv)
    return f"{obj.id} \u201c{label}\u201d" if label else obj.id


def _indicator(spec: IndexSpec, ind: IndicatorSpec, lang: str) -> str:
    t = _T[lang]
    where = f"{t['in_group']} {ind.group}" if ind.group else t["at_root"]
    direction = t["worse"] if ind.direction == "higher_is_worse" else t["better"]
    unit = f", {ind.unit}" if ind.unit else ""
    return (
        f"{_name(ind, lang)} ({t['column']} {ind.column}{unit}): {direction}, "
        f"{t['weight']} {_g(ind.weight, t)}, {where}."
    )


def _universe(spec: IndexSpec, t: dict[str, str]) -> list[str]:
    u = spec.universe
    out = []
    if u.population_column:
        out.append(t["pop"].format(col=u.population_column, min=_g(u.min_population, t)))
    if u.missing_values:
        out.append(t["sentinel"].format(vals=", ".join(_g(v, t) for v in u.missing_values)))
    if u.min_share_present > 0:
        out.append(t["share"].format(share=_g(u.min_share_present * 100, t)))
    return out or [t["all_rows"]]


def _outliers(spec: IndexSpec, t: dict[str, str]) -> str:
    o = spec.outliers
    if o.method == "winsorise":
        return t["out_winsorise"].format(lo=_g(o.lower_quantile, t), hi=_g(o.upper_quantile, t))
    if o.method == "coinr":
        return t["out_coinr"].format(
            s=_g(o.skew_threshold, t), k=_g(o.kurtosis_threshold, t), n=o.max_winsorised
        )
    return t["out_none"]


def _norm_text(n: NormaliseSpec, lang: str) -> str:
    t = _T[lang]
    ref = n.reference if isinstance(n.reference, str) else _g(n.reference, t)
    return _NORM[lang][n.method].format(
        formula=n.formula, ties=n.ties, lower=_g(n.lower, t), upper=_g(n.upper, t),
        reference=ref, reference_kind=n.reference_kind, c=_g(n.exponential_constant, t),
    )  # fmt: skip


def _normalisation(spec: IndexSpec, lang: str) -> list[str]:
    common = _norm_text(spec.normalise, lang)
    out = [common[0].upper() + common[1:] + "."]
    for ind in spec.indicators:
        if ind.normalise != spec.normalise:
            out.append(f"- {ind.id}: {_norm_text(ind.normalise, lang)}.")
    return out


def _members(spec: IndexSpec, node: str | None, t: dict[str, str]) -> str:
    inds, grps = spec.children(node)
    parts = [f"{spec.indicators[i].id} ({_g(spec.indicators[i].weight, t)})" for i in inds]
    parts += [f"{g.id} ({_g(g.weight, t)})" for g in grps]
    return ", ".join(parts)


def _tree(spec: IndexSpec, lang: str) -> list[str]:
    t, agg = _T[lang], _AGG[lang]
    out = []
    for grp in spec.group_order():
        passes = t["passes_score"] if grp.pass_up == "score" else t["passes_norm"]
        renorm = _norm_text(grp.renormalise, lang)
        pct = t["percentile"].format(col=f"{grp.id}_percentile")
        out.append(
            f"- {_name(grp, lang)}: {agg[grp.aggregation]} {t['of']} {_members(spec, grp.id, t)}; "
            f"{t['then']} {renorm} -> {pct}; {passes}."
        )
    root_renorm = _norm_text(spec.aggregate.renormalise, lang)
    out.append(
        f"- {t['root']}: {agg[spec.aggregate.aggregation]} {t['of']} {_members(spec, None, t)}; "
        f"{t['then']} {root_renorm} -> {t['percentile'].format(col='percentile')}."
    )
    out.append(t["rank"] if spec.direction == "higher_is_worse" else t["rank_better"])
    return out


def _classify(spec: IndexSpec, t: dict[str, str]) -> str:
    c = spec.classify
    on = c.on
    if c.method == "quantile":
        text = t["cls_quantile"].format(n=c.n)
    elif c.method == "cutoffs":
        text = t["cls_cutoffs"].format(breaks="; ".join(_g(b, t) for b in c.breaks), on=on)
    elif c.method == "sd":
        text = t["cls_sd"].format(
            k="; ".join(("+" if k >= 0 else "") + _g(k, t) for k in c.sd_k), on=on
        )
    elif c.method == "top_k":
        text = t["cls_top_k"].format(k=c.top_k)
    else:
        return t["cls_none"]
    if c.labels:
        text += " (" + t["labels"].format(labels="; ".join(_g(v, t) for v in c.labels)) + ")"
    return text


def _rounding(spec: IndexSpec, t: dict[str, str]) -> list[str]:
    if not spec.rounding:
        return [t["round_none"]]
    return [
        "- " + t["round"].format(stage=r.stage, d=r.decimals, mode=r.mode) for r in spec.rounding
    ]
