"""User-interface text of the accounts pages added after the first release, Swedish and English.

The older accounts strings are still in ``kraftsamling.web.i18n``; both are merged there.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "accounts.login.throttled": (
            "För många misslyckade försök med den här e-postadressen härifrån. Vänta {seconds} "
            "sekunder och försök igen; väntetiden växer med varje nytt fel, men högst till en "
            "minut. Har du glömt lösenordet kan en administratör ge dig ett nytt."
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
        "accounts.users.error.email": (
            "Ange en e-postadress som namn@exempel.se; det angivna saknar @."
        ),
        "accounts.users.error.email_long": (
            "E-postadressen får ha högst {max} tecken; den angivna har {length}."
        ),
        "accounts.users.error.name": "Ange användarens namn.",
        "accounts.users.error.name_long": (
            "Namnet får ha högst {max} tecken; det angivna har {length}."
        ),
        "accounts.users.error.exists": "Det finns redan en användare med e-postadressen {email}.",
        "accounts.users.error.organisation": (
            "Organisationen ”{code}” finns inte. Välj en organisation i listan."
        ),
        "accounts.users.error.role": "Rollen ”{role}” finns inte. Välj en roll i listan.",
        "accounts.users.error.coordinator": (
            "En samordnare måste höra till stadskontoret. Välj stadskontoret eller en annan roll."
        ),
        "accounts.password.length": (
            "Lösenordet måste ha minst {min} och högst {max} tecken; det angivna har {length}."
        ),
        "accounts.tokens.error.name": (
            "Ge nyckeln ett namn på 1–{max} tecken; det angivna har {length} tecken."
        ),
        "accounts.users.unlock": "Häv inloggningsspärr",
        "accounts.users.unlock_help": (
            "Efter fem felaktiga lösenord får nästa inloggning med samma e-postadress från samma "
            "nätverksadress vänta en stund, som längst en minut. Häv inloggningsspärr om någon "
            "annans felförsök hindrar en kollega från att logga in; det förs in i "
            "granskningsloggen."
        ),
        "accounts.users.unlocked": (
            "Inloggningsspärren för {email} är hävd: tidigare misslyckade försök räknas inte "
            "längre."
        ),
        "accounts.tokens.repeated": (
            "Formuläret hade redan skickats, så ingen ny nyckel skapades. En nyckel visas bara "
            "en gång: har du inte sparat den, återkalla den och skapa en ny."
        ),
        "accounts.users.reset_repeated": (
            "Lösenordet för {email} var redan återställt, så det återställdes inte igen. Det "
            "nya lösenordet visas bara en gång: har du inte sparat det, välj Nytt lösenord igen."
        ),
        "accounts.tokens.col_last_used": "Senast använd",
        "accounts.tokens.never_used": "aldrig",
        "accounts.tokens.col_actions": "Åtgärd",
        "accounts.account.title": "Mitt konto",
        "accounts.account.manage": "Hantera kontot",
        "accounts.account.admin_hint": (
            "Namn, e-postadress, organisation och roll ändras av en administratör."
        ),
        "accounts.home.signed_in": "Du är inloggad som {role}. Det här kan du arbeta med:",
        "accounts.login.expired": (
            "Din session har gått ut, så du har loggats ut. Logga in igen för att fortsätta där "
            "du var."
        ),
        "accounts.login.kept": (
            "Det du skrev i formuläret är sparat och fylls i igen när du har loggat in. "
            "Lösenord sparas aldrig."
        ),
        "accounts.restore.filled": (
            "Din session hade gått ut när du skickade formuläret. Det du skrev är ifyllt igen: "
            "kontrollera det och skicka formuläret på nytt."
        ),
        "accounts.restore.listed": (
            "Din session hade gått ut när du skickade formuläret. Det här skrev du; formuläret "
            "finns inte på den här sidan längre, så kopiera det du behöver:"
        ),
        "accounts.restore.lost": (
            "Det du skrev innan sessionen gick ut finns inte kvar (det sparas i 30 minuter). "
            "Fyll i formuläret igen."
        ),
        "accounts.confirm.back": "Tillbaka utan att ändra något",
        "accounts.confirm.reason": "Skäl (förs in i granskningsloggen)",
        "accounts.confirm.reason_help": "Skriv kort varför, {min}–{max} tecken.",
        "accounts.confirm.reset.title": "Ge ett nytt lösenord?",
        "accounts.confirm.reset.about": "Konto: {name} ({email}).",
        "accounts.confirm.reset.text": (
            "Kontots nuvarande lösenord slutar gälla och alla dess inloggningar avslutas. Ett "
            "nytt, tillfälligt lösenord visas en enda gång på nästa sida; användaren måste byta "
            "det vid nästa inloggning. Det går inte att ångra."
        ),
        "accounts.confirm.reset.button": "Ge nytt lösenord",
        "accounts.confirm.deactivate.title": "Avaktivera kontot?",
        "accounts.confirm.deactivate.about": "Konto: {name} ({email}).",
        "accounts.confirm.deactivate.text": (
            "Kontot kan inte längre logga in, och alla dess inloggningar och API-nycklar "
            "avslutas nu. En återaktivering låter kontot logga in igen men ger inte tillbaka "
            "inloggningarna eller nycklarna."
        ),
        "accounts.confirm.deactivate.button": "Avaktivera kontot",
        "accounts.confirm.revoke.title": "Återkalla API-nyckeln?",
        "accounts.confirm.revoke.about": "Nyckel: {name} ({prefix}…).",
        "accounts.confirm.revoke.text": (
            "Program som använder nyckeln nekas åtkomst från och med nu. En återkallad nyckel "
            "kan inte göras giltig igen; skapa i så fall en ny."
        ),
        "accounts.confirm.revoke.button": "Återkalla nyckeln",
        "accounts.users.error.reason": (
            "Skriv ett skäl på {min}–{max} tecken; det angivna har {length} tecken."
        ),
    },
    "en": {
        "accounts.login.throttled": (
            "Too many failed attempts with this e-mail address from here. Wait {seconds} seconds "
            "and try again; the wait grows with each new failure, but to a minute at most. If "
            "you have forgotten your password, an administrator can give you a new one."
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
        "accounts.users.error.email": (
            "Enter an e-mail address like name@example.se; the one given has no @."
        ),
        "accounts.users.error.email_long": (
            "The e-mail address may have at most {max} characters; the one given has {length}."
        ),
        "accounts.users.error.name": "Enter the user's name.",
        "accounts.users.error.name_long": (
            "The name may have at most {max} characters; the one given has {length}."
        ),
        "accounts.users.error.exists": "There is already a user with the e-mail address {email}.",
        "accounts.users.error.organisation": (
            "The organisation “{code}” does not exist. Choose an organisation from the list."
        ),
        "accounts.users.error.role": (
            "The role “{role}” does not exist. Choose a role from the list."
        ),
        "accounts.users.error.coordinator": (
            "A coordinator must belong to the city office. Choose the city office or another role."
        ),
        "accounts.password.length": (
            "The password must have at least {min} and at most {max} characters; "
            "the one given has {length}."
        ),
        "accounts.tokens.error.name": (
            "Give the token a name of 1–{max} characters; the one given has {length} characters."
        ),
        "accounts.users.unlock": "Lift log-in delay",
        "accounts.users.unlock_help": (
            "After five wrong passwords, the next log-in with the same e-mail address from the "
            "same network address must wait a while, a minute at most. Lift the log-in delay when "
            "someone else's wrong attempts keep a colleague from logging in; it is recorded in "
            "the audit trail."
        ),
        "accounts.users.unlocked": (
            "The log-in delay of {email} is lifted: earlier failed attempts no longer count."
        ),
        "accounts.tokens.repeated": (
            "The form had already been sent, so no new token was created. A token is shown only "
            "once: if you did not store it, revoke it and create a new one."
        ),
        "accounts.users.reset_repeated": (
            "The password of {email} had already been reset, so it was not reset again. The new "
            "password is shown only once: if you did not store it, choose New password again."
        ),
        "accounts.tokens.col_last_used": "Last used",
        "accounts.tokens.never_used": "never",
        "accounts.tokens.col_actions": "Action",
        "accounts.account.title": "My account",
        "accounts.account.manage": "Manage the account",
        "accounts.account.admin_hint": (
            "Name, e-mail address, organisation and role are changed by an administrator."
        ),
        "accounts.home.signed_in": "You are signed in as {role}. This is what you can work with:",
        "accounts.login.expired": (
            "Your session has expired, so you have been logged out. Log in again to continue "
            "where you were."
        ),
        "accounts.login.kept": (
            "What you typed in the form is kept and filled in again once you have logged in. "
            "Passwords are never kept."
        ),
        "accounts.restore.filled": (
            "Your session had expired when you sent the form. What you typed is filled in again: "
            "check it and send the form once more."
        ),
        "accounts.restore.listed": (
            "Your session had expired when you sent the form. This is what you typed; the form "
            "is no longer on this page, so copy what you need:"
        ),
        "accounts.restore.lost": (
            "What you typed before the session expired is no longer kept (it is kept for 30 "
            "minutes). Fill in the form again."
        ),
        "accounts.confirm.back": "Back without changing anything",
        "accounts.confirm.reason": "Reason (kept in the audit trail)",
        "accounts.confirm.reason_help": "Say briefly why, {min}–{max} characters.",
        "accounts.confirm.reset.title": "Give a new password?",
        "accounts.confirm.reset.about": "Account: {name} ({email}).",
        "accounts.confirm.reset.text": (
            "The account's current password stops working and all its sessions end. A new, "
            "temporary password is shown once on the next page; the user must change it at "
            "their next log-in. This cannot be undone."
        ),
        "accounts.confirm.reset.button": "Give a new password",
        "accounts.confirm.deactivate.title": "Deactivate the account?",
        "accounts.confirm.deactivate.about": "Account: {name} ({email}).",
        "accounts.confirm.deactivate.text": (
            "The account can no longer log in, and all its sessions and API tokens end now. "
            "Reactivating lets the account log in again but brings back no session or token."
        ),
        "accounts.confirm.deactivate.button": "Deactivate the account",
        "accounts.confirm.revoke.title": "Revoke the API token?",
        "accounts.confirm.revoke.about": "Token: {name} ({prefix}…).",
        "accounts.confirm.revoke.text": (
            "Programs that use the token are refused from now on. A revoked token cannot be made "
            "valid again; create a new one instead."
        ),
        "accounts.confirm.revoke.button": "Revoke the token",
        "accounts.users.error.reason": (
            "Give a reason of {min}–{max} characters; the one given has {length} characters."
        ),
    },
}
