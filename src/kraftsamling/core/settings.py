"""Typed settings, read from the environment (prefix ``KRAFTSAMLING_``) by ``get_settings()``.

Nothing reads the environment at import time: callers build ``Settings`` and pass it on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
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


def get_settings() -> Settings:
    """Build settings from the environment."""
    return Settings()
