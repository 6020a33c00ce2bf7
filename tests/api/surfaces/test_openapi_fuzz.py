"""schemathesis against the OpenAPI document: generated requests, valid and invalid, never get a server error, and
every response is what the document says (its status is documented, its body fits the schema): the contract a
vendor client reads is the one the server keeps.

A bounded number of examples per operation (derandomized, so a run is repeatable) keeps this under a minute.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from tests.api.surfaces.credentials import ANN, auth

EXAMPLES = 4
CONFORMANCE = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.slow
def test_no_operation_answers_with_a_server_error(start_surfaces):
    surface_url = start_surfaces(rate_limit_per_minute=0)        # hundreds of requests on one key
    import httpx
    schema = schemathesis.openapi.from_dict(httpx.get(f"{surface_url}/openapi.json").json())
    failures: list[str] = []
    tried: list[tuple[str, GenerationMode]] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def probe(case) -> None:
                response = case.call(base_url=surface_url, headers=auth(ANN), timeout=30)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: "
                                    f"{response.text[:200]}\n  {case.as_curl_command()}")
                try:
                    case.validate_response(response, checks=CONFORMANCE, headers=auth(ANN))
                except (Failure, FailureGroup) as e:
                    failures.append(f"{case.method} {case.formatted_path} -> {response.status_code} does not "
                                    f"match the document: {str(e)[:300]}")
            try:
                probe()
            except Unsatisfiable:       # no invalid input exists for an operation without parameters
                assert mode is GenerationMode.NEGATIVE
                continue
            tried.append((operation.label, mode))
    assert failures == []
    assert len(tried) > len(operations)         # most operations were also probed with invalid input


def test_a_streamed_answer_matches_the_document(surface_url):
    """Generated cases reach the event stream only by chance: one streamed answer is checked on purpose."""
    import httpx
    schema = schemathesis.openapi.from_dict(httpx.get(f"{surface_url}/openapi.json").json())
    case = schema["/api/ask"]["POST"].Case(body={"question": "revenue by country"}, query={"stream": "true"})
    response = case.call(base_url=surface_url, headers=auth(ANN), timeout=30)
    assert response.status_code == 200 and response.headers["content-type"][0].startswith("text/event-stream")
    case.validate_response(response, checks=CONFORMANCE, headers=auth(ANN))
