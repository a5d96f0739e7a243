"""Forced password change, deactivation and the authentication policy from settings, at the
service level on both databases, and the migration that added the two account flags."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts import lifecycle, service, sessions
from kraftsamling.accounts.models import ApiToken, User, WebSession, actor_of
from kraftsamling.accounts.secrets import FAST_TEST_POLICY, AuthPolicy, as_utc
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core.audit import SYSTEM, AuditEntry, verify
from kraftsamling.core.db import make_engine, transaction
from kraftsamling.core.errors import InvalidInput, NotFound, PermissionDenied
from kraftsamling.core.migrate import downgrade, upgrade
from kraftsamling.core.settings import Settings

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)
WHY = "Slutat på förvaltningen."
OFFICER = "handlaggare@kraftsamling.example"
ADMIN = "admin@kraftsamling.example"


def clock() -> dt.datetime:
    return NOW


@pytest.fixture
def seeded(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with transaction(session_factory) as session:
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock)
    return session_factory


def _user(session: Session, email: str) -> User:
    return lifecycle.user_by_email(session, email)


def _login(session: Session, email: str, password: str) -> service.LoginResult:
    return service.authenticate(
        session, email=email, password=password, ip="10.0.0.1", policy=FAST_TEST_POLICY,
        clock=clock,
    )  # fmt: skip


# --- forced password change ---------------------------------------------------------------


def test_reset_marks_the_password_temporary_and_change_clears_it(
    seeded: sessionmaker[Session],
) -> None:
    with transaction(seeded) as session:
        officer = _user(session, OFFICER)
        token, row = sessions.start_session(session, user=officer, clock=clock)
        temporary = service.reset_password(
            session, user_id=officer.id, policy=FAST_TEST_POLICY, clock=clock, by=SYSTEM
        )
        assert officer.must_change_password
        assert row.revoked_at is not None  # the reset ended the old session
        result = _login(session, OFFICER, temporary)
        assert result.status is service.LoginStatus.OK
        token, row = sessions.start_session(session, user=officer, clock=clock)
    with transaction(seeded) as session:
        assert (
            sessions.resolve_session(session, token=token, policy=FAST_TEST_POLICY, clock=clock)
            is None
        )
        pending = sessions.resolve_session(
            session, token=token, policy=FAST_TEST_POLICY, clock=clock, allow_pending=True
        )
        assert pending is not None
        with pytest.raises(service.PasswordReused, match="must differ from the temporary one"):
            service.change_password(
                session, user=pending.user, current_password=temporary,
                new_password=temporary, keep_session_id=pending.id, policy=FAST_TEST_POLICY,
                clock=clock,
            )  # fmt: skip
        service.change_password(
            session, user=pending.user, current_password=temporary,
            new_password="ett-eget-losenord", keep_session_id=pending.id,
            policy=FAST_TEST_POLICY, clock=clock,
        )  # fmt: skip
    with transaction(seeded) as session:
        assert not _user(session, OFFICER).must_change_password
        assert sessions.resolve_session(session, token=token, policy=FAST_TEST_POLICY, clock=clock)
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.action == "update"


def test_api_token_of_a_pending_user_is_refused_with_a_reason(
    seeded: sessionmaker[Session],
) -> None:
    with transaction(seeded) as session:
        officer = _user(session, OFFICER)
        plain, _ = service.create_api_token(session, user=officer, name="skript", clock=clock)
        officer.must_change_password = True
    with seeded() as session, pytest.raises(PermissionDenied, match="must be changed"):
        service.resolve_api_token(session, plain=plain, clock=clock)


def test_create_user_with_a_temporary_password(seeded: sessionmaker[Session]) -> None:
    with transaction(seeded) as session:
        user = service.create_user(
            session, email="Ny@Stad.example", name="Ny", organisation_code="KN", role="viewer",
            password="ett-startlosenord", policy=FAST_TEST_POLICY, clock=clock, by=SYSTEM,
            must_change_password=True,
        )  # fmt: skip
        assert user.must_change_password and user.deactivated_at is None
    with seeded() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.after["must_change_password"] is True  # type: ignore[index,call-overload]
        assert "password_hash" not in entry.after  # type: ignore[operator]


@pytest.mark.parametrize(
    ("changes", "key", "english"),
    [
        ({"organisation_code": "NOPE"}, "accounts.users.error.organisation",
         "No organisation with code 'NOPE'; known codes: ASN,"),
        ({"name": "N" * 201}, "accounts.users.error.name_long",
         "A user's name may have at most 200 characters; got 201."),
        ({"email": "a" * 250 + "@x.se"}, "accounts.users.error.email_long",
         "An e-mail address may have at most 254 characters; got 255."),
        ({"role": "boss"}, "accounts.users.error.role", "Unknown role 'boss'"),
        ({"password": "kort"}, "accounts.password.length", "got 4."),
    ],
)  # fmt: skip
def test_refused_users_carry_a_text_for_pages_and_store_nothing(
    seeded: sessionmaker[Session], changes: dict[str, str], key: str, english: str
) -> None:
    valid = {"email": "ny@stad.example", "name": "Ny", "organisation_code": "KN",
             "role": "viewer", "password": "ett-startlosenord"}  # fmt: skip
    with transaction(seeded) as session, pytest.raises(InvalidInput) as caught:
        service.create_user(
            session, **{**valid, **changes}, policy=FAST_TEST_POLICY, clock=clock, by=SYSTEM
        )
    assert caught.value.key == key
    assert english in str(caught.value)
    with seeded() as session:
        assert session.scalar(select(User).where(User.email == "ny@stad.example")) is None
    # A name of exactly the column's size fits.
    with transaction(seeded) as session:
        user = service.create_user(
            session, **{**valid, "name": "N" * 200}, policy=FAST_TEST_POLICY, clock=clock,
            by=SYSTEM,
        )  # fmt: skip
        assert len(user.name) == 200


# --- deactivation ------------------------------------------------------------------------


def test_deactivation_revokes_everything_and_is_audited(seeded: sessionmaker[Session]) -> None:
    with transaction(seeded) as session:
        officer, admin = _user(session, OFFICER), _user(session, ADMIN)
        sessions.start_session(session, user=officer, clock=clock)
        sessions.start_session(session, user=officer, clock=clock)
        service.create_api_token(session, user=officer, name="a", clock=clock)
        sessions.start_session(session, user=admin, clock=clock)
        changed = lifecycle.deactivate_user(
            session, user_id=officer.id, by=actor_of(admin), clock=clock,
            request_id="req-1", reason="Slutat på förvaltningen.",
        )  # fmt: skip
        assert changed
    with seeded() as session:
        officer = _user(session, OFFICER)
        assert officer.active is False
        assert officer.deactivated_at is not None
        assert as_utc(officer.deactivated_at) == NOW
        revoked = session.execute(
            select(WebSession.user_id, WebSession.revoked_at).order_by(WebSession.id)
        ).all()
        assert [(uid == officer.id, when is not None) for uid, when in revoked] == [
            (True, True), (True, True), (False, False),
        ]  # fmt: skip
        assert session.scalar(select(ApiToken.revoked_at)) is not None
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "deactivate"))
        assert entry is not None
        assert (entry.actor_label, entry.object_id, entry.request_id) == (
            ADMIN, str(officer.id), "req-1",
        )  # fmt: skip
        assert entry.after == {
            "active": False, "deactivated_at": "2026-02-02T09:00:00.000000Z",
            "sessions_revoked": 2, "api_tokens_revoked": 1,
            "reason": "Slutat på förvaltningen.",
        }  # fmt: skip
        assert verify(session).ok


def test_deactivated_user_fails_login_like_a_wrong_password(
    seeded: sessionmaker[Session],
) -> None:
    with transaction(seeded) as session:
        officer = _user(session, OFFICER)
        lifecycle.deactivate_user(session, user_id=officer.id, by=SYSTEM, reason=WHY, clock=clock)
    with transaction(seeded) as session:
        right = _login(session, OFFICER, "Demo-handlaggare-2026")
        wrong = _login(session, "lasare@kraftsamling.example", "not-the-password")
    assert right == wrong == service.LoginResult(service.LoginStatus.FAILED)


def test_self_deactivation_refused_and_repeats_are_no_ops(seeded: sessionmaker[Session]) -> None:
    with transaction(seeded) as session:
        admin = _user(session, ADMIN)
        with pytest.raises(InvalidInput, match="cannot deactivate their own account"):
            lifecycle.deactivate_user(
                session, user_id=admin.id, by=actor_of(admin), reason=WHY, clock=clock
            )
        viewer = _user(session, "LASARE@kraftsamling.example")
        assert lifecycle.deactivate_user(
            session, user_id=viewer.id, by=SYSTEM, reason=WHY, clock=clock
        )
        assert not lifecycle.deactivate_user(
            session, user_id=viewer.id, by=SYSTEM, reason=WHY, clock=clock
        )
        assert lifecycle.reactivate_user(session, user_id=viewer.id, by=SYSTEM, clock=clock)
        assert not lifecycle.reactivate_user(session, user_id=viewer.id, by=SYSTEM, clock=clock)
        assert viewer.active and viewer.deactivated_at is None
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_id == str(viewer.id))
        ).all()
        assert actions[-2:] == ["deactivate", "reactivate"]
        assert admin.active
        with pytest.raises(NotFound, match=r"nobody@x\.example"):
            lifecycle.user_by_email(session, "nobody@x.example")


# --- the policy from settings ------------------------------------------------------------


def test_policy_from_settings() -> None:
    policy = AuthPolicy.from_settings(
        Settings(
            session_idle_minutes=10,
            session_absolute_minutes=60,
            login_max_failures=3,
            login_failure_window_minutes=7,
        )
    )
    assert policy.idle_timeout == dt.timedelta(minutes=10)
    assert policy.absolute_timeout == dt.timedelta(hours=1)
    assert (policy.max_failures, policy.failure_window_minutes) == (3, 7)
    assert policy.argon2_time_cost == AuthPolicy().argon2_time_cost
    defaults, plain = AuthPolicy.from_settings(Settings()), AuthPolicy()
    assert defaults.idle_timeout == plain.idle_timeout
    assert defaults.absolute_timeout == plain.absolute_timeout
    assert defaults.max_failures == plain.max_failures
    assert defaults.failure_window == plain.failure_window


def test_auth_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAFTSAMLING_SESSION_IDLE_MINUTES", "20")
    monkeypatch.setenv("KRAFTSAMLING_LOGIN_MAX_FAILURES", "8")
    settings = Settings()
    assert (settings.session_idle_minutes, settings.login_max_failures) == (20, 8)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"session_idle_minutes": 0}, "greater than 0"),
        ({"login_max_failures": -1}, "greater than 0"),
        ({"session_idle_minutes": 90, "session_absolute_minutes": 60}, "must not exceed"),
    ],
)
def test_impossible_auth_settings_are_refused(fields: dict[str, int], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(**fields)  # type: ignore[arg-type]


# --- migration 0005 ----------------------------------------------------------------------


def test_migration_adds_the_flags_to_existing_users(empty_url: str) -> None:
    upgrade(empty_url, "0004_index_runs")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO organisations (id, code, name_sv, name_en, kind) "
                "VALUES (1, 'STK', 'Stadskontoret', 'City Office', 'city_office')"
            ))  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO users (id, email, name, organisation_id, role, password_hash, "
                    "created_at, password_changed_at) VALUES (1, 'a@x.example', 'A', 1, 'admin', "
                    "'h', :now, :now)"
                ),
                {"now": NOW},
            )
        upgrade(empty_url)
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT active, must_change_password, deactivated_at FROM users")
            ).one()
        assert (bool(row.active), bool(row.must_change_password), row.deactivated_at) == (
            True, False, None,
        )  # fmt: skip
        downgrade(empty_url, "0004_index_runs")
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "must_change_password" not in columns and "deactivated_at" not in columns
        assert "active" in columns
    finally:
        engine.dispose()
