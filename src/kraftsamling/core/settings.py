"""Typed settings, read from the environment (prefix ``KRAFTSAMLING_``) by ``get_settings()``.

Nothing reads the environment at import time: callers build ``Settings`` and pass it on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting Kraftsamling reads. Each is documented in ``docs/settings.md``."""

    model_config = SettingsConfigDict(env_prefix="KRAFTSAMLING_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default="sqlite:///var/kraftsamling.sqlite3",
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL; a SQLite file by default, postgresql+psycopg://....",
    )
    data_dir: Path = Path("var")
    allow_network: bool = Field(
        default=False,
        description="Allow live calls to SCB and Kolada. Off by default: imports use local files.",
    )
    scb_base_url: str = "https://statistikdatabasen.scb.se/api/v2"
    kolada_base_url: str = "https://api.kolada.se/v3"
    http_timeout_seconds: float = 30.0
    http_max_retries: int = 4
    session_idle_minutes: int = Field(
        default=30, gt=0, description="A login session ends after this long without a request."
    )
    session_absolute_minutes: int = Field(
        default=720, gt=0, description="A login session ends this long after login, active or not."
    )
    login_max_failures: int = Field(
        default=5, gt=0, description="Failed logins (per e-mail and IP) before logins are refused."
    )
    login_failure_window_minutes: int = Field(
        default=15, gt=0, description="How long a failed login counts towards the limit."
    )
    smtp_host: str = Field(
        default="", description="SMTP server for notification e-mail; empty: the inbox only."
    )
    smtp_port: int = Field(default=25, gt=0, lt=65536, description="Port of the SMTP server.")
    mail_from: str = Field(
        default="kraftsamling@localhost", description="Sender address of notification e-mail."
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The application's address, for links in e-mail.",
    )

    @model_validator(mode="after")
    def _idle_within_absolute(self) -> Self:
        if self.session_idle_minutes > self.session_absolute_minutes:
            raise ValueError(
                "session_idle_minutes must not exceed session_absolute_minutes; got "
                f"{self.session_idle_minutes} and {self.session_absolute_minutes}."
            )
        return self


def get_settings() -> Settings:
    """Build settings from the environment."""
    return Settings()
