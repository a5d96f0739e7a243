"""User-interface text of the runs pages added after the first release, Swedish and English.

The older runs strings are still in ``kraftsamling.web.i18n``; both are merged there.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        # The choropleth on a run's page.
        "runs.map.heading": "Karta över poängen",
        "runs.map.svg_title": (
            "Karta över områdena färgade efter indexpoängen i körningen; mörkare färg betyder "
            "högre poäng. Varje område är en länk till dess profil. Samma uppgifter finns i "
            "tabellen under kartan."
        ),
        "runs.map.area_label": "{name}: poäng {score}, rang {rank}",
        "runs.map.area_unranked": "{name}: rangordnas inte",
        "runs.map.legend": "Teckenförklaring (poäng)",
        "runs.map.unranked": "rangordnas inte eller saknas",
        "runs.map.none": "Områdena i körningen har inga gränser att rita en karta av.",
        # The public page on how the index is built.
        "runs.method.title": "Så byggs indexet",
        "runs.method.none": (
            "Det finns ännu ingen färdig indexkörning för delområdena, så det finns inget index "
            "att beskriva."
        ),
        "runs.method.intro_decided": (
            "Indexet rangordnar stadens delområden efter hur utsatta de är. Det bygger på "
            "statistik för {year} och beskrivs nedan så som det räknades i den körning som de "
            "gällande målområdena beslutades utifrån (körningen blev klar {date})."
        ),
        "runs.method.intro_latest": (
            "Indexet rangordnar stadens delområden efter hur utsatta de är. Det bygger på "
            "statistik för {year} och beskrivs nedan så som det räknades i den senaste färdiga "
            "körningen ({date}), eftersom inga målområden är beslutade ännu."
        ),
        "runs.method.source": "Källor som metoden bygger på: {source}",
        "runs.method.steps": "Indexet i korthet",
        "runs.method.step_normalise": (
            "Varje indikator räknas om till en gemensam skala, och indikatorer där ett högre "
            "värde är bättre vänds, så att ett högre värde alltid betyder mer utsatt."
        ),
        "runs.method.step_weigh": (
            "Indikatorerna vägs samman med sina vikter till ett värde per tema, och temana vägs "
            "samman till områdets poäng."
        ),
        "runs.method.step_rank": (
            "Områdena rangordnas efter poängen: rang 1 är det mest utsatta området."
        ),
        "runs.method.step_uncertain": (
            "Beräkningen görs om med slumpvis ändrade antaganden, så att det syns hur säker "
            "varje rangplats är."
        ),
        "runs.method.indicators": "Indikatorer",
        "runs.method.indicators_caption": (
            "Indikatorerna i indexet med riktning, vikt och tema; andelen visar hur mycket "
            "indikatorn väger i hela indexet"
        ),
        "runs.method.col_indicator": "Indikator",
        "runs.method.col_direction": "Riktning",
        "runs.method.col_weight": "Vikt i temat",
        "runs.method.col_group": "Tema",
        "runs.method.col_share": "Andel av indexet",
        "runs.method.higher_is_worse": "högre värde = mer utsatt",
        "runs.method.higher_is_better": "högre värde = mindre utsatt",
        "runs.method.no_group": "direkt i indexet",
        "runs.method.groups": "Teman",
        "runs.method.groups_caption": "Temana och hur de vägs samman till poängen",
        "runs.method.col_aggregation": "Sammanvägning av temats indikatorer",
        "runs.method.agg.arithmetic": "vägt medelvärde",
        "runs.method.agg.geometric": "vägt geometriskt medelvärde",
        "runs.method.agg.sum": "vägd summa",
        "runs.method.details": "Metoden steg för steg",
        "runs.method.uncertainty": "Osäkerhetsanalys",
        "runs.method.mc_intro": (
            "Rangordningen räknades om {n} gånger (Monte Carlo-dragningar, slumpfrö {seed}). I "
            "varje dragning ändrades följande antaganden slumpvis:"
        ),
        "runs.method.mc.weights": (
            "Vikterna: varje indikators och temas vikt multiplicerades med en slumpad faktor "
            "mellan {low} och {high}."
        ),
        "runs.method.mc.normalisation": ("Normaliseringen: metoden lottades mellan {options}."),
        "runs.method.mc.imputation": (
            "Ifyllnaden av saknade värden: metoden lottades mellan indexets egen, medelvärde, "
            "median och gruppmedelvärde."
        ),
        "runs.method.mc.outliers": (
            "Behandlingen av extremvärden: användes eller användes inte, med lika stor sannolikhet."
        ),
        "runs.method.mc.inclusion": (
            "Urvalet av indikatorer: varje indikator lämnades bort med sannolikheten {p} %; "
            "minst en indikator fanns alltid kvar."
        ),
        "runs.method.mc_result": (
            "Rangintervallet 5–95 % på områdesprofilerna visar mellan vilka rangplatser området "
            "hamnade i 90 % av dragningarna."
        ),
        "runs.method.mc_top_k": (
            "Sannolikheten att vara bland de {k} mest utsatta är andelen dragningar där området "
            "fick rang {k} eller bättre."
        ),
        "runs.method.norm.percentile_rank": "percentilrang",
        "runs.method.norm.zscore": "z-värden",
        "runs.method.norm.minmax": "min-max-skalning",
        "runs.method.norm.rank": "rang",
        "runs.method.norm.distance_to_reference": "avstånd till ett referensvärde",
        "runs.method.norm.exponential_rank": "exponentialtransformerad rang",
        "runs.method.norm.spec": "indexets egna metoder",
        "runs.method.or": "eller",
        "runs.method.links": (
            "Se också kartan över delområdena och varje områdes profil med dess poäng, rang "
            "och vad som driver poängen."
        ),
        "runs.method.map_link": "Karta över delområden",
        # The new-run form: specs that cannot run here, and what is wrong with a value.
        "runs.no_runnable_spec": (
            "Ingen av de lagrade indexspecifikationerna kan köras här, eftersom statistiken de "
            "läser inte finns lagrad. Ladda upp en egen specifikation i stället."
        ),
        "runs.unavailable_specs": (
            "De här lagrade specifikationerna kan inte köras här, eftersom de läser indikatorer "
            "som inte finns lagrade:"
        ),
        "runs.unavailable_spec": "{title} ({spec}): {missing} av {total} indikatorer saknas",
        "runs.error.n_draws": (
            "Antalet Monte Carlo-dragningar måste vara ett heltal från 1 till {max}; du skrev "
            "”{value}”."
        ),
        "runs.error.seed": (
            "Slumpfröet måste vara ett heltal från 0 till {max}; du skrev ”{value}”."
        ),
        "runs.error.top_k": (
            "Antalet mest utsatta områden (k) måste vara ett heltal från 1 och uppåt eller "
            "lämnas tomt; du skrev ”{value}”."
        ),
        "runs.error.top_k_areas": (
            "Antalet mest utsatta områden (k) kan vara högst {n}, så många områden har statistik "
            "för {year}; du skrev {value}."
        ),
        "runs.error.year_text": (
            "Året måste skrivas med siffror, till exempel 2024; du skrev ”{value}”."
        ),
        "runs.error.year": "Det finns ingen statistik för {value}; år med statistik: {years}.",
        "runs.error.missing_inputs": (
            "Indexspecifikationen {spec} läser indikatorer som inte finns lagrade: {missing}. "
            "Importera dem först eller välj en annan specifikation."
        ),
        "runs.error.unknown_spec": (
            "Det finns ingen lagrad indexspecifikation som heter ”{spec}”; välj en i listan."
        ),
        "runs.error.no_spec": (
            "Välj en lagrad indexspecifikation eller ladda upp en specifikation som TOML-fil."
        ),
        "runs.error.upload_size": (
            "Filen {file} är för stor: en specifikation får vara högst {kb} kB."
        ),
        "runs.error.upload_text": "Filen {file} är inte text i teckenkodningen UTF-8.",
        "runs.error.not_found": "Det finns ingen indexkörning med nummer {id}.",
        "runs.error.no_ranked": (
            "Körningen rangordnade inget område: inget område på nivån {level} hade tillräckligt "
            "med värden för indexets indikatorer {year}. Välj ett år med statistik för fler "
            "områden."
        ),
        "runs.year_rule": (
            "Förvalt är det senaste år då var och en av indexets indikatorer har värden för "
            "minst hälften av områdena. År med färre är markerade."
        ),
        "runs.year_thin": "{year} (värden för bara {areas} av {total} områden)",
        "runs.error.not_done": (
            "Körning {id} är inte klar; bara en färdig körning har en rangordning att jämföra."
        ),
        "runs.error.run_id": (
            "En körning anges med sitt nummer, ett heltal från 1 till {max}; adressen hade "
            "”{value}”."
        ),
        "runs.error.sort": "Tabellen kan inte sorteras så; välj en kolumnrubrik för att sortera.",
        # A run that is still computing.
        "runs.refresh_stop": "Stäng av den automatiska uppdateringen",
        "runs.refresh_stopped": (
            "Sidan uppdateras inte automatiskt. Ladda om den för att se hur långt körningen har "
            "kommit."
        ),
        "runs.refresh_start": "Slå på den automatiska uppdateringen",
        # Comparing two runs.
        "runs.compare_summary": (
            "{n} områden är rangordnade i båda körningarna; {moved} av dem bytte rang. "
            "Spearmans rangkorrelation: {rho}."
        ),
        "runs.compare_entered": "In bland de {k} mest utsatta: {areas}.",
        "runs.compare_left": "Ut ur de {k} mest utsatta: {areas}.",
        "runs.compare_none": "inga",
        "runs.compare_no_runs": "Det finns ännu ingen färdig körning att jämföra.",
    },
    "en": {
        "runs.map.heading": "Map of the scores",
        "runs.map.svg_title": (
            "Map of the areas coloured by the run's index score; a darker colour means a "
            "higher score. Each area is a link to its profile. The same data is in the table "
            "below the map."
        ),
        "runs.map.area_label": "{name}: score {score}, rank {rank}",
        "runs.map.area_unranked": "{name}: not ranked",
        "runs.map.legend": "Legend (score)",
        "runs.map.unranked": "not ranked or missing",
        "runs.map.none": "The run's areas have no boundaries to draw a map from.",
        "runs.method.title": "How the index is built",
        "runs.method.none": (
            "There is no finished index run for the sub-areas yet, so there is no index to "
            "describe."
        ),
        "runs.method.intro_decided": (
            "The index ranks the city's sub-areas by how vulnerable they are. It is built on "
            "the statistics of {year} and described below as it was computed in the run the "
            "current target areas were decided on (the run finished {date})."
        ),
        "runs.method.intro_latest": (
            "The index ranks the city's sub-areas by how vulnerable they are. It is built on "
            "the statistics of {year} and described below as it was computed in the latest "
            "finished run ({date}), as no target areas have been decided yet."
        ),
        "runs.method.source": "Sources the method builds on: {source}",
        "runs.method.steps": "The index in brief",
        "runs.method.step_normalise": (
            "Each indicator is put on a common scale, and indicators where a higher value is "
            "better are reversed, so that a higher value always means more vulnerable."
        ),
        "runs.method.step_weigh": (
            "The indicators are weighed together into one value per theme, and the themes "
            "into the area's score."
        ),
        "runs.method.step_rank": (
            "The areas are ranked by their score: rank 1 is the most vulnerable area."
        ),
        "runs.method.step_uncertain": (
            "The computation is repeated with randomly changed assumptions, to show how certain "
            "each rank is."
        ),
        "runs.method.indicators": "Indicators",
        "runs.method.indicators_caption": (
            "The indicators of the index with direction, weight and theme; the share shows how "
            "much the indicator weighs in the whole index"
        ),
        "runs.method.col_indicator": "Indicator",
        "runs.method.col_direction": "Direction",
        "runs.method.col_weight": "Weight in the theme",
        "runs.method.col_group": "Theme",
        "runs.method.col_share": "Share of the index",
        "runs.method.higher_is_worse": "higher value = more vulnerable",
        "runs.method.higher_is_better": "higher value = less vulnerable",
        "runs.method.no_group": "directly in the index",
        "runs.method.groups": "Themes",
        "runs.method.groups_caption": "The themes and how they are weighed into the score",
        "runs.method.col_aggregation": "How the theme's indicators are combined",
        "runs.method.agg.arithmetic": "weighted mean",
        "runs.method.agg.geometric": "weighted geometric mean",
        "runs.method.agg.sum": "weighted sum",
        "runs.method.details": "The method step by step",
        "runs.method.uncertainty": "Uncertainty analysis",
        "runs.method.mc_intro": (
            "The ranking was computed {n} times (Monte Carlo draws, random seed {seed}). Each "
            "draw changed these assumptions at random:"
        ),
        "runs.method.mc.weights": (
            "The weights: each indicator's and theme's weight was multiplied by a random factor "
            "between {low} and {high}."
        ),
        "runs.method.mc.normalisation": "The normalisation: the method was drawn from {options}.",
        "runs.method.mc.imputation": (
            "The filling-in of missing values: the method was drawn from the index's own, the "
            "mean, the median and the group mean."
        ),
        "runs.method.mc.outliers": (
            "The outlier treatment: used or not used, with equal probability."
        ),
        "runs.method.mc.inclusion": (
            "The choice of indicators: each indicator was left out with probability {p} %; at "
            "least one indicator always stayed."
        ),
        "runs.method.mc_result": (
            "The 5–95 % rank interval on the area profiles shows between which ranks the area "
            "landed in 90 % of the draws."
        ),
        "runs.method.mc_top_k": (
            "The probability of being among the {k} most vulnerable is the share of draws in "
            "which the area got rank {k} or better."
        ),
        "runs.method.norm.percentile_rank": "percentile rank",
        "runs.method.norm.zscore": "z-scores",
        "runs.method.norm.minmax": "min-max scaling",
        "runs.method.norm.rank": "rank",
        "runs.method.norm.distance_to_reference": "distance to a reference value",
        "runs.method.norm.exponential_rank": "exponentially transformed rank",
        "runs.method.norm.spec": "the index's own methods",
        "runs.method.or": "or",
        "runs.method.links": (
            "See also the map of the sub-areas and each area's profile with its score, rank "
            "and what drives the score."
        ),
        "runs.method.map_link": "Map of the sub-areas",
        "runs.no_runnable_spec": (
            "None of the stored index specs can run here, as the statistics they read are not "
            "stored. Upload a spec of your own instead."
        ),
        "runs.unavailable_specs": (
            "These stored specs cannot run here, as they read indicators that are not stored:"
        ),
        "runs.unavailable_spec": "{title} ({spec}): {missing} of {total} indicators are missing",
        "runs.error.n_draws": (
            "The number of Monte Carlo draws must be a whole number from 1 to {max}; you wrote "
            "“{value}”."
        ),
        "runs.error.seed": (
            "The random seed must be a whole number from 0 to {max}; you wrote “{value}”."
        ),
        "runs.error.top_k": (
            "The number of most vulnerable areas (k) must be a whole number from 1 up, or left "
            "empty; you wrote “{value}”."
        ),
        "runs.error.top_k_areas": (
            "The number of most vulnerable areas (k) can be at most {n}, the number of areas "
            "with statistics for {year}; you wrote {value}."
        ),
        "runs.error.year_text": (
            "The year must be written in digits, e.g. 2024; you wrote “{value}”."
        ),
        "runs.error.year": "There are no statistics for {value}; years with statistics: {years}.",
        "runs.error.missing_inputs": (
            "The index spec {spec} reads indicators that are not stored: {missing}. Import them "
            "first or choose another spec."
        ),
        "runs.error.unknown_spec": (
            "There is no stored index spec named “{spec}”; choose one in the list."
        ),
        "runs.error.no_spec": "Choose a stored index spec or upload a spec as a TOML file.",
        "runs.error.upload_size": "The file {file} is too large: a spec may be at most {kb} kB.",
        "runs.error.upload_text": "The file {file} is not text in the UTF-8 encoding.",
        "runs.error.not_found": "There is no index run number {id}.",
        "runs.error.no_ranked": (
            "The run ranked no area: no area at level {level} had enough values of the index's "
            "indicators for {year}. Choose a year with statistics for more areas."
        ),
        "runs.year_rule": (
            "The default is the newest year in which each of the index's indicators has values "
            "for at least half of the areas. Years with fewer are marked."
        ),
        "runs.year_thin": "{year} (values for only {areas} of {total} areas)",
        "runs.error.not_done": (
            "Run {id} is not finished; only a finished run has a ranking to compare."
        ),
        "runs.error.run_id": (
            "A run is given by its number, a whole number from 1 to {max}; the address had "
            "“{value}”."
        ),
        "runs.error.sort": "The table cannot be sorted that way; choose a column heading to sort.",
        "runs.refresh_stop": "Turn off the automatic refresh",
        "runs.refresh_stopped": (
            "The page does not refresh automatically. Reload it to see how far the run has come."
        ),
        "runs.refresh_start": "Turn on the automatic refresh",
        "runs.compare_summary": (
            "{n} areas are ranked in both runs; {moved} of them changed rank. Spearman rank "
            "correlation: {rho}."
        ),
        "runs.compare_entered": "Entered the {k} most vulnerable: {areas}.",
        "runs.compare_left": "Left the {k} most vulnerable: {areas}.",
        "runs.compare_none": "none",
        "runs.compare_no_runs": "There is no finished run to compare yet.",
    },
}
