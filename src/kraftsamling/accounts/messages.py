"""User-interface text of the accounts pages added after the first release, Swedish and English.

The older accounts strings are still in ``kraftsamling.web.i18n``; both are merged there.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "accounts.login.throttled": (
            "För många misslyckade försök. Vänta {minutes} min innan du försöker igen."
        ),
        "accounts.password.required": (
            "Ditt lösenord har satts av en administratör. Välj ett eget lösenord innan du "
            "fortsätter; inget annat i Kraftsamling går att använda innan dess."
        ),
        "accounts.password.temporary": "Tillfälligt lösenord",
        "accounts.password.reused": "Det nya lösenordet måste skilja sig från det tillfälliga.",
        "accounts.users.status": "Status",
        "accounts.users.actions": "Åtgärder",
        "accounts.users.status_active": "Aktiv",
        "accounts.users.status_must_change": "Aktiv, måste byta lösenord",
        "accounts.users.status_inactive": "Avaktiverad {date}",
        "accounts.users.deactivate": "Avaktivera",
        "accounts.users.reactivate": "Återaktivera",
        "accounts.users.deactivated": (
            "Kontot {email} är avaktiverat. Dess inloggningar och API-nycklar har avslutats."
        ),
        "accounts.users.reactivated": "Kontot {email} är aktivt och kan logga in igen.",
        "accounts.users.cannot_deactivate_self": (
            "Du kan inte avaktivera ditt eget konto. Be en annan administratör."
        ),
        "accounts.users.temporary_hint": (
            "Lösenordet är tillfälligt: användaren måste byta det vid första inloggningen."
        ),
    },
    "en": {
        "accounts.login.throttled": (
            "Too many failed attempts. Wait {minutes} min before trying again."
        ),
        "accounts.password.required": (
            "Your password was set by an administrator. Choose your own password before you "
            "continue; nothing else in Kraftsamling can be used until then."
        ),
        "accounts.password.temporary": "Temporary password",
        "accounts.password.reused": "The new password must differ from the temporary one.",
        "accounts.users.status": "Status",
        "accounts.users.actions": "Actions",
        "accounts.users.status_active": "Active",
        "accounts.users.status_must_change": "Active, must change password",
        "accounts.users.status_inactive": "Deactivated {date}",
        "accounts.users.deactivate": "Deactivate",
        "accounts.users.reactivate": "Reactivate",
        "accounts.users.deactivated": (
            "The account {email} is deactivated. Its sessions and API tokens have been ended."
        ),
        "accounts.users.reactivated": "The account {email} is active and can log in again.",
        "accounts.users.cannot_deactivate_self": (
            "You cannot deactivate your own account. Ask another administrator."
        ),
        "accounts.users.temporary_hint": (
            "The password is temporary: the user must change it at their first login."
        ),
    },
}
