"""The API reference page, rendered from the API's OpenAPI description so it cannot drift.

`python -m feedback_service.api.reference` writes `docs/api-reference.md`; with `--check` it
writes nothing and exits 1 when the committed page differs from what it would write (the tests
run that check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PAGE = Path("docs/api-reference.md")
GENERATED = ("Generated from the API's models (feedback_service/api/) by "
             "`python -m feedback_service.api.reference`: edit there.")


def api_description() -> dict[str, Any]:
    """The document `/api/v1/openapi.json` serves, from an app that never opens its database."""
    from feedback_service import create_app
    from feedback_service.api.description import openapi_document

    # TESTING: no production checks; nothing here reads a setting.
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "reference"})
    return openapi_document(app)


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[1]


def _type(schema: dict[str, Any]) -> str:
    """A schema in a few words, with links to the named ones."""
    if "$ref" in schema:
        name = _name(schema["$ref"])
        return f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        return " or ".join(_type(option) for option in schema["anyOf"])
    if "enum" in schema:
        return " · ".join(f"`{value}`" for value in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type", "any")
    if kind == "array" and "prefixItems" in schema:
        return "[" + ", ".join(_type(item) for item in schema["prefixItems"]) + "]"
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map of {_type(schema['additionalProperties'])}"
    words = [kind]
    if "format" in schema:
        words.append(f"({schema['format']})")
    if "minimum" in schema and "maximum" in schema:
        words.append(f"{schema['minimum']}…{schema['maximum']}")
    if "pattern" in schema:
        words.append(f"matching `{schema['pattern']}`")
    return " ".join(words)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _operation(method: str, path: str, op: dict[str, Any]) -> list[str]:
    lines = [f"### {method.upper()} `{path}`", "", f"**{op['summary']}.** "
             + _cell(op.get("description", "")), ""]
    if op.get("security") == []:
        lines += ["No token needed.", ""]
    parameters = op.get("parameters", [])
    if parameters:
        lines += ["| parameter | in | required | type | default | |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for p in parameters:
            default = p["schema"].get("default")
            lines.append(f"| `{p['name']}` | {p['in']} | {'yes' if p['required'] else 'no'} | "
                         f"{_type(p['schema'])} | {'' if default is None else f'`{default}`'} | "
                         f"{_cell(p.get('description', ''))} |")
        lines.append("")
    if "requestBody" in op:
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        lines += [f"Body (`application/json`): {_type(schema)}", ""]
    lines += ["| status | answers | |", "| --- | --- | --- |"]
    for status, reply in op["responses"].items():
        if "content" not in reply:  # an empty body (204)
            lines.append(f"| {status} | nothing | {_cell(reply['description'])} |")
            continue
        [(media, content)] = reply["content"].items()
        lines.append(f"| {status} | `{media}` {_type(content['schema'])} | "
                     f"{_cell(reply['description'])} |")
    return [*lines, ""]


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if "description" in schema:
        lines += [_cell(schema["description"]), ""]
    if "enum" in schema:
        return [*lines, f"One of {_type(schema)}.", ""]
    properties = schema.get("properties", {})
    if not properties:
        return [*lines, "Any JSON object.", ""]
    required = set(schema.get("required", ()))
    lines += ["| field | type | required | |", "| --- | --- | --- | --- |"]
    for field_name, field in properties.items():
        lines.append(f"| `{field_name}` | {_type(field)} | "
                     f"{'yes' if field_name in required else 'no'} | "
                     f"{_cell(field.get('description', ''))} |")
    if schema.get("additionalProperties") is not False:
        lines.append("")
        lines.append("Further fields may appear.")
    return [*lines, ""]


def reference_page(document: dict[str, Any] | None = None) -> str:
    document = document or api_description()
    lines = [
        "# API reference", "", f"<!-- {GENERATED} -->", "",
        "Every `/api/v1` call, what it takes and what it answers, rendered from the OpenAPI "
        f"{document['openapi']} description the service serves at `GET /api/v1/openapi.json` "
        "(no token needed): load that into any OpenAPI tool to generate a client. The guide "
        "to the calls is [API](api.md). Every call but the description needs "
        "`Authorization: Bearer $FEEDBACK_API_TOKEN`; every error is "
        "[ApiError](#apierror), `{\"error\": \"...\"}`; every answer, an error too, carries "
        "`Cache-Control: no-store`.", "",
        "## Calls", "",
    ]
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            lines += _operation(method, path, op)
    lines += ["## Schemas", ""]
    for name, schema in sorted(document["components"]["schemas"].items()):
        lines += _schema(name, schema)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when the page differs from what it would be")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder")
    arguments = parser.parse_args(argv)
    path, text = arguments.root / PAGE, reference_page()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return 0
    if arguments.check:
        print(f"out of date: {PAGE}; run python -m feedback_service.api.reference",
              file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
