"""graphkam's HTTP API (FastAPI): `create_app(store_url)` builds the application."""

from api.app import create_app

__all__ = ["create_app"]
