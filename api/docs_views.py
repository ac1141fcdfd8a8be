"""The API's documentation: the OpenAPI schema (drf-spectacular) and a page drawn from it in our
own layout, with no third-party script (Swagger UI and Redoc load theirs from CDNs)."""

import functools

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p.get("in", ""),
                    "required": p.get("required", False),
                    "type": p.get("schema", {}).get("type", ""),
                    "description": p.get("description", ""),
                    "choices": p.get("schema", {}).get("enum", []),
                }
                for p in operation.get("parameters", [])
            ]
            operations.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("description", "").strip(),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": parameters,
                }
            )
    return operations


@functools.cache
def _documented() -> tuple[dict, list[dict]]:
    """The schema's title block and operations: generated once per process (the code defines them)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return schema.get("info", {}), _operations(schema)


class DocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        info, operations = _documented()
        context.update(heading="API documentation", info=info, operations=operations)
        return context
