"""The admins' user pages: the list of accounts, creating one, password resets, deactivation,
lifting a log-in delay.

An action that cannot be undone (a password reset, a deactivation) is never one click: the
list links to a confirmation page that says what will happen (a plain GET, so no script is
needed), and only its form posts the change. A post without that form's ``confirm`` field (an
old page, a hand-made request) is sent to the confirmation page instead. A deactivation also
asks why; the reason is kept in the audit entry.

Every form that succeeds answers with a redirect to the list (post/redirect/get), so reloading
the page never repeats the change, except the password reset: its new password is shown once,
in the answer itself, because carrying it across a redirect would mean storing it somewhere
(the URL, a cookie or a table) outside this one response. Its form carries a once token
(:mod:`kraftsamling.web.once`) instead, so a reload of that answer resets nothing again.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts import lifecycle, service
from kraftsamling.accounts.confirm import confirm_page, confirmed
from kraftsamling.accounts.models import User, actor_of
from kraftsamling.accounts.roles import Role
from kraftsamling.accounts.secrets import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from kraftsamling.accounts.views import HELPERS, QueryRecordId
from kraftsamling.core.errors import InvalidInput
from kraftsamling.web.deps import AdminUser, ConfigDep, RecordId, SessionDep, request_id
from kraftsamling.web.once import is_current, once_token
from kraftsamling.web.templating import error_text, render

# Mounted inside the accounts page router, which adds the CSRF check to every form.
router = APIRouter()

# Missing fields arrive empty, so the service names what is missing in the page's language.
FormText = Annotated[str, Form()]
LIMITS = {
    "min": MIN_PASSWORD_LENGTH,
    "max": MAX_PASSWORD_LENGTH,
    "email": service.MAX_EMAIL_LENGTH,
    "name": service.MAX_NAME_LENGTH,
}
EMPTY_FORM = {"email": "", "name": "", "organisation": "", "role": Role.OFFICER.value}


def _reset_state(user: User) -> tuple[object, ...]:
    """What a reset changes: the password's (salted, so always new) hash; the token made from it
    is a one-way digest, so it gives nothing of the hash away (see :mod:`kraftsamling.web.once`)."""
    return ("password-reset", user.id, user.password_hash)


def _users_page(request: Request, db: SessionDep, status_code: int = 200, **extra: Any) -> Response:
    users = service.list_users(db)
    context = {
        "users": users,
        "organisations": service.list_organisations(db),
        "roles": list(Role),
        "limits": LIMITS,
        "notice": None,
        "error": None,
        "error_key": None,
        "form": EMPTY_FORM,
        **HELPERS,
        **extra,
    }
    return render(request, "accounts/admin_users.html", context, status_code=status_code)


@router.get("/admin/users")
def admin_users(
    request: Request,
    db: SessionDep,
    admin: AdminUser,
    changed: QueryRecordId = None,
    created: QueryRecordId = None,
    reset_repeated: QueryRecordId = None,
    unlocked: QueryRecordId = None,
) -> Response:
    notice = None
    if unlocked is not None:
        notice = ("accounts.users.unlocked", {"email": service.get_user(db, unlocked).email})
    elif reset_repeated is not None:
        notice = ("accounts.users.reset_repeated",
                  {"email": service.get_user(db, reset_repeated).email})  # fmt: skip
    elif created is not None:
        notice = ("admin.users.created", {"email": service.get_user(db, created).email})
    elif changed is not None:
        target = service.get_user(db, changed)
        key = "accounts.users.reactivated" if target.active else "accounts.users.deactivated"
        notice = (key, {"email": target.email})
    return _users_page(request, db, notice=notice)


@router.post("/admin/users")
def admin_create_user(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    admin: AdminUser,
    email: FormText = "",
    name: FormText = "",
    organisation: FormText = "",
    role: FormText = "",
    password: FormText = "",
) -> Response:
    try:
        user = service.create_user(
            db,
            email=email,
            name=name,
            organisation_code=organisation,
            role=role,
            password=password,
            policy=config.policy,
            clock=config.clock,
            by=actor_of(admin),
            request_id=request_id(request),
            # The admin typed this password, so it is the user's only until they replace it.
            must_change_password=True,
        )
    except InvalidInput as exc:
        # Everything typed comes back except the password, which is never sent to a browser.
        typed = {"email": email, "name": name, "organisation": organisation, "role": role}
        error = error_text(request, exc)
        return _users_page(request, db, status_code=422, error=error, form=typed)
    return RedirectResponse(f"/admin/users?created={user.id}", status_code=303)


def _subject(user: User) -> dict[str, str]:
    return {"name": user.name, "email": user.email}


@router.get("/admin/users/{user_id}/password")
def admin_reset_confirm(
    request: Request, db: SessionDep, admin: AdminUser, user_id: RecordId
) -> Response:
    """What a reset does, and the form that does it (with the once token of the list's form)."""
    user = service.get_user(db, user_id)
    return confirm_page(
        request, name="reset", action=f"/admin/users/{user.id}/password", back="/admin/users",
        subject=_subject(user), hidden={"once": once_token(request, *_reset_state(user))},
    )  # fmt: skip


@router.post("/admin/users/{user_id}/password")
def admin_reset_password(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    admin: AdminUser,
    user_id: RecordId,
    once: FormText = "",
    confirm: FormText = "",
) -> Response:
    if not is_current(request, once, *_reset_state(service.get_user(db, user_id))):
        # Sent before: a reload of the answer that showed the password must not reset it again.
        return RedirectResponse(f"/admin/users?reset_repeated={user_id}", status_code=303)
    if not confirmed(confirm):
        return RedirectResponse(f"/admin/users/{user_id}/password", status_code=303)
    password = service.reset_password(
        db,
        user_id=user_id,
        policy=config.policy,
        clock=config.clock,
        by=actor_of(admin),
        request_id=request_id(request),
    )
    email = service.get_user(db, user_id).email
    notice = ("admin.users.reset_done", {"email": email, "password": password})
    return _users_page(request, db, notice=notice)


def _deactivate_page(
    request: Request, user: User, *, reason: str = "", error: str | None = None
) -> Response:
    return confirm_page(
        request, name="deactivate", action=f"/admin/users/{user.id}/deactivate",
        back="/admin/users", subject=_subject(user), error=error,
        reason={"value": reason, "min": lifecycle.MIN_REASON, "max": lifecycle.MAX_REASON},
    )  # fmt: skip


@router.get("/admin/users/{user_id}/deactivate")
def admin_deactivate_confirm(
    request: Request, db: SessionDep, admin: AdminUser, user_id: RecordId
) -> Response:
    return _deactivate_page(request, service.get_user(db, user_id))


@router.post("/admin/users/{user_id}/deactivate")
def admin_deactivate_user(
    request: Request,
    db: SessionDep,
    config: ConfigDep,
    admin: AdminUser,
    user_id: RecordId,
    reason: FormText = "",
) -> Response:
    try:
        lifecycle.deactivate_user(
            db,
            user_id=user_id,
            by=actor_of(admin),
            reason=reason,
            clock=config.clock,
            request_id=request_id(request),
        )
    except InvalidInput as exc:
        if exc.key == "accounts.users.cannot_deactivate_self":
            return _users_page(request, db, status_code=422, error_key=exc.key)
        page = _deactivate_page(request, service.get_user(db, user_id), reason=reason,
                                error=error_text(request, exc))  # fmt: skip
        page.status_code = 422
        return page
    return RedirectResponse(f"/admin/users?changed={user_id}", status_code=303)


@router.post("/admin/users/{user_id}/reactivate")
def admin_reactivate_user(
    request: Request, db: SessionDep, config: ConfigDep, admin: AdminUser, user_id: RecordId
) -> Response:
    lifecycle.reactivate_user(
        db, user_id=user_id, by=actor_of(admin), clock=config.clock, request_id=request_id(request)
    )
    return RedirectResponse(f"/admin/users?changed={user_id}", status_code=303)


@router.post("/admin/users/{user_id}/unlock")
def admin_unlock_login(
    request: Request, db: SessionDep, config: ConfigDep, admin: AdminUser, user_id: RecordId
) -> Response:
    """Lift the log-in delay of a colleague who was locked out by someone else's wrong tries."""
    service.unlock_login(
        db, user_id=user_id, by=actor_of(admin), clock=config.clock, request_id=request_id(request)
    )
    return RedirectResponse(f"/admin/users?unlocked={user_id}", status_code=303)
