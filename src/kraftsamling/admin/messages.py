"""User-interface text of the admin pages, Swedish and English (merged by ``web.i18n``)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "admin.audit.title": "Granskningslogg",
        "admin.audit.intro": (
            "Varje ändring i Kraftsamling loggas här: vem som gjorde vad, när, med vilket "
            "objekt och hur det såg ut före och efter. Alla tider på sidan är svensk tid, även i "
            "Före och Efter. Varje post kontrolleras mot kedjan av kontrollsummor, så att en "
            "ändrad eller borttagen post syns."
        ),
        "admin.audit.filter": "Filter",
        "admin.audit.field.actor_id": "Användare",
        "admin.audit.field.action": "Händelse",
        "admin.audit.field.object_type": "Objekttyp",
        "admin.audit.field.object_id": "Objektets id",
        "admin.audit.field.date_from": "Från och med datum",
        "admin.audit.field.date_to": "Till och med datum",
        "admin.audit.field.page": "Sidnummer",
        "admin.audit.field.per_page": "Poster per sida",
        "admin.audit.any": "Alla",
        "admin.audit.date_hint": "ÅÅÅÅ-MM-DD",
        "admin.audit.submit": "Visa poster",
        "admin.audit.clear": "Rensa filtret",
        "admin.audit.export": "Exportera urvalet som CSV",
        "admin.audit.export_hint": (
            "CSV-filen är semikolonseparerad och UTF-8-kodad, så att Excel visar å, ä och ö rätt. "
            "Den innehåller alla poster som matchar filtret, äldst först, med de lagrade värdena: "
            "koder i stället för ord och tider i UTC, så att kedjan kan kontrolleras från filen. "
            "Exporten loggas med ditt namn, filtret och antalet rader."
        ),
        "admin.audit.invalid": "Filtret kunde inte användas. Rätta följande och försök igen:",
        "admin.audit.error.number": "{field} ska vara ett heltal större än noll; fick ”{value}”.",
        "admin.audit.error.name": (
            "{field} ska vara ett namn med små bokstäver, siffror och understreck, "
            "till exempel state_change; fick ”{value}”."
        ),
        "admin.audit.error.date": (
            "{field} ska vara ett datum som 2026-02-01; ”{value}” är inget giltigt datum."
        ),
        "admin.audit.error.order": (
            "{field} får inte vara före Från och med datum; fick ”{value}”."
        ),
        "admin.audit.error.length": "{field} får ha högst 200 tecken; fick ”{value}”.",
        "admin.audit.error.page": "{field} ska vara ett heltal från 1; fick ”{value}”.",
        "admin.audit.entries": "Poster",
        "admin.audit.showing": "Visar post {first}–{last} av {total}.",
        "admin.audit.none": "Inga poster matchar filtret.",
        "admin.audit.chain_ok": "Alla {count} poster på sidan stämmer med kedjan.",
        "admin.audit.chain_broken": (
            "{count} poster på sidan stämmer inte med kedjan. Kör kraftsamling audit verify och "
            "kontakta systemförvaltningen."
        ),
        "admin.audit.caption": "Poster i granskningsloggen, nyast först",
        "admin.audit.col.id": "Nr",
        "admin.audit.col.at": "Tid",
        "admin.audit.col.actor": "Användare",
        "admin.audit.col.action": "Händelse",
        "admin.audit.col.object": "Objekt",
        "admin.audit.col.before": "Före",
        "admin.audit.col.after": "Efter",
        "admin.audit.col.request": "Begäran",
        "admin.audit.col.chain": "Kedjan",
        "admin.audit.no_account": "(inget konto)",
        "admin.audit.verified": "Stämmer",
        "admin.audit.break.edited": "Stämmer inte: posten har ändrats",
        "admin.audit.break.deleted": "Stämmer inte: föregående post saknas",
        "admin.audit.break.relinked": "Stämmer inte: länken till föregående post är bruten",
        "admin.audit.pages": "Sidor i granskningsloggen",
        "admin.audit.previous": "Föregående sida",
        "admin.audit.next": "Nästa sida",
        "admin.audit.page_of": "Sida {page} av {pages}",
        "admin.audit.error.unknown": (
            "Det finns inget filter som heter ”{field}” (fick ”{value}”). Välj filter i formuläret."
        ),
        "admin.audit.action.create": "Skapande",
        "admin.audit.action.update": "Ändring",
        "admin.audit.action.delete": "Borttagning",
        "admin.audit.action.state_change": "Statusändring",
        "admin.audit.action.login": "Inloggning",
        "admin.audit.action.login_failed": "Misslyckad inloggning",
        "admin.audit.action.logout": "Utloggning",
        "admin.audit.action.export": "Export",
        "admin.audit.action.import": "Import",
        "admin.audit.action.deactivate": "Avaktivering",
        "admin.audit.action.reactivate": "Återaktivering",
        "admin.audit.object.user": "Användarkonto",
        "admin.audit.object.api_token": "API-nyckel",
        "admin.audit.object.organisation": "Organisation",
        "admin.audit.object.audit_entries": "Granskningsloggen",
        "admin.audit.object.index_run": "Indexkörning",
        "admin.audit.object.selection_round": "Urvalsomgång",
        "admin.audit.object.selection_round_comment": "Synpunkt på urvalsomgång",
        "admin.audit.object.areas": "Områden",
        "admin.audit.object.indicators": "Indikatorer",
        "admin.audit.object.observations": "Statistikvärden",
        "admin.audit.object.calloff": "Avrop",
    },
    "en": {
        "admin.audit.title": "Audit trail",
        "admin.audit.intro": (
            "Every change in Kraftsamling is recorded here: who did what, when, to which object, "
            "and how it looked before and after. Every time on this page is Swedish time, also "
            "in Before and After. Each entry is checked against the chain of checksums, so that "
            "an edited or removed entry shows."
        ),
        "admin.audit.filter": "Filter",
        "admin.audit.field.actor_id": "User",
        "admin.audit.field.action": "Action",
        "admin.audit.field.object_type": "Object type",
        "admin.audit.field.object_id": "Object id",
        "admin.audit.field.date_from": "From date",
        "admin.audit.field.date_to": "To date (inclusive)",
        "admin.audit.field.page": "Page number",
        "admin.audit.field.per_page": "Entries per page",
        "admin.audit.any": "All",
        "admin.audit.date_hint": "YYYY-MM-DD",
        "admin.audit.submit": "Show entries",
        "admin.audit.clear": "Clear the filter",
        "admin.audit.export": "Export the selection as CSV",
        "admin.audit.export_hint": (
            "The CSV file is semicolon-separated and UTF-8 encoded, so that Excel shows Swedish "
            "letters correctly. It holds every entry matching the filter, oldest first, with the "
            "stored values: codes instead of words and times in UTC, so that the chain can be "
            "checked from the file. The export is recorded with your name, the filter and the "
            "number of rows."
        ),
        "admin.audit.invalid": "The filter could not be used. Correct the following and retry:",
        "admin.audit.error.number": "{field} must be a whole number above zero; got “{value}”.",
        "admin.audit.error.name": (
            "{field} must be a name of lower-case letters, digits and underscores, "
            "such as state_change; got “{value}”."
        ),
        "admin.audit.error.date": (
            "{field} must be a date like 2026-02-01; “{value}” is not a valid date."
        ),
        "admin.audit.error.order": "{field} must not be before the from date; got “{value}”.",
        "admin.audit.error.length": "{field} may have at most 200 characters; got “{value}”.",
        "admin.audit.error.page": "{field} must be a whole number from 1; got “{value}”.",
        "admin.audit.entries": "Entries",
        "admin.audit.showing": "Showing entries {first}–{last} of {total}.",
        "admin.audit.none": "No entries match the filter.",
        "admin.audit.chain_ok": "All {count} entries on this page agree with the chain.",
        "admin.audit.chain_broken": (
            "{count} entries on this page do not agree with the chain. Run kraftsamling audit "
            "verify and contact the system administrators."
        ),
        "admin.audit.caption": "Entries of the audit trail, newest first",
        "admin.audit.col.id": "No.",
        "admin.audit.col.at": "Time",
        "admin.audit.col.actor": "User",
        "admin.audit.col.action": "Action",
        "admin.audit.col.object": "Object",
        "admin.audit.col.before": "Before",
        "admin.audit.col.after": "After",
        "admin.audit.col.request": "Request",
        "admin.audit.col.chain": "Chain",
        "admin.audit.no_account": "(no account)",
        "admin.audit.verified": "Agrees",
        "admin.audit.break.edited": "Does not agree: the entry was edited",
        "admin.audit.break.deleted": "Does not agree: the entry before it is missing",
        "admin.audit.break.relinked": "Does not agree: the link to the entry before it is broken",
        "admin.audit.pages": "Pages of the audit trail",
        "admin.audit.previous": "Previous page",
        "admin.audit.next": "Next page",
        "admin.audit.page_of": "Page {page} of {pages}",
        "admin.audit.error.unknown": (
            "There is no filter called “{field}” (got “{value}”). Choose filters in the form."
        ),
        "admin.audit.action.create": "Creation",
        "admin.audit.action.update": "Change",
        "admin.audit.action.delete": "Deletion",
        "admin.audit.action.state_change": "Status change",
        "admin.audit.action.login": "Login",
        "admin.audit.action.login_failed": "Failed login",
        "admin.audit.action.logout": "Logout",
        "admin.audit.action.export": "Export",
        "admin.audit.action.import": "Import",
        "admin.audit.action.deactivate": "Deactivation",
        "admin.audit.action.reactivate": "Reactivation",
        "admin.audit.object.user": "User account",
        "admin.audit.object.api_token": "API token",
        "admin.audit.object.organisation": "Organisation",
        "admin.audit.object.audit_entries": "Audit trail",
        "admin.audit.object.index_run": "Index run",
        "admin.audit.object.selection_round": "Selection round",
        "admin.audit.object.selection_round_comment": "Comment on a selection round",
        "admin.audit.object.areas": "Areas",
        "admin.audit.object.indicators": "Indicators",
        "admin.audit.object.observations": "Statistical values",
        "admin.audit.object.calloff": "Call-off",
    },
}
