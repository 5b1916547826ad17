"""The FHIR endpoints are documented in the OpenAPI schema (/api/docs)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_fhir_endpoints_in_openapi(client, users) -> None:
    client.force_login(users["integration"])
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "application/fhir+xml" in paths["/api/fhir"]["post"]["requestBody"]["content"]
    assert "/api/fhir/ServiceRequest/{referral_id}" in paths
    assert "/api/fhir/Task/{referral_id}" in paths
