"""OpenSearch's published OpenAPI description (../shared/opensearch-api-spec) as strict JSON Schema validators.

The spec leaves objects open (no `additionalProperties: false`), so a misspelt
field would pass. Loading closes every object schema that lists its properties
(`additionalProperties: false`, with the names its `allOf` pieces add), while the
pieces themselves stay open where an `allOf` uses them, so that an unknown field
or a wrong nesting fails validation. (`unevaluatedProperties` would say the same
but costs exponential time on deeply nested queries.)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).resolve().parents[4] / "shared" / "opensearch-api-spec" / "spec"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN_KEYS = ("additionalProperties", "unevaluatedProperties", "patternProperties")


class _Spec:
    """All spec files, closed: every object schema that names its properties rejects others."""

    def __init__(self) -> None:
        paths = sorted((SPEC / "schemas").glob("*.yaml")) + sorted((SPEC / "namespaces").glob("*.yaml"))
        self.raw = {path.as_uri(): yaml.load(path.read_text(), Loader=_LOADER) for path in paths}

    def _resolve(self, ref: str, base: str) -> tuple[Any, str]:
        location, _, pointer = ref.partition("#")
        uri = base if not location else (Path(base.removeprefix("file://")).parent / location).resolve().as_uri()
        node: Any = self.raw[uri]
        for part in pointer.strip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, uri

    def names(self, node: Any, base: str, seen: frozenset[str] = frozenset()) -> set[str]:
        """Every property name a schema may hold, through $ref, allOf, oneOf and anyOf."""
        if not isinstance(node, dict):
            return set()
        found = set(node.get("properties", {}))
        if "$ref" in node:
            key = base + node["$ref"]
            if key in seen:
                return found
            target, uri = self._resolve(node["$ref"], base)
            found |= self.names(target, uri, seen | {key})
        for keyword in ("allOf", "oneOf", "anyOf"):
            for item in node.get(keyword, []):
                found |= self.names(item, base, seen)
        return found

    def close(self, node: Any, base: str, in_all_of: bool = False) -> Any:
        if isinstance(node, list):
            return [self.close(item, base, in_all_of) for item in node]
        if not isinstance(node, dict):
            return node
        closed: dict[str, Any] = {}
        for key, value in node.items():
            if key == "allOf":
                closed[key] = [_open_piece(self.close(item, base, in_all_of=True)) for item in value]
            elif key in ("oneOf", "anyOf") and (in_all_of or "properties" in node):
                # Branches of a piece, or beside listed properties, only add names: they stay open too.
                closed[key] = [_open_piece(self.close(item, base, in_all_of=True)) for item in value]
            elif key in ("properties", "schemas", "components", "requestBodies", "content"):
                closed[key] = {name: self.close(item, base) for name, item in value.items()}
            else:
                closed[key] = self.close(value, base)
        opens_object = "properties" in node or "allOf" in node
        if opens_object and not in_all_of and not any(key in node for key in _OPEN_KEYS):
            # additionalProperties only sees `properties` beside it: list the allOf pieces' names there too.
            extra = self.names({"allOf": node.get("allOf", [])}, base) - set(node.get("properties", {}))
            closed["properties"] = {**closed.get("properties", {}), **dict.fromkeys(sorted(extra), True)}
            closed["additionalProperties"] = False
        return closed


def _open_piece(piece: Any) -> Any:
    """A `$ref` piece of an allOf points at the open copy of its target (its siblings add properties)."""
    if isinstance(piece, dict) and "$ref" in piece and "/components/schemas/" in piece["$ref"]:
        return {**piece, "$ref": piece["$ref"].replace("/components/schemas/", "/components/open_schemas/")}
    return piece


def _opened(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {key: value for key, value in schema.items() if key != "additionalProperties"}
    return schema


@cache
def registry() -> Registry:
    spec = _Spec()
    resources = []
    for uri, document in spec.raw.items():
        closed = spec.close(document, uri)
        components = closed.setdefault("components", {})
        components["open_schemas"] = {name: _opened(schema) for name, schema in components.get("schemas", {}).items()}
        resources.append((uri, Resource.from_contents(closed, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def schema_ref(file: str, pointer: str) -> dict[str, Any]:
    """A schema that points into the spec, e.g. ('schemas/_core.bulk.yaml', '/components/schemas/X')."""
    return {"$ref": f"{(SPEC / file).as_uri()}#{pointer}"}


def validate(instance: Any, file: str, pointer: str) -> None:
    """Raise jsonschema.ValidationError (the best match) when `instance` does not fit the spec."""
    validator = Draft202012Validator(schema_ref(file, pointer), registry=registry())
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path))
    if errors:
        from jsonschema.exceptions import best_match

        raise best_match(errors)


def request_body(namespace: str, name: str) -> tuple[str, str]:
    """(file, pointer) of an operation's request body schema, e.g. ('_core', 'search')."""
    return f"namespaces/{namespace}.yaml", f"/components/requestBodies/{name}/content/application~1json/schema"
