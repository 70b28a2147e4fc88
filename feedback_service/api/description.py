"""The API's OpenAPI 3.1 description, built from the pydantic models its views validate and
answer with, so it says what the code does.

Each view names its models with `@described(...)`; the document walks Flask's URL map, so a
call registered without a description is missing from it (a test fails) rather than described
wrongly. A small registry of our own rather than a framework (flask-openapi3, spectree): those
bring their own blueprint class and their own 422 error shape, where this API answers every
error as `{"error": "..."}` with a 400.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, Response, jsonify
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from feedback_service.staff.directory import SLUG_PATTERN

PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"
# Path parameters are slugs and handles (staff/directory.py's is_slug; JSON Schema's regular
# expressions know no \Z); a view refuses anything else with a 400.
SLUG_SCHEMA = {"type": "string", "pattern": SLUG_PATTERN.replace("\\Z", "$")}
# Every answer may hold callers' comments: no cache may keep it (auth.no_store).
NO_STORE = {"Cache-Control": {"description": "Never cached", "required": True,
                              "schema": {"type": "string", "const": "no-store"}}}

ModelT = TypeVar("ModelT", bound=BaseModel)
ViewT = TypeVar("ViewT", bound=Callable[..., Any])


class ApiError(BaseModel):
    """Every error the API answers: a 4xx or 503 with one sentence a client can act on."""

    model_config = ConfigDict(extra="forbid")

    error: str


# Statuses any call may answer, whatever it does.
COMMON_ERRORS = {
    401: "No bearer token, or a wrong one",
    404: "The API is off (no FEEDBACK_API_TOKEN set)",
    503: "The database is out of reach; try again later",
}
ERRORS = COMMON_ERRORS | {
    400: "A parameter or body that does not fit; the error names it",
    409: "The e-mail is another person's login; nothing changed",
    413: "A body over MAX_REQUEST_BYTES",
}


@dataclass(frozen=True)
class Operation:
    """What one call takes and answers: models for its query, body and each success status
    (or a media type, for a reply that is not JSON), and the error statuses it may answer."""

    summary: str
    replies: Mapping[int, type[BaseModel] | str | None]
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    errors: tuple[int, ...] = ()
    public: bool = False  # no bearer token needed
    description: str = ""  # the view's docstring


def described(summary: str, *, replies: Mapping[int, type[BaseModel] | str | None],
              query: type[BaseModel] | None = None, body: type[BaseModel] | None = None,
              errors: tuple[int, ...] = (), public: bool = False) -> Callable[[ViewT], ViewT]:
    """Put a view in the API's description; it goes between `@api.get(...)` and the view."""

    def register(view: ViewT) -> ViewT:
        view.api_operation = Operation(  # type: ignore[attr-defined]
            summary=summary, replies=replies, query=query, body=body, errors=errors,
            public=public, description=inspect.cleandoc(view.__doc__ or ""))
        return view

    return register


def answer(model: type[ModelT], data: Any, status: int = 200) -> tuple[Response, int]:
    """The JSON of `data` as `model` says: a field the model does not describe, or a value of
    another type, fails here rather than reaching a client."""
    return jsonify(model.model_validate(data).model_dump(mode="json", by_alias=True)), status


def operations(app: Flask) -> list[tuple[str, str, str, Operation | None]]:
    """(method, OpenAPI path, endpoint, operation or None when undescribed) for every
    `/api/v1` rule."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        operation = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method.lower(), path, rule.endpoint, operation))
    return found


def openapi_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every described `/api/v1` call."""
    described_ops = [(m, p, e, o) for m, p, e, o in operations(app) if o is not None]
    models: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {(ApiError, "serialization"): None}
    for *_, op in described_ops:
        if op.body:
            models[(op.body, "validation")] = None
        if op.query:
            models[(op.query, "validation")] = None
        models.update({(m, "serialization"): None for m in op.replies.values()
                       if m is not None and not isinstance(m, str)})
    refs, definitions = models_json_schema(list(models), ref_template=REF)
    schemas = definitions.get("$defs", {})
    paths: dict[str, dict[str, Any]] = {}
    for method, path, endpoint, op in described_ops:
        paths.setdefault(path, {})[method] = _operation(path, endpoint, op, refs, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "feedback-service API", "version": "1",
                 "description": "Sync teams and agents in, read answers and figures out."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "FEEDBACK_API_TOKEN"}},
        },
        "security": [{"bearer": []}],
    }


def _operation(path: str, endpoint: str, op: Operation,
               refs: Mapping[tuple[Any, JsonSchemaMode], Any],
               schemas: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"summary": op.summary, "operationId": endpoint.rpartition(".")[2]}
    if op.description:
        found["description"] = op.description
    parameters = [{"name": name, "in": "path", "required": True, "schema": SLUG_SCHEMA}
                  for name in re.findall(r"{([^}]+)}", path)]
    if op.query:
        parameters += _query_parameters(refs[(op.query, "validation")], schemas)
    if parameters:
        found["parameters"] = parameters
    if op.body:
        found["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": refs[(op.body, "validation")]}}}
    responses: dict[str, Any] = {}
    for status, reply in op.replies.items():
        responses[str(status)] = {"description": _reply_text(status), "headers": NO_STORE}
        if reply is not None:  # None: an empty body, as a 204 has
            responses[str(status)]["content"] = (
                {reply: {"schema": {"type": "string"}}} if isinstance(reply, str) else
                {"application/json": {"schema": refs[(reply, "serialization")]}})
    error_schema = {"application/json": {"schema": refs[(ApiError, "serialization")]}}
    statuses = (*op.errors, *((503,) if op.public else COMMON_ERRORS))
    for status in sorted(set(statuses)):
        responses[str(status)] = {"description": ERRORS[status], "content": error_schema,
                                  "headers": NO_STORE}
    found["responses"] = responses
    if op.public:
        found["security"] = []
    return found


def _reply_text(status: int) -> str:
    return {200: "OK", 201: "Created", 204: "No content"}.get(status, str(status))


def _query_parameters(ref: dict[str, Any], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """A query model's fields as query parameters; one left out is absent, never null."""
    model = schemas[ref["$ref"].rsplit("/", 1)[1]]
    # The model itself is no body anyone sends: its fields are the parameters.
    del schemas[ref["$ref"].rsplit("/", 1)[1]]
    required = set(model.get("required", ()))
    parameters = []
    for name, schema in model["properties"].items():
        schema = dict(schema)
        description = schema.pop("description", None)
        schema.pop("title", None)
        options = schema.get("anyOf", [])
        if name not in required and {"type": "null"} in options:
            kept = [s for s in options if s != {"type": "null"}]
            del schema["anyOf"]
            schema |= kept[0] if len(kept) == 1 else {"anyOf": kept}
            if schema.get("default", "") is None:
                del schema["default"]
        description = schema.pop("description", description)
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": name in required,
                                     "schema": schema}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters

