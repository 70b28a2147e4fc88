"""`/api/v1/openapi.json`: a valid OpenAPI 3.1 document that describes every `/api/v1` call."""

from __future__ import annotations

from openapi_spec_validator import validate

from feedback_service import create_app
from feedback_service.api.description import openapi_document, operations
from feedback_service.api.reference import main as reference_main
from feedback_service.api.reference import reference_page


def test_the_description_is_a_valid_openapi_3_1_document(client):
    reply = client.get("/api/v1/openapi.json")  # no token

    assert reply.status_code == 200
    assert reply.mimetype == "application/json"
    document = reply.json
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_api_call_is_described(app, client):
    """A call added under /api/v1 without `@described(...)` fails here."""
    paths = client.get("/api/v1/openapi.json").json["paths"]
    registered = [(method, path) for method, path, *_ in operations(app)]
    assert registered, "no /api/v1 rules found"
    missing = [(method, path) for method, path in registered
               if method not in paths.get(path, {})]
    assert missing == []
    assert {"/api/v1/responses", "/api/v1/agents/{handle}", "/api/v1/openapi.json"} <= set(paths)


def test_a_call_without_a_description_is_found(app_settings):
    app = create_app(app_settings)
    app.add_url_rule("/api/v1/undescribed", "undescribed", lambda: "")

    assert ("get", "/api/v1/undescribed", "undescribed", None) in operations(app)
    assert "/api/v1/undescribed" not in openapi_document(app)["paths"]


def test_parameters_and_bodies_come_from_the_models(client):
    document = client.get("/api/v1/openapi.json").json
    listing = document["paths"]["/api/v1/responses"]["get"]
    limit = next(p for p in listing["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 10000,
                               "default": 1000}
    since = next(p for p in listing["parameters"] if p["name"] == "since")
    assert since["required"] is False
    assert {"type": "null"} not in since["schema"].get("anyOf", [])
    body = document["paths"]["/api/v1/agents/{handle}"]["put"]["requestBody"]
    schema_name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(document["components"]["schemas"][schema_name]["properties"]) == {
        "name", "email", "team", "addresses", "language", "active"}
    assert set(listing["responses"]) == {"200", "400", "401", "404", "503"}
    csv = document["paths"]["/api/v1/responses.csv"]["get"]["responses"]["200"]
    assert set(csv["content"]) == {"text/csv"}


def test_only_the_description_is_open_without_a_token(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["security"] == [{"bearer": []}]
    open_calls = [(path, method) for path, methods in document["paths"].items()
                  for method, operation in methods.items() if operation.get("security") == []]
    assert open_calls == [("/api/v1/openapi.json", "get")]
    assert client.get("/api/v1/agents").status_code == 401


def test_the_reference_page_is_the_generated_one(capsys):
    assert reference_main(["--check"]) == 0, capsys.readouterr().err


def test_a_stale_reference_page_is_reported_and_left_alone(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "api-reference.md").write_text("old", encoding="utf-8")
    assert reference_main(["--check", "--root", str(tmp_path)]) == 1
    assert "docs/api-reference.md" in capsys.readouterr().err
    assert (tmp_path / "docs" / "api-reference.md").read_text(encoding="utf-8") == "old"


def test_the_reference_page_names_every_call_and_its_fields(app, client):
    page = reference_page(client.get("/api/v1/openapi.json").json)
    for method, path, *_ in operations(app):
        assert f"### {method.upper()} `{path}`" in page
    assert "| `rise_if_happy` | number or null | yes |" in page
    assert "| `limit` | query | no | integer 1…10000 | `1000` |" in page
