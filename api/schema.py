"""How drf-spectacular describes our token authentication in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = ["bearerAuth", "basicAuth"]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal access token from your account page.",
            },
            {
                "type": "http",
                "scheme": "basic",
                "description": "Any user name, with the token as the password.",
            },
        ]
