"""Every JSON request body of the API, found from the OpenAPI document and the schemas.

Tests walk these instead of listing fields by hand, so a new request model (or a new
field on one) is covered the day it is added.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from fastapi.testclient import TestClient
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from stellary_core import schemas
from stellary_core.schemas.common import InputModel
from tests.conftest import ApiUser

PLACEHOLDER_ID = "665f1a2b3c4d5e6f7a8b9c0d"


def input_models() -> dict[str, type[InputModel]]:
    """Every request model of the schemas package, by class name."""
    for module in pkgutil.iter_modules(schemas.__path__):
        importlib.import_module(f"{schemas.__name__}.{module.name}")
    found: dict[str, type[InputModel]] = {}
    pending: list[type[InputModel]] = [InputModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            found[sub.__name__] = sub
            pending.append(sub)
    return found


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # with the caller's slugs and a placeholder id filled in
    model: type[InputModel]


def routes_with_bodies(client: TestClient, user: ApiUser) -> list[Route]:
    models = input_models()
    values = {"orgSlug": user.org_slug, "wsSlug": user.ws_slug}
    found = []
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref")
            if ref is None:
                continue
            model = models[re.sub(r"-Input$", "", ref.rsplit("/", 1)[1])]
            concrete = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), PLACEHOLDER_ID), path)
            found.append(Route(method.upper(), concrete, model))
    return found


@dataclass(frozen=True)
class BodyField:
    """One field, possibly nested: ``wire_path`` is where it sits in a body and how errors name it."""

    owner: type[BaseModel]
    name: str
    info: FieldInfo
    prefix: tuple[str | int, ...]

    @property
    def alias(self) -> str:
        return self.info.alias or self.name

    @property
    def wire_path(self) -> str:
        return ".".join(str(p) for p in (*self.prefix, self.alias))

    def body(self, key: str, value: Any) -> dict[str, Any]:
        """A body holding only ``key: value`` at this field's place."""
        nested: Any = {key: value}
        for part in reversed(self.prefix):
            nested = [nested] if isinstance(part, int) else {part: nested}
        assert isinstance(nested, dict)
        return nested


def _nested_models(annotation: Any) -> Iterator[tuple[type[BaseModel], bool]]:
    """The models inside a field's type, each with whether it sits in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, False
        return
    in_list = get_origin(annotation) is list
    for arg in get_args(annotation):
        for model, nested_in_list in _nested_models(arg):
            yield model, in_list or nested_in_list


def body_fields(model: type[BaseModel], prefix: tuple[str | int, ...] = ()) -> Iterator[BodyField]:
    for name, info in model.model_fields.items():
        field = BodyField(model, name, info, prefix)
        yield field
        for nested, in_list in _nested_models(info.annotation):
            yield from body_fields(nested, (*prefix, field.alias, *((0,) if in_list else ())))
