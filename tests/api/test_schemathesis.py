"""Property-based tests from the app's own OpenAPI schema (schemathesis, in-process ASGI) with
an admin token: no 5xx, and every answer's status, content type and body match the schema."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import build_api

#: A store of its own: the fuzzer deletes and rewrites whatever it finds.
_API = build_api(Path(tempfile.mkdtemp(prefix="graphkam-fuzz-")))
schema = schemathesis.openapi.from_asgi("/openapi.json", _API.client.app)
schema.config.phases.coverage.enabled = False  # the documented examples, then random cases
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_route_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=_API.headers("admin"), checks=CHECKS)
