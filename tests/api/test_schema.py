"""The OpenAPI description, checked against the API itself: schemathesis finds no 500 and no response
that breaks the schema, over a bounded number of generated requests per operation."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

pytestmark = pytest.mark.django_db


MAX_EXAMPLES = 25  # per operation: a bounded run


@pytest.fixture
def _connection_kept():
    # Requests go through the WSGI handler, which closes the database connection after each one (as a
    # server must); the test's transaction lives on that connection. Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept")
def test_the_api_keeps_to_its_openapi_description(registry):
    # Loaded inside the test's database: the API's middleware reads the registry's revision.
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20  # a list and a record of each resource, the figures

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def keeps_to_it(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        keeps_to_it()


def test_the_description_names_every_resource_and_the_directory_s_filters(client, registry):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    for resource in ("members", "regions", "sectors", "incubators", "chair-terms", "affiliations", "documents",
                     "projects", "awards", "awarding-bodies", "figures"):  # fmt: skip
        assert f"/api/v1/{resource}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/members/"]["get"]["parameters"]}
    assert {"q", "country", "region", "type", "sector", "incubator", "ordering", "page", "page_size"} <= parameters
