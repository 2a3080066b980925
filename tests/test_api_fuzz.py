"""The HTTP API fuzzed from its own OpenAPI document (schemathesis) against a real server on loopback.

Every operation but the upload (which rebuilds the index) gets valid and invalid requests; none may
answer 5xx or a body that contradicts the published response schema. API_FUZZ_EXAMPLES scales the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.live_server import Server, running_server

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "60"))  # per operation and mode: 13 operations × 2 modes × 60
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("fuzz")) as running:
        yield running


def test_no_server_errors_and_no_schema_violations(server: Server) -> None:
    schema = schemathesis.openapi.from_url(f"{server.base_url}/openapi.json").exclude(method="POST", path="/v1/documents")
    calls: dict[str, int] = {}
    with requests.Session() as session:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                          suppress_health_check=list(HealthCheck))
                @given(case=operation.as_strategy(generation_mode=mode))
                def call(case: schemathesis.Case) -> None:
                    response = case.call(base_url=server.base_url, session=session, timeout=60)
                    calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
                    case.validate_response(response, checks=CHECKS)

                try:
                    call()
                except Unsatisfiable:  # nothing to get wrong in a request without parameters (GET /healthz)
                    assert mode == GenerationMode.NEGATIVE, operation.label
    print(f"fuzzed {sum(calls.values())} requests over {len(calls)} operations: {calls}")
    assert "POST /v1/documents" not in calls and len(calls) >= 13, sorted(calls)
    assert sum(calls.values()) >= 1000 or EXAMPLES < 60, calls
