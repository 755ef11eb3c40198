"""The HTTP API's errors; the app turns each into a JSON body with a message and a status."""

from __future__ import annotations

from core.errors import FoiError


class ApiError(FoiError):
    """A request or a key operation that cannot be done as asked."""


class AuthenticationError(ApiError):
    """No key, or one that is malformed, unknown or revoked (HTTP 401)."""


class ForbiddenError(ApiError):
    """A key whose role does not allow the request (HTTP 403)."""


class RateLimitedError(ApiError):
    """A key that sent more requests than FOI_API_REQUESTS_PER_MINUTE allows (HTTP 429)."""


class PayloadTooLargeError(ApiError):
    """An upload over the size limits (HTTP 413)."""


class JobNotFoundError(ApiError):
    """No ingest job with that id that the key may see (HTTP 404)."""
