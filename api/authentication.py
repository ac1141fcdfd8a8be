"""API authentication by personal access token: `Authorization: Bearer <token>`, or HTTP Basic
with the token as the password (what Power BI's and Excel's "From Web" offer)."""

import base64
import binascii

from rest_framework import authentication, exceptions

from api.services import token_authenticate


def raw_token_from(header: str) -> str | None:
    scheme, _, value = header.partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme in {"bearer", "token"} and value:
        return value
    if scheme == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError) as error:
            raise exceptions.AuthenticationFailed("The Basic credentials are not valid base64.") from error
        _username, _, password = decoded.partition(":")
        return password or None
    return None


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        raw = raw_token_from(header)
        if raw is None:
            raise exceptions.AuthenticationFailed("Send a token as 'Authorization: Bearer <token>'.")
        token = token_authenticate(raw=raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid: it may be expired or revoked.")
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api", Basic realm="api"'
