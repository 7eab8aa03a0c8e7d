"""Settings read from GRAPHKAM_* environment variables (one pydantic-settings class)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """graphkam's configuration; every field can be set as GRAPHKAM_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="GRAPHKAM_", extra="ignore")

    store: str = Field(default="sqlite:///graphkam.db", description="store URL")
    half_life_days: float = Field(default=90.0, gt=0, description="relationship strength half-life")
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, gt=0)


def get_settings() -> Settings:
    return Settings()
