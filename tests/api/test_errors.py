"""The error envelope, on every kind of failure, and X-Request-ID on every response."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient

from stellary_core.db import Database
from stellary_core.errors import Conflict
from stellary_core.server.app import create_app
from tests.conftest import ApiUser

REQUEST_ID = re.compile(r"^[0-9A-Za-z._-]{1,64}$")


def assert_envelope(body: dict, status: int, error: str) -> None:
    assert body["statusCode"] == status
    assert body["error"] == error
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) <= {"statusCode", "message", "error", "details"}


def test_unknown_route_is_a_404_envelope(client: TestClient) -> None:
    response = client.get("/no/such/route")
    assert response.status_code == 404
    assert_envelope(response.json(), 404, "Not Found")
    assert REQUEST_ID.match(response.headers["x-request-id"])


def test_wrong_method_is_a_405_envelope(client: TestClient, alice: ApiUser) -> None:
    response = client.put("/auth/me", headers=alice.headers, json={})
    assert response.status_code == 405
    assert_envelope(response.json(), 405, "Method Not Allowed")
    assert "GET" in response.headers["allow"]


def test_validation_error_names_the_field_in_details(client: TestClient) -> None:
    response = client.post("/auth/register", json={"email": "nope", "password": "secure-pass-123"})
    assert response.status_code == 400
    body = response.json()
    assert_envelope(body, 400, "Bad Request")
    assert body["message"] == "Validation failed"
    assert [d["field"] for d in body["details"]] == ["email"]


def test_body_that_is_not_json_is_a_400_on_the_body(client: TestClient) -> None:
    response = client.post("/auth/login", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["details"] == [{"field": "body", "message": "is not valid JSON"}]


def test_body_that_is_not_an_object_is_a_400(client: TestClient) -> None:
    response = client.post("/auth/login", json=["alice@example.com", "pw"])
    assert response.status_code == 400
    assert_envelope(response.json(), 400, "Bad Request")


def test_domain_errors_keep_their_status_and_message(alice: ApiUser) -> None:
    alice.post("/organizations", json={"name": "Acme", "slug": "acme"})
    response = alice.post("/organizations", json={"name": "Acme again", "slug": "acme"})
    assert response.status_code == 409
    body = response.json()
    assert_envelope(body, 409, "Conflict")
    assert "slug" in body["message"]


def test_401_is_an_envelope(client: TestClient) -> None:
    response = client.get("/organizations")
    assert response.status_code == 401
    assert_envelope(response.json(), 401, "Unauthorized")


@pytest.fixture
def failing_client(db: Database) -> TestClient:
    """The app with two extra routes: one crashing, one raising a domain error."""
    app = create_app(db)

    def crash() -> None:
        raise RuntimeError("SELECT password_hash FROM users -- secret detail")

    def conflict() -> None:
        raise Conflict("already there")

    app.add_api_route("/test-crash", crash)
    app.add_api_route("/test-conflict", conflict)
    return TestClient(app, raise_server_exceptions=False)


def test_unexpected_error_is_a_500_without_trace_or_sql(
    failing_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="stellary.server"):
        response = failing_client.get("/test-crash")
    assert response.status_code == 500
    assert response.json() == {"statusCode": 500, "message": "Internal server error", "error": "Internal Server Error"}
    assert "SELECT" not in response.text and "Traceback" not in response.text
    assert REQUEST_ID.match(response.headers["x-request-id"])
    # The detail goes to the server log instead, with the request id to find it.
    assert any("secret detail" in (r.exc_text or str(r.exc_info)) for r in caplog.records)


def test_domain_error_raised_anywhere_uses_the_envelope(failing_client: TestClient) -> None:
    response = failing_client.get("/test-conflict")
    assert response.status_code == 409
    assert response.json() == {"statusCode": 409, "message": "already there", "error": "Conflict"}


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/organizations", {}),
        ("get", "/nowhere", {}),
        ("post", "/auth/login", {"json": {"email": "a@b.co", "password": "wrong-password"}}),
        ("post", "/auth/register", {"json": {}}),
        ("delete", "/auth/me", {}),
        ("get", "/openapi.json", {}),
    ],
)
def test_every_response_carries_a_request_id(client: TestClient, method: str, path: str, kwargs: dict) -> None:
    response = getattr(client, method)(path, **kwargs)
    assert REQUEST_ID.match(response.headers["x-request-id"])


def test_successful_responses_carry_a_request_id_too(alice: ApiUser) -> None:
    first = alice.get("/organizations")
    second = alice.get("/organizations")
    assert first.status_code == 200
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


@pytest.mark.parametrize("sent", ["abc123DEF", "0b0c7f0e-5d1a-4c4e-9f57-6a1a2b3c4d5e", "req_42.7"])
def test_a_sane_client_request_id_is_echoed(client: TestClient, sent: str) -> None:
    response = client.get("/nowhere", headers={"X-Request-ID": sent})
    assert response.headers["x-request-id"] == sent


@pytest.mark.parametrize("sent", ["evil\tvalue; with spaces", "x" * 65, "a,b", "<script>"])
def test_an_unsafe_client_request_id_is_replaced(client: TestClient, sent: str) -> None:
    response = client.get("/nowhere", headers={"X-Request-ID": sent})
    assert response.headers["x-request-id"] != sent
    assert REQUEST_ID.match(response.headers["x-request-id"])
