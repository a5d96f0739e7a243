"""The application factory. Nothing connects to a database or reads the environment on import."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling import __version__
from kraftsamling.accounts import routes as account_routes
from kraftsamling.accounts.inbox import Mailer
from kraftsamling.accounts.mail_worker import install_mail_worker
from kraftsamling.accounts.secrets import AuthPolicy, Clock, utc_now
from kraftsamling.admin import routes as admin_routes
from kraftsamling.areas import routes as area_routes
from kraftsamling.core.db import make_engine, make_sessionmaker
from kraftsamling.core.settings import Settings
from kraftsamling.funds import api as fund_api
from kraftsamling.funds import pages as fund_pages
from kraftsamling.runs import routes as run_routes
from kraftsamling.runs.worker import install_resume_on_startup
from kraftsamling.targeting import routes as targeting_routes
from kraftsamling.web import pages
from kraftsamling.web.config import WebConfig
from kraftsamling.web.errors import install_error_handlers
from kraftsamling.web.page_cache import PageCache
from kraftsamling.web.security import install_middleware

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session] | None = None,
    policy: AuthPolicy | None = None,
    clock: Clock = utc_now,
) -> FastAPI:
    """Build the web application.

    Parameters
    ----------
    settings
        The environment decides the cookies: ``development`` serves plain-http cookies,
        every other environment ``__Host-``-prefixed Secure ones.
    session_factory
        Database sessions; by default built from ``settings.database_url`` (the engine
        connects lazily, on the first request).
    policy
        Session lifetimes, login throttling and argon2 cost; by default built from ``settings``
        (:meth:`AuthPolicy.from_settings`).
    clock
        Returns the current time (timezone-aware UTC); tests inject a fake one.

    Examples
    --------
    >>> from kraftsamling.core.settings import Settings
    >>> app = create_app(Settings(environment="test", DATABASE_URL="sqlite:///:memory:"))
    >>> app.openapi_url
    '/api/v1/openapi.json'
    """
    app = FastAPI(
        title="Kraftsamling",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        # The bundled Swagger/ReDoc pages load scripts from a CDN, which the offline rule and
        # the Content-Security-Policy forbid; the OpenAPI document itself is served.
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = WebConfig(
        secure_cookies=settings.environment != "development",
        policy=policy or AuthPolicy.from_settings(settings),
        clock=clock,
    )
    app.state.session_factory = session_factory or make_sessionmaker(
        make_engine(settings.database_url)
    )
    app.state.page_cache = PageCache()
    install_mail_worker(app, app.state.session_factory, Mailer.from_settings(settings))
    install_resume_on_startup(app)  # runs left queued or running by a stopped server
    install_middleware(app)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(account_routes.pages)
    app.include_router(account_routes.api)
    app.include_router(area_routes.router)
    app.include_router(run_routes.router)
    app.include_router(targeting_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(fund_api.router)
    app.include_router(fund_pages.router)
    return app
