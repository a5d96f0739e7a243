"""User-interface text of the areas pages added after the first release, Swedish and English.

The older areas strings are still in ``kraftsamling.web.i18n``; both are merged there.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "areas.error.no_area": "Det finns inget område med koden {code}.",
        "areas.error.no_indicator": "Det finns ingen indikator med id {id}.",
        "areas.error.no_year": "{indicator} har inga värden för delområdena {year}.",
        "areas.map.year_rule": (
            "Senaste året är det senaste år då indikatorn har värden för minst hälften av "
            "delområdena. År med färre är markerade och visas bara om du väljer dem."
        ),
        "areas.map.thin_option": "{year} (värden för färre än hälften av delområdena)",
        "areas.map.thin_shown": (
            "{year} har värden för färre än hälften av delområdena; de flesta områden saknar "
            "därför värde på kartan."
        ),
        "areas.index.title": "Index för utsatthet",
        "areas.index.no_run": "Det finns ännu ingen färdig indexkörning för delområdena.",
        "areas.index.source": "Uppgifterna kommer från referenskörningen av {spec} på "
        "statistik för {year}.",
        "areas.index.run_link": "Hela rangordningen i körningen {name}",
        "areas.index.how_built": "Så byggs indexet",
        "areas.index.not_in_run": "Området ingår inte i referenskörningen, som rangordnar "
        "områden på nivån {level}.",
        "areas.index.not_ranked": "Området ingår i körningen men rangordnas inte, till exempel "
        "för att det har för få invånare eller för många saknade värden.",
        "areas.index.score": "Poäng",
        "areas.index.rank": "Rang (1 = mest utsatt)",
        "areas.index.rank_of": "{rank} av {n}",
        "areas.index.interval": "Rangintervall (5–95 %)",
        "areas.index.median": "medianrang {median}",
        "areas.index.class": "Klass",
        "areas.index.class_of": "{value} av {n} (klass 1 = mest utsatta)",
        "areas.index.p_top_k": "Sannolikhet att vara bland de {k} mest utsatta",
        "areas.index.of_draws": "av {n} dragningar",
        "areas.index.drivers": "Vad som driver poängen",
        "areas.index.drivers_top": "Poängen drivs främst av: {names}.",
        "areas.index.and": "och",
        "areas.index.drivers_caption": "Indikatorernas bidrag till områdets poäng, störst först",
        "areas.index.groups_caption": "Temanas bidrag till områdets poäng, störst först",
        "areas.index.col_indicator": "Indikator",
        "areas.index.col_theme": "Tema",
        "areas.index.col_share": "Andel av indexets vikt",
        "areas.index.col_value": "Normaliserat värde",
        "areas.index.col_contribution": "Bidrag",
        "areas.index.drivers_explained": (
            "Bidraget är andelen av indexets vikt gånger områdets normaliserade värde, där "
            "högre betyder mer utsatt. De största bidragen drar mest upp områdets poäng."
        ),
        "areas.index.drivers_explained_low": (
            "Bidraget är andelen av indexets vikt gånger områdets normaliserade värde. Indexet "
            "rangordnar låga poäng först, så de minsta bidragen väger tyngst för områdets rang."
        ),
        "areas.index.withheld": (
            "{n} indikator(er) visas inte här, eftersom områdets värden för {year} är dolda för "
            "att skydda enskilda."
        ),
    },
    "en": {
        "areas.error.no_area": "There is no area with the code {code}.",
        "areas.error.no_indicator": "There is no indicator with the id {id}.",
        "areas.error.no_year": "{indicator} has no values for the sub-areas in {year}.",
        "areas.map.year_rule": (
            "The latest year is the newest year in which the indicator has values for at least "
            "half of the sub-areas. Years with fewer are marked and shown only when chosen."
        ),
        "areas.map.thin_option": "{year} (values for fewer than half of the sub-areas)",
        "areas.map.thin_shown": (
            "{year} has values for fewer than half of the sub-areas, so most areas have no "
            "value on the map."
        ),
        "areas.index.title": "Vulnerability index",
        "areas.index.no_run": "There is no finished index run for the sub-areas yet.",
        "areas.index.source": "These figures come from the reference run of {spec} on the "
        "statistics of {year}.",
        "areas.index.run_link": "The whole ranking in the run {name}",
        "areas.index.how_built": "How the index is built",
        "areas.index.not_in_run": "The area is not part of the reference run, which ranks "
        "areas at the level {level}.",
        "areas.index.not_ranked": "The area is in the run but not ranked, for example because "
        "it has too few residents or too many missing values.",
        "areas.index.score": "Score",
        "areas.index.rank": "Rank (1 = most vulnerable)",
        "areas.index.rank_of": "{rank} of {n}",
        "areas.index.interval": "Rank interval (5–95 %)",
        "areas.index.median": "median rank {median}",
        "areas.index.class": "Class",
        "areas.index.class_of": "{value} of {n} (class 1 = most vulnerable)",
        "areas.index.p_top_k": "Probability of being among the {k} most vulnerable",
        "areas.index.of_draws": "of {n} draws",
        "areas.index.drivers": "What drives the score",
        "areas.index.drivers_top": "The score is driven mainly by: {names}.",
        "areas.index.and": "and",
        "areas.index.drivers_caption": "The indicators' contributions to the area's score, "
        "largest first",
        "areas.index.groups_caption": "The themes' contributions to the area's score, "
        "largest first",
        "areas.index.col_indicator": "Indicator",
        "areas.index.col_theme": "Theme",
        "areas.index.col_share": "Share of the index's weight",
        "areas.index.col_value": "Normalised value",
        "areas.index.col_contribution": "Contribution",
        "areas.index.drivers_explained": (
            "The contribution is the share of the index's weight times the area's normalised "
            "value, where higher means more vulnerable. The largest contributions pull the "
            "area's score up the most."
        ),
        "areas.index.drivers_explained_low": (
            "The contribution is the share of the index's weight times the area's normalised "
            "value. The index ranks low scores first, so the smallest contributions weigh most "
            "in the area's rank."
        ),
        "areas.index.withheld": (
            "{n} indicator(s) are not shown here because the area's values for {year} are "
            "hidden to protect individuals."
        ),
    },
}
