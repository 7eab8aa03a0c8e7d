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
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="origins besides the server's own that may send cookie-authenticated "
        'writes, as JSON: ["https://kam.example.com"]',
    )
    cookie_secure: bool = Field(
        default=False,
        description="always mark the session cookie Secure (it is anyway over https, "
        "including behind a proxy uvicorn trusts: serve --forwarded-allow-ips)",
    )
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30, description="session length")
    docs: bool = Field(default=True, description="serve /docs (Swagger UI from the package)")


def get_settings() -> Settings:
    return Settings()
