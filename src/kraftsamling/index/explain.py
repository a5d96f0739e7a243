"""The method of a spec in plain words, Swedish first (``lang="sv"``) or English.

Used by ``kraftsamling index explain`` and the web pages: anyone affected by the index
should be able to read how it is built without reading TOML. The Swedish text names indicators
and themes by their Swedish names and the spec's settings in Swedish words; the ids and column
names appear only in the list of indicators, which says which column each one reads.
"""

from __future__ import annotations

from collections.abc import Mapping

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
        "in_group": "i temat",
        "at_root": "direkt i indexet",
        "column": "kolumn",
        "universe": "Vilka områden rangordnas",
        "all_rows": "Alla rader i indata rangordnas.",
        "pop": "Områden med en folkmängd under {min} rangordnas inte (de får tomma resultat).",
        "sentinel": "Värdena {vals} betyder saknat värde.",
        "share": "Områden där mindre än {share} % av indikatorerna har värde rangordnas inte.",
        "missing": "Saknade värden",
        "propagate": "Ett saknat värde ger ett saknat normaliserat värde, och ett tema där "
        "någon del saknas blir saknat.",
        "available": "Ett tema beräknas av de delar som har värden; deras vikter skalas om så "
        "att de summerar som alla delarnas vikter.",
        "impute_none": "Saknade värden fylls inte i.",
        "impute_mean": "Saknade värden fylls i med indikatorns medelvärde bland de rangordnade "
        "områdena.",
        "impute_median": "Saknade värden fylls i med indikatorns median bland de rangordnade "
        "områdena.",
        "impute_group_mean": "Ett saknat värde fylls i med medelvärdet av samma områdes övriga "
        "indikatorer i samma tema (efter min-max-skalning), som i COINr.",
        "outliers": "Extremvärden",
        "out_none": "Ingen behandling av extremvärden.",
        "out_winsorise": "Värden under {lo}- och över {hi}-kvantilen ersätts med kvantilens "
        "värde (winsorisering).",
        "out_coinr": "COINr:s regel: har en indikator |skevhet| > {s} och kurtosis > {k} "
        "winsoriseras upp till {n} extrema värden ett i taget; räcker det inte "
        "logaritmeras indikatorn i stället.",
        "normalise": "Normalisering",
        "aggregation": "Sammanvägning",
        "group_line": "- {name}: {agg} av {members}; därefter räknas det om till {renorm}; "
        "{passes}.",
        "root_line": "- Indexets poäng: {agg} av {members}; därefter räknas den om till {renorm}.",
        "member": "{name} (vikt {w})",
        "passes_score": "temats poäng går vidare uppåt",
        "passes_norm": "temats normaliserade värde går vidare uppåt",
        "rank": "Rang 1 = mest utsatt (högst poäng); lika poäng får samma, lägsta, rang.",
        "rank_better": "Rang 1 = mest utsatt (lägst poäng); lika poäng får samma, lägsta, rang.",
        "classify": "Klassindelning",
        "cls_none": "Ingen klassindelning.",
        "cls_quantile": "{n} lika stora klasser efter rang: klass = rang × {n} / N avrundat "
        "uppåt, klass 1 = mest utsatta.",
        "cls_cutoffs": "Fasta gränser {breaks} för {on}.",
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
        "mc": "Osäkerhet (Monte Carlo)",
        "mc_linear": (
            "Poängen är linjär i vikterna: alla dragningar räknas på en gång som en matrisprodukt."
        ),
        "mc_staged": (
            "Indexet avrundar eller rangordnar om mellan nivåerna: dragningarna räknas i block "
            "genom hela aggregeringsträdet, med samma resultat som en dragning i taget."
        ),
        "mc_per_draw": "Räknas en dragning i taget: {steps}.",
        "shrink_text": "Andelarna för {inds} krymps mot det överordnade områdets värde "
        "(kolumnen {col}; empirisk Bayes, som i English Indices of Deprivation 2019, bilaga D).",
        # The spec's settings in words.
        "ties.min": "lika värden får den lägsta rangen",
        "ties.average": "lika värden får sin medelrang",
        "ties.max": "lika värden får den högsta rangen",
        "ref.max": "det största värdet",
        "ref.min": "det minsta värdet",
        "ref.mean": "medelvärdet",
        "kind.difference": "skillnad",
        "kind.ratio": "kvot",
        "on.score": "poängen",
        "on.percentile": "percentilen",
        "stage.normalised": "Normaliserade värden",
        "stage.group_score": "Temans poäng",
        "stage.group_percentile": "Temans percentiler",
        "stage.score": "Poängen",
        "stage.percentile": "Percentilen",
        "mode.half_up": "0,5 avrundas uppåt",
        "mode.half_even": "0,5 avrundas till jämn siffra",
        "mode.truncate": "överskjutande decimaler stryks",
        "unit.percent": "procent",
        "unit.rank": "rang",
        "unit.count": "antal",
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
        "group_line": "- {name}: {agg} of {members}; then {renorm} -> column {col}; {passes}.",
        "root_line": "- The index score (score): {agg} of {members}; then {renorm} -> column "
        "percentile.",
        "member": "{name} ({w})",
        "passes_score": "passes its score upward",
        "passes_norm": "passes its normalised value upward",
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
        "mc": "Uncertainty (Monte Carlo)",
        "mc_linear": (
            "The score is linear in the weights: all draws are scored at once as one matrix "
            "product."
        ),
        "mc_staged": (
            "The index rounds or re-ranks between levels: draws are scored in blocks through the "
            "whole aggregation tree, with the same results as one draw at a time."
        ),
        "mc_per_draw": "Computed one draw at a time: {steps}.",
        "shrink_text": "The rates of {inds} are shrunk toward the area in {col} (empirical "
        "Bayes, as in the English Indices of Deprivation 2019, Appendix D).",
    },
}

_NORM: dict[str, dict[str, str]] = {
    "sv": {
        "percentile_rank": "percentilrang ({formula}; {ties})",
        "rank": "rang (1 = lägst; {ties})",
        "zscore": "z-värde (avvikelse från medelvärdet i standardavvikelser)",
        "minmax": "min-max-skalning till [{lower}, {upper}]",
        "distance_to_reference": "avstånd till {reference} (räknat som {reference_kind})",
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


def explain(spec: IndexSpec, lang: str = "sv", *, names: Mapping[str, str] | None = None) -> str:
    """Describe ``spec``'s method in plain words.

    Parameters
    ----------
    spec : IndexSpec
    lang : {"sv", "en"}
    names : mapping of indicator id to its name in ``lang``, optional
        Names to use instead of the spec's own (a web page passes the stored indicators').

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"}, "indicator": [{"id": "a"}]})
    >>> "percentile rank" in explain(spec, lang="en")
    True
    >>> "lika värden får den lägsta rangen" in explain(spec)
    True
    """
    if lang not in _T:
        raise InvalidInput(f"lang must be 'sv' or 'en'; got {lang!r}.")
    w = _Words(spec, lang, dict(names or {}))
    t = w.t
    lines = [f"{spec.name or spec.id} ({spec.id})"]
    if spec.description:
        lines.append(spec.description)
    if spec.source:
        lines.append(f"{t['source']}: {spec.source}")
    lines += ["", f"{t['indicators']} ({len(spec.indicators)}):"]
    lines += [f"- {_indicator(w, ind)}" for ind in spec.indicators]
    lines += ["", f"{t['universe']}:", *_universe(spec, t)]
    lines += [
        "",
        f"{t['missing']}:",
        t[spec.universe.missing_policy],
        t[f"impute_{spec.impute.method}"],
    ]
    lines += ["", f"{t['outliers']}:", _outliers(spec, t)]
    lines += ["", f"{t['normalise']}:", *_normalisation(w)]
    lines += ["", f"{t['aggregation']}:", *_tree(w)]
    lines += ["", f"{t['classify']}:", _classify(spec, t)]
    lines += ["", f"{t['rounding']}:", *_rounding(spec, t)]
    if spec.flags is not None:
        lines += ["", f"{t['flags']}:", t["flag"].format(t=_g(spec.flags.threshold, t))]
        if spec.flags.total:
            lines.append(t["flag_total"].format(col=spec.flags.total))
    lines += ["", f"{t['mc']}:", *_monte_carlo(spec, t)]
    if spec.shrinkage is not None:
        inds = ", ".join(w.indicator(i) for i in spec.shrinkage.indicators)
        text = t["shrink_text"].format(inds=inds, col=spec.shrinkage.parent_column)
        lines += ["", f"{t['shrink']}:", text]
    return "\n".join(lines) + "\n"


def _monte_carlo(spec: IndexSpec, t: dict[str, str]) -> list[str]:
    """Which Monte Carlo path the spec takes (as ``MonteCarlo.path_`` reports after a fit)."""
    from kraftsamling.index.aggregate import is_linear
    from kraftsamling.index.mc_staged import per_draw_steps

    if is_linear(spec):
        return [t["mc_linear"]]
    lines = [t["mc_staged"]]
    steps = per_draw_steps(spec)
    if steps:  # named in English, as the progress line names them
        lines.append(t["mc_per_draw"].format(steps="; ".join(steps)))
    return lines


class _Words:
    """The language's texts and how it names the spec's indicators and groups."""

    def __init__(self, spec: IndexSpec, lang: str, names: dict[str, str]) -> None:
        self.spec, self.lang, self.t = spec, lang, _T[lang]
        self.names = names
        self.indicators = {ind.id: ind for ind in spec.indicators}
        self.groups = {grp.id: grp for grp in spec.groups}

    def _own(self, obj: IndicatorSpec | GroupSpec) -> str:
        return (obj.name_sv if self.lang == "sv" else obj.name) or obj.id

    def indicator(self, ind_id: str) -> str:
        """An indicator by name in the text (its id when it has none in the language)."""
        if ind_id in self.names:
            return self.names[ind_id]
        ind = self.indicators.get(ind_id)
        return self._own(ind) if ind is not None else ind_id

    def group(self, group_id: str) -> str:
        grp = self.groups.get(group_id)
        return self._own(grp) if grp is not None else group_id

    def word(self, kind: str, value: str) -> str:
        """A setting in the language's words (English keeps the spec's own word)."""
        return self.t.get(f"{kind}.{value}", value)


def _g(value: float | str, t: dict[str, str]) -> str:
    """A number in the language's decimal style (0,9 in Swedish)."""
    text = value if isinstance(value, str) else f"{value:g}"
    return text.replace(".", t["_dec"])


def _name(obj: IndicatorSpec | GroupSpec, lang: str) -> str:
    label = (obj.name_sv or obj.name) if lang == "sv" else (obj.name or obj.name_sv)
    return f"{obj.id} \u201c{label}\u201d" if label else obj.id


def _indicator(w: _Words, ind: IndicatorSpec) -> str:
    t = w.t
    where = f"{t['in_group']} {w.group(ind.group)}" if ind.group else t["at_root"]
    direction = t["worse"] if ind.direction == "higher_is_worse" else t["better"]
    unit = f", {w.word('unit', ind.unit)}" if ind.unit else ""
    return (
        f"{_name(ind, w.lang)} ({t['column']} {ind.column}{unit}): {direction}, "
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


def _norm_text(n: NormaliseSpec, w: _Words) -> str:
    t = w.t
    ref = w.word("ref", n.reference) if isinstance(n.reference, str) else _g(n.reference, t)
    return _NORM[w.lang][n.method].format(
        formula=n.formula, ties=w.word("ties", n.ties), lower=_g(n.lower, t),
        upper=_g(n.upper, t), reference=ref, reference_kind=w.word("kind", n.reference_kind),
        c=_g(n.exponential_constant, t),
    )  # fmt: skip


def _normalisation(w: _Words) -> list[str]:
    spec = w.spec
    common = _norm_text(spec.normalise, w)
    out = [common[0].upper() + common[1:] + "."]
    for ind in spec.indicators:
        if ind.normalise != spec.normalise:
            out.append(f"- {w.indicator(ind.id)}: {_norm_text(ind.normalise, w)}.")
    return out


def _members(w: _Words, node: str | None) -> str:
    spec, t = w.spec, w.t
    inds, grps = spec.children(node)
    parts = [
        t["member"].format(name=w.indicator(spec.indicators[i].id),
                           w=_g(spec.indicators[i].weight, t))
        for i in inds
    ]  # fmt: skip
    parts += [t["member"].format(name=w.group(g.id), w=_g(g.weight, t)) for g in grps]
    return ", ".join(parts)


def _tree(w: _Words) -> list[str]:
    spec, t, agg = w.spec, w.t, _AGG[w.lang]
    out = []
    for grp in spec.group_order():
        out.append(
            t["group_line"].format(
                name=w.group(grp.id) if w.lang == "sv" else _name(grp, w.lang),
                agg=agg[grp.aggregation], members=_members(w, grp.id),
                renorm=_norm_text(grp.renormalise, w), col=f"{grp.id}_percentile",
                passes=t["passes_score"] if grp.pass_up == "score" else t["passes_norm"],
            )
        )  # fmt: skip
    out.append(
        t["root_line"].format(
            agg=agg[spec.aggregate.aggregation], members=_members(w, None),
            renorm=_norm_text(spec.aggregate.renormalise, w),
        )
    )  # fmt: skip
    out.append(t["rank"] if spec.direction == "higher_is_worse" else t["rank_better"])
    return out


def _classify(spec: IndexSpec, t: dict[str, str]) -> str:
    c = spec.classify
    on = t.get(f"on.{c.on}", c.on)
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
        "- " + t["round"].format(stage=t.get(f"stage.{r.stage}", r.stage), d=r.decimals,
                                 mode=t.get(f"mode.{r.mode}", r.mode))
        for r in spec.rounding
    ]  # fmt: skip
