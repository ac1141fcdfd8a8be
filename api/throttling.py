"""Rate limits per token (DRF throttling, counted in Django's cache)."""

from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        digest = getattr(token, "digest", None)
        ident = f"token-{digest[:24]}" if digest else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
