"""User-interface text in Swedish (default) and English, and the choice between them.

A plain catalogue keeps every string in one place; a test checks both languages have the same
keys and the same ``{placeholders}``.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("sv", "en")
DEFAULT_LANGUAGE: Final = "sv"

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
        "nav.language": "In English",
        "nav.signed_in_as": "Inloggad som {name} ({role})",
        "home.title": "Kraftsamling – områdesanalys för kraftsamlande insatser",
        "home.intro": (
            "Malmö stad samlar förebyggande insatser i några utvalda delområden så att fler unga "
            "arbetar eller studerar efter årskurs 9. Här analyseras områdena med ett öppet index "
            "för utsatthet, målområden väljs i samråd med nämnderna och resultaten följs upp."
        ),
        "home.public": "Offentliga sidor",
        "home.public_text": "Målområden, hur indexet är byggt och områdesprofiler (kommer snart).",
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
        "login.throttled": (
            "För många misslyckade försök. Vänta 15 minuter innan du försöker igen."
        ),
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
        "error.invalid_input": "Uppgifterna är felaktiga.",
        "error.conflict": "Åtgärden skulle överskrida budgetramen.",
        "error.unavailable": "En extern tjänst svarar inte just nu.",
        "error.too_many": "För många försök. Vänta en stund.",
        "error.method_not_allowed": "Metoden är inte tillåten här.",
        "error.internal": "Ett oväntat fel inträffade.",
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
        "home.public_text": "Target areas, how the index is built and area profiles (coming soon).",
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
        "login.throttled": "Too many failed attempts. Wait 15 minutes before trying again.",
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
        "error.invalid_input": "The input is not valid.",
        "error.conflict": "The action would exceed the budget frame.",
        "error.unavailable": "An external service does not answer right now.",
        "error.too_many": "Too many attempts. Please wait a while.",
        "error.method_not_allowed": "The method is not allowed here.",
        "error.internal": "An unexpected error occurred.",
    },
}


def choose_language(query_value: str | None, cookie_value: str | None) -> str:
    """The language asked for in the query string, else the cookie's, else Swedish."""
    for candidate in (query_value, cookie_value):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def translate(language: str, key: str, **params: object) -> str:
    """The text for ``key`` in ``language``; a missing key is a bug, so it raises ``KeyError``."""
    text = MESSAGES[language if language in LANGUAGES else DEFAULT_LANGUAGE][key]
    return text.format(**params) if params else text
