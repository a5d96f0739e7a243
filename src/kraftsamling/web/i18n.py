"""User-interface text in Swedish (default) and English, and the choice between them.

The layout's and the first capabilities' strings live here; newer capabilities keep theirs in
``<capability>/messages.py`` (a ``MESSAGES`` dict shaped like this one), merged on first use.
A test checks both languages have the same keys and the same ``{placeholders}``, and that no
two catalogues define the same key.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Final

LANGUAGES: Final = ("sv", "en")
DEFAULT_LANGUAGE: Final = "sv"

# Capabilities with their own catalogue (a module with a ``MESSAGES`` dict).
CATALOGUE_MODULES: Final = tuple(
    f"kraftsamling.{cap}.messages"
    for cap in ("accounts", "areas", "runs", "targeting", "admin", "funds", "decisions")
)

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "app.name": "Kraftsamling",
        "app.tagline": "områdesanalys, målområden och uppföljning för kraftsamlande insatser",
        "nav.skip": "Hoppa till huvudinnehållet",
        "nav.main": "Huvudmeny",
        "nav.home": "Start",
        "nav.login": "Logga in",
        "nav.logout": "Logga ut",
        "nav.password": "Byt lösenord",
        "nav.tokens": "API-nycklar",
        "nav.admin_users": "Användare",
        "nav.audit": "Granskningslogg",
        "nav.targets": "Målområden",
        "nav.public_index": "Så byggs indexet",
        "nav.language": "In English",
        "nav.signed_in_as": "Inloggad som {name} ({role})",
        "home.title": "Kraftsamling – områdesanalys för kraftsamlande insatser",
        "home.intro": (
            "Malmö stad samlar förebyggande insatser i några utvalda delområden så att fler unga "
            "arbetar eller studerar efter årskurs 9. Här analyseras områdena med ett öppet index "
            "för utsatthet, målområden väljs i samråd med nämnderna och resultaten följs upp."
        ),
        "home.public": "Offentliga sidor",
        "home.public_text": (
            "Alla kan se de beslutade målområdena, hur indexet för utsatthet är byggt och varje "
            "områdes statistik. Små antal döljs så att ingen enskild person kan pekas ut."
        ),
        "home.public_targets": "Målområden på karta",
        "home.public_index": "Så byggs indexet",
        "home.public_map": "Karta över statistiken",
        "home.internal": "För medarbetare",
        "home.internal_text": "Logga in för att arbeta med index, målområden och användare.",
        "home.demo": (
            "Demodata: områden och statistik i den här installationen är påhittade (syntetiska) "
            "och beskriver inte verkliga förhållanden."
        ),
        "role.admin": "administratör",
        "role.coordinator": "samordnare",
        "role.officer": "handläggare",
        "role.viewer": "läsare",
        "login.title": "Logga in",
        "login.email": "E-postadress",
        "login.password": "Lösenord",
        "login.submit": "Logga in",
        "login.failed": "Fel e-postadress eller lösenord.",
        "logout.done": "Du är utloggad.",
        "password.title": "Byt lösenord",
        "password.current": "Nuvarande lösenord",
        "password.new": "Nytt lösenord (minst {min} tecken)",
        "password.submit": "Byt lösenord",
        "password.changed": "Lösenordet är bytt. Dina andra inloggningar har avslutats.",
        "password.wrong_current": "Det nuvarande lösenordet stämmer inte.",
        "password.too_short": "Lösenordet måste ha minst {min} och högst {max} tecken.",
        "tokens.title": "API-nycklar",
        "tokens.intro": (
            "En API-nyckel ger åtkomst till /api/v1 med dina behörigheter. Skicka den som "
            "Authorization: Bearer <nyckel>."
        ),
        "tokens.name": "Namn på nyckeln",
        "tokens.create": "Skapa nyckel",
        "tokens.created": "Ny nyckel (visas bara nu, spara den):",
        "tokens.none": "Du har inga API-nycklar.",
        "tokens.col_name": "Namn",
        "tokens.col_prefix": "Början",
        "tokens.col_created": "Skapad",
        "tokens.col_status": "Status",
        "tokens.active": "aktiv",
        "tokens.revoked": "återkallad",
        "tokens.revoke": "Återkalla",
        "admin.users.title": "Användare",
        "admin.users.create": "Skapa användare",
        "admin.users.email": "E-postadress",
        "admin.users.name": "Namn",
        "admin.users.organisation": "Organisation",
        "admin.users.role": "Roll",
        "admin.users.password": "Startlösenord (minst {min} tecken)",
        "admin.users.created": "Användaren {email} är skapad.",
        "admin.users.reset": "Nytt lösenord",
        "admin.users.reset_done": "Nytt lösenord för {email} (visas bara nu): {password}",
        "admin.users.invalid": "Användaren kunde inte skapas: {detail}",
        "form.csrf": "Formulärskydd",
        "error.title": "Något gick fel",
        "error.back": "Till startsidan",
        "error.bad_request": "Begäran kunde inte behandlas.",
        "error.unauthenticated": "Du behöver logga in för att se sidan.",
        "error.forbidden": "Du har inte behörighet till det här.",
        "error.csrf": (
            "Formuläret saknade en giltig säkerhetskod. Ladda om sidan och försök igen."
        ),
        "error.not_found": "Sidan eller uppgiften finns inte.",
        "error.field": "Fältet {field}:",
        "error.field.missing": "saknas.",
        "error.field.int": "ska vara ett heltal.",
        "error.field.number": "ska vara ett tal.",
        "error.field.le": "får vara högst {le}.",
        "error.field.ge": "ska vara minst {ge}.",
        "error.field.lt": "ska vara mindre än {lt}.",
        "error.field.gt": "ska vara större än {gt}.",
        "error.field.too_long": "får ha högst {max_length} tecken.",
        "error.field.too_short": "ska ha minst {min_length} tecken.",
        "error.field.date": "ska vara ett datum (ÅÅÅÅ-MM-DD).",
        "error.field.choice": "har ett värde som inte finns bland valen.",
        "error.field.other": "har ett felaktigt värde.",
        "error.invalid_input": "Uppgifterna är felaktiga.",
        "error.conflict": "Åtgärden skulle överskrida budgetramen.",
        "error.unavailable": "En extern tjänst svarar inte just nu.",
        "error.too_many": "För många försök. Vänta en stund.",
        "error.method_not_allowed": "Metoden är inte tillåten här.",
        "error.internal": "Ett oväntat fel inträffade.",
        # Area pages.
        "level.deso": "DeSO",
        "level.regso": "RegSO",
        "level.sub_area": "delområde",
        "level.district": "stadsområde",
        "level.municipality": "kommun",
        "areas.list_title": "Områden",
        "areas.level_label": "Nivå",
        "areas.show": "Visa",
        "areas.list_caption": "Områden på nivån {level}: {count} st.",
        "areas.col_name": "Namn",
        "areas.col_code": "Kod",
        "areas.col_year": "År",
        "areas.parent": "Ingår i",
        "areas.children": "Består av",
        "areas.none": "Inga",
        "areas.city": "Hela staden",
        "areas.synthetic": (
            "Syntetiska demodata: områdena och värdena är påhittade och beskriver inte "
            "verkliga förhållanden."
        ),
        "areas.profile_title": "{name} ({level})",
        "areas.public_note": (
            "Offentlig version: små antal är dolda för att skydda enskilda personer."
        ),
        "areas.indicators": "Indikatorer över tid",
        "areas.no_data": "Det finns inga värden för området.",
        "areas.chart_title": (
            "Linjediagram: {indicator} per år för {area} (heldragen linje) jämfört med {city} "
            "(streckad linje). Samma värden finns i tabellen under diagrammet."
        ),
        "areas.table_caption": "{indicator}: {area} och {city} per år",
        "areas.hidden_primary": "dolt för att skydda enskilda (för få personer)",
        "areas.hidden_secondary": "dolt så att ett annat dolt värde inte kan räknas fram",
        "areas.disclosure_explained": (
            "– betyder att värdet är dolt eller saknas. Antal mellan 1 och 4 visas inte, inte "
            "heller andelar av färre än 10 personer eller andelar som motsvarar 1–4 personer "
            "(eller alla utom 1–4), och inte heller ett värde som skulle göra det möjligt att "
            "räkna fram ett dolt värde ur en summa för ett stadsområde eller hela staden."
        ),
        "map.title": "Karta över delområden",
        "map.indicator": "Indikator",
        "map.year": "År",
        "map.latest": "Senaste året",
        "map.show": "Visa karta",
        "map.caption": "{indicator}, {year}, per delområde",
        "map.svg_title": (
            "Karta över delområdena färgade efter {indicator} {year}; ljusare färg betyder "
            "lägre värde. Varje område är en länk till dess profil. Samma uppgifter finns i "
            "tabellen under kartan."
        ),
        "map.area_label": "{name}: {value}",
        "map.legend": "Teckenförklaring",
        "map.hidden": "dolt eller saknas",
        "map.table_caption": "{indicator}, {year}, per delområde (samma uppgifter som kartan)",
        "map.col_class": "Klass på kartan (1 = lägst)",
        "map.no_indicators": "Det finns ingen statistik att visa ännu.",
        "nav.index_runs": "Indexkörningar",
        "nav.areas": "Områden",
        "nav.map": "Karta",
        "runs.title": "Indexkörningar",
        "runs.intro": (
            "Ett index för utsatthet beräknat på lagrad statistik för ett år, med osäkerhet "
            "från Monte Carlo-dragningar."
        ),
        "runs.new": "Ny indexkörning",
        "runs.compare": "Jämför två körningar",
        "runs.list_caption": "Alla indexkörningar, nyaste först",
        "runs.none": "Inga indexkörningar ännu.",
        "runs.col_id": "Nr",
        "runs.col_name": "Namn",
        "runs.col_spec": "Indexspecifikation",
        "runs.col_year": "År",
        "runs.col_draws": "Dragningar",
        "runs.col_status": "Status",
        "runs.col_created": "Skapad",
        "runs.status.queued": "i kö",
        "runs.status.running": "pågår",
        "runs.status.done": "klar",
        "runs.status.failed": "misslyckades",
        "runs.invalid": (
            "Indexkörningen kunde inte skapas: indexspecifikationen eller uppgifterna är ogiltiga."
        ),
        "runs.spec_legend": "Indexspecifikation",
        "runs.stored_spec": "Sparad specifikation",
        "runs.upload": "Eller ladda upp en specifikation (TOML-fil)",
        "runs.upload_help": (
            "En uppladdad fil används i stället för den valda sparade specifikationen."
        ),
        "runs.year": "År",
        "runs.no_years": "Det finns ingen lagrad statistik för delområden ännu.",
        "runs.n_draws": "Antal Monte Carlo-dragningar",
        "runs.seed": "Slumpfrö",
        "runs.top_k": "Antal mest utsatta områden (k)",
        "runs.top_k_help": "Tomt: specifikationens k, annars den mest utsatta tiondelen.",
        "runs.name": "Namn på körningen (valfritt)",
        "runs.start": "Starta körningen",
        "runs.spec_hash": "Specifikationens kontrollsumma",
        "runs.progress": "Förlopp",
        "runs.refreshing": "Sidan uppdateras var {seconds}:e sekund tills körningen är klar.",
        "runs.failed": "Körningen misslyckades.",
        "runs.compare_with": "Jämför med en annan körning",
        "runs.ranking_caption": (
            "Rangordning av {n} områden {year}; klicka på en kolumnrubrik för att sortera"
        ),
        "runs.col.rank": "Rang",
        "runs.col.area_code": "Områdeskod",
        "runs.col.area_name": "Område",
        "runs.col.score": "Poäng",
        "runs.col.class": "Klass",
        "runs.col.rank_median": "Medianrang",
        "runs.col.p_top_k": "Sannolikhet bland de {k} mest utsatta",
        "runs.col.interval": "Rangintervall (5–95 %)",
        "runs.interval_text": "Rang {low} till {high} i 90 % av dragningarna",
        "runs.table_note": (
            "Rang 1 är mest utsatt. Rangintervallet visar 5:e till 95:e percentilen av "
            "rangen över dragningarna; k = {k}."
        ),
        "runs.compare_a": "Tidigare körning (a)",
        "runs.compare_b": "Senare körning (b)",
        "runs.compare_submit": "Jämför",
        "runs.compare_caption": (
            "Områden som flyttat mellan körning {a} och {b}, störst förflyttning först"
        ),
        "runs.compare_rank_a": "Rang i a",
        "runs.compare_rank_b": "Rang i b",
        "runs.compare_change": "Förflyttning",
        "runs.compare_class": "Klass a → b",
        "runs.moved_up": "{n} steg mer utsatt",
        "runs.moved_down": "{n} steg mindre utsatt",
        "runs.unchanged": "oförändrad",
    },
    "en": {
        "app.name": "Kraftsamling",
        "app.tagline": "area analysis, target areas and follow-up for concentrated efforts",
        "nav.skip": "Skip to main content",
        "nav.main": "Main menu",
        "nav.home": "Home",
        "nav.login": "Log in",
        "nav.logout": "Log out",
        "nav.password": "Change password",
        "nav.tokens": "API tokens",
        "nav.admin_users": "Users",
        "nav.audit": "Audit trail",
        "nav.targets": "Target areas",
        "nav.public_index": "How the index is built",
        "nav.language": "På svenska",
        "nav.signed_in_as": "Signed in as {name} ({role})",
        "home.title": "Kraftsamling – area analysis for concentrated efforts",
        "home.intro": (
            "The City of Malmö concentrates preventive work in a few selected sub-areas so that "
            "more young people work or study after grade 9. Here the areas are analysed with an "
            "open vulnerability index, target areas are chosen together with the committees, and "
            "results are followed up."
        ),
        "home.public": "Public pages",
        "home.public_text": (
            "Anyone can see the decided target areas, how the vulnerability index is built and "
            "each area's statistics. Small counts are hidden so that no one can be singled out."
        ),
        "home.public_targets": "Target areas on a map",
        "home.public_index": "How the index is built",
        "home.public_map": "Map of the statistics",
        "home.internal": "For staff",
        "home.internal_text": "Log in to work with the index, target areas and users.",
        "home.demo": (
            "Demo data: the areas and statistics in this installation are invented (synthetic) "
            "and do not describe real conditions."
        ),
        "role.admin": "administrator",
        "role.coordinator": "coordinator",
        "role.officer": "officer",
        "role.viewer": "viewer",
        "login.title": "Log in",
        "login.email": "E-mail address",
        "login.password": "Password",
        "login.submit": "Log in",
        "login.failed": "Wrong e-mail address or password.",
        "logout.done": "You are logged out.",
        "password.title": "Change password",
        "password.current": "Current password",
        "password.new": "New password (at least {min} characters)",
        "password.submit": "Change password",
        "password.changed": "Your password is changed. Your other sessions have been ended.",
        "password.wrong_current": "The current password is not correct.",
        "password.too_short": "The password must have at least {min} and at most {max} characters.",
        "tokens.title": "API tokens",
        "tokens.intro": (
            "An API token gives access to /api/v1 with your permissions. Send it as "
            "Authorization: Bearer <token>."
        ),
        "tokens.name": "Token name",
        "tokens.create": "Create token",
        "tokens.created": "New token (shown only now, store it):",
        "tokens.none": "You have no API tokens.",
        "tokens.col_name": "Name",
        "tokens.col_prefix": "Starts with",
        "tokens.col_created": "Created",
        "tokens.col_status": "Status",
        "tokens.active": "active",
        "tokens.revoked": "revoked",
        "tokens.revoke": "Revoke",
        "admin.users.title": "Users",
        "admin.users.create": "Create user",
        "admin.users.email": "E-mail address",
        "admin.users.name": "Name",
        "admin.users.organisation": "Organisation",
        "admin.users.role": "Role",
        "admin.users.password": "Initial password (at least {min} characters)",
        "admin.users.created": "User {email} has been created.",
        "admin.users.reset": "New password",
        "admin.users.reset_done": "New password for {email} (shown only now): {password}",
        "admin.users.invalid": "The user could not be created: {detail}",
        "form.csrf": "Form protection",
        "error.title": "Something went wrong",
        "error.back": "To the start page",
        "error.bad_request": "The request could not be handled.",
        "error.unauthenticated": "You need to log in to see this page.",
        "error.forbidden": "You are not allowed to do this.",
        "error.csrf": "The form lacked a valid security code. Reload the page and try again.",
        "error.not_found": "The page or item does not exist.",
        "error.field": "The field {field}",
        "error.field.missing": "is missing.",
        "error.field.int": "must be a whole number.",
        "error.field.number": "must be a number.",
        "error.field.le": "must be at most {le}.",
        "error.field.ge": "must be at least {ge}.",
        "error.field.lt": "must be less than {lt}.",
        "error.field.gt": "must be greater than {gt}.",
        "error.field.too_long": "may have at most {max_length} characters.",
        "error.field.too_short": "must have at least {min_length} characters.",
        "error.field.date": "must be a date (YYYY-MM-DD).",
        "error.field.choice": "has a value that is not one of the choices.",
        "error.field.other": "has a value that is not valid.",
        "error.invalid_input": "The input is not valid.",
        "error.conflict": "The action would exceed the budget frame.",
        "error.unavailable": "An external service does not answer right now.",
        "error.too_many": "Too many attempts. Please wait a while.",
        "error.method_not_allowed": "The method is not allowed here.",
        "error.internal": "An unexpected error occurred.",
        # Area pages.
        "level.deso": "DeSO",
        "level.regso": "RegSO",
        "level.sub_area": "sub-area",
        "level.district": "district",
        "level.municipality": "municipality",
        "areas.list_title": "Areas",
        "areas.level_label": "Level",
        "areas.show": "Show",
        "areas.list_caption": "Areas at the level {level}: {count}.",
        "areas.col_name": "Name",
        "areas.col_code": "Code",
        "areas.col_year": "Year",
        "areas.parent": "Part of",
        "areas.children": "Made up of",
        "areas.none": "None",
        "areas.city": "The whole city",
        "areas.synthetic": (
            "Synthetic demo data: the areas and values are invented and do not describe real "
            "conditions."
        ),
        "areas.profile_title": "{name} ({level})",
        "areas.public_note": "Public version: small counts are hidden to protect individuals.",
        "areas.indicators": "Indicators over time",
        "areas.no_data": "There are no values for this area.",
        "areas.chart_title": (
            "Line chart: {indicator} per year for {area} (solid line) compared with {city} "
            "(dashed line). The same values are in the table below the chart."
        ),
        "areas.table_caption": "{indicator}: {area} and {city} per year",
        "areas.hidden_primary": "hidden to protect individuals (too few people)",
        "areas.hidden_secondary": "hidden so that another hidden value cannot be worked out",
        "areas.disclosure_explained": (
            "– means the value is hidden or missing. Counts from 1 to 4 are not shown, nor are "
            "shares of fewer than 10 people or shares that amount to 1-4 people (or all but "
            "1-4), nor a value that would let a hidden value be worked out from the total of a "
            "district or the whole city."
        ),
        "map.title": "Map of the sub-areas",
        "map.indicator": "Indicator",
        "map.year": "Year",
        "map.latest": "Latest year",
        "map.show": "Show map",
        "map.caption": "{indicator}, {year}, per sub-area",
        "map.svg_title": (
            "Map of the sub-areas coloured by {indicator} {year}; a lighter colour means a "
            "lower value. Each area is a link to its profile. The same data are in the table "
            "below the map."
        ),
        "map.area_label": "{name}: {value}",
        "map.legend": "Legend",
        "map.hidden": "hidden or missing",
        "map.table_caption": "{indicator}, {year}, per sub-area (the same data as the map)",
        "map.col_class": "Class on the map (1 = lowest)",
        "map.no_indicators": "There are no statistics to show yet.",
        "nav.index_runs": "Index runs",
        "nav.areas": "Areas",
        "nav.map": "Map",
        "runs.title": "Index runs",
        "runs.intro": (
            "A vulnerability index computed on one year's stored statistics, with "
            "uncertainty from Monte Carlo draws."
        ),
        "runs.new": "New index run",
        "runs.compare": "Compare two runs",
        "runs.list_caption": "All index runs, newest first",
        "runs.none": "No index runs yet.",
        "runs.col_id": "No.",
        "runs.col_name": "Name",
        "runs.col_spec": "Index spec",
        "runs.col_year": "Year",
        "runs.col_draws": "Draws",
        "runs.col_status": "Status",
        "runs.col_created": "Created",
        "runs.status.queued": "queued",
        "runs.status.running": "running",
        "runs.status.done": "done",
        "runs.status.failed": "failed",
        "runs.invalid": (
            "The index run could not be created: the index spec or the details are not valid."
        ),
        "runs.spec_legend": "Index spec",
        "runs.stored_spec": "Stored spec",
        "runs.upload": "Or upload a spec (TOML file)",
        "runs.upload_help": "An uploaded file is used instead of the chosen stored spec.",
        "runs.year": "Year",
        "runs.no_years": "There are no stored sub-area statistics yet.",
        "runs.n_draws": "Number of Monte Carlo draws",
        "runs.seed": "Random seed",
        "runs.top_k": "Number of most vulnerable areas (k)",
        "runs.top_k_help": "Empty: the spec's k, else the most vulnerable tenth.",
        "runs.name": "Name of the run (optional)",
        "runs.start": "Start the run",
        "runs.spec_hash": "Spec checksum",
        "runs.progress": "Progress",
        "runs.refreshing": "The page refreshes every {seconds} seconds until the run is done.",
        "runs.failed": "The run failed.",
        "runs.compare_with": "Compare with another run",
        "runs.ranking_caption": "Ranking of {n} areas in {year}; select a column heading to sort",
        "runs.col.rank": "Rank",
        "runs.col.area_code": "Area code",
        "runs.col.area_name": "Area",
        "runs.col.score": "Score",
        "runs.col.class": "Class",
        "runs.col.rank_median": "Median rank",
        "runs.col.p_top_k": "Probability of being among the {k} most vulnerable",
        "runs.col.interval": "Rank interval (5-95 %)",
        "runs.interval_text": "Rank {low} to {high} in 90 % of the draws",
        "runs.table_note": (
            "Rank 1 is the most vulnerable. The rank interval shows the 5th to 95th "
            "percentile of the rank over the draws; k = {k}."
        ),
        "runs.compare_a": "Earlier run (a)",
        "runs.compare_b": "Later run (b)",
        "runs.compare_submit": "Compare",
        "runs.compare_caption": "Areas that moved between run {a} and {b}, largest move first",
        "runs.compare_rank_a": "Rank in a",
        "runs.compare_rank_b": "Rank in b",
        "runs.compare_change": "Move",
        "runs.compare_class": "Class a → b",
        "runs.moved_up": "{n} places more vulnerable",
        "runs.moved_down": "{n} places less vulnerable",
        "runs.unchanged": "unchanged",
    },
}


def choose_language(query_value: str | None, cookie_value: str | None) -> str:
    """The language asked for in the query string, else the cookie's, else Swedish."""
    for candidate in (query_value, cookie_value):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def catalogues() -> dict[str, dict[str, dict[str, str]]]:
    """Every catalogue by the module that defines it, this one first."""
    found = {__name__: MESSAGES}
    for name in CATALOGUE_MODULES:
        found[name] = importlib.import_module(name).MESSAGES
    return found


@cache
def all_messages() -> dict[str, dict[str, str]]:
    """The merged catalogue of every language."""
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for catalogue in catalogues().values():
        for lang in LANGUAGES:
            merged[lang].update(catalogue[lang])
    return merged


def translate(language: str, key: str, **params: object) -> str:
    """The text for ``key`` in ``language``; a missing key is a bug, so it raises ``KeyError``."""
    text = all_messages()[language if language in LANGUAGES else DEFAULT_LANGUAGE][key]
    return text.format(**params) if params else text


def describe_error(language: str, error: Exception) -> str:
    """What went wrong, for a page in ``language``: the error's catalogue text when it has one
    (see :class:`kraftsamling.core.errors.KraftsamlingError`), else its own message."""
    key = getattr(error, "key", None)
    if key is not None:
        return translate(language, key, **getattr(error, "params", {}))
    return str(error)
