"""Connecting to an OpenSearch cluster: credentials, TLS, retries, and errors that say what to do.

Credentials come from settings (FOI_OPENSEARCH_USER/PASSWORD or FOI_OPENSEARCH_API_KEY) or
from the URL's user-info; they are taken out of the URL before the client sees it, and
every message this module produces is passed through `Redactor`, so no secret reaches an
error message or a log line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from core.location import is_loopback_host
from core.settings import Settings
from search.errors import (
    BackendAuthenticationError,
    BackendConnectionError,
    BackendError,
    BackendIncompatibleError,
    IndexNotFoundError,
    SearchError,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

# Nested k-NN with filters on parent fields and inner hits: 2.12. Hybrid query with the
# normalization processor: 2.10; the score-ranker (RRF) processor: 2.19.
MINIMUM_VERSION = (2, 12, 0)
NORMALIZATION_VERSION = (2, 10, 0)
RRF_VERSION = (2, 19, 0)
KNN_PLUGIN = "opensearch-knn"
# How _cat/plugins names the k-NN plugin: its name in an installed distribution, its class when the
# node runs plugins from the classpath (scripts/opensearch.sh).
KNN_PLUGIN_NAMES = frozenset({KNN_PLUGIN, "org.opensearch.knn.plugin.KNNPlugin"})
_RETRY_STATUSES = (429, 502, 503, 504)
_FIRST_BACKOFF_S = 0.25


@dataclass(frozen=True)
class Redactor:
    """Removes secrets from text before it is shown or logged."""

    secrets: tuple[str, ...] = ()

    def __call__(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret:
                text = text.replace(secret, "***")
        return text


@dataclass(frozen=True)
class Endpoint:
    """Where and how to connect, with the credentials kept out of `url`."""

    url: str
    user: str = ""
    password: str = field(default="", repr=False)
    api_key: str = field(default="", repr=False)

    @property
    def redactor(self) -> Redactor:
        return Redactor(tuple(secret for secret in (self.password, self.api_key) if len(secret) >= 3))

    @property
    def display(self) -> str:
        return self.url


def endpoint_from(url: str, settings: Settings) -> Endpoint:
    """Split `http(s)://user:password@host:port/prefix` into a clean URL and credentials.

    Settings win over the URL's user-info, so a URL in a config file need hold no secret.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BackendConnectionError(
            f"{_strip_userinfo(url)!r} is not an OpenSearch URL: use http(s)://host:9200 in FOI_OPENSEARCH_URL"
        )
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    user = settings.opensearch_user or unquote(parts.username or "")
    password = settings.opensearch_password or unquote(parts.password or "")
    return Endpoint(clean, user, password, settings.opensearch_api_key)


def _strip_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[1], parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class ClusterInfo:
    version: tuple[int, int, int]
    distribution: str

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))

    def supports(self, minimum: tuple[int, int, int]) -> bool:
        return self.version >= minimum


class Connection:
    """An opensearch-py client plus retries with backoff and error translation."""

    def __init__(self, endpoint: Endpoint, settings: Settings) -> None:
        self.endpoint = endpoint
        self._redact = endpoint.redactor
        self._retries = max(0, settings.opensearch_retries)
        headers = {"Authorization": f"ApiKey {endpoint.api_key}"} if endpoint.api_key else None
        options: dict[str, Any] = {
            "hosts": [endpoint.url],
            "use_ssl": endpoint.url.startswith("https://"),
            "verify_certs": settings.opensearch_verify_certs,
            "ssl_show_warn": settings.opensearch_verify_certs,
            "timeout": settings.opensearch_timeout_s,
            # Retries are ours (with backoff); the transport's would retry at once.
            "max_retries": 0,
            # Gzip saves bandwidth to a remote cluster; on this machine it only costs CPU (a bulk
            # request of vectors compresses at a few tens of MB/s, slower than loopback sends it).
            "http_compress": not _is_loopback(endpoint.url),
        }
        if settings.opensearch_ca_certs:
            options["ca_certs"] = settings.opensearch_ca_certs
        if endpoint.user:
            options["http_auth"] = (endpoint.user, endpoint.password)
        if headers:
            options["headers"] = headers
        self.client = OpenSearch(**options)

    def call(self, what: str, request: Callable[[], T]) -> T:
        """Run one request, retrying connection failures and overload (429, 5xx) with backoff."""
        delay = _FIRST_BACKOFF_S
        for attempt in range(self._retries + 1):
            try:
                return request()
            except os_errors.TransportError as e:
                retryable = isinstance(e, os_errors.ConnectionError) or e.status_code in _RETRY_STATUSES
                if not retryable or attempt == self._retries:
                    raise self.translate(e, what) from None
                log.info("OpenSearch %s failed (%s); retrying in %.2fs", what, type(e).__name__, delay)
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def translate(self, error: os_errors.TransportError, what: str) -> SearchError:
        """A library error as ours, with what to do, and no secret in it."""
        where = self.endpoint.display
        if isinstance(error, os_errors.SSLError):
            return BackendConnectionError(
                f"TLS to OpenSearch at {where} failed while trying to {what}: {self._detail(error)}. "
                "If the cluster uses a private certificate authority, set FOI_OPENSEARCH_CA_CERTS to its CA bundle "
                "(or FOI_OPENSEARCH_VERIFY_CERTS=false for a local test cluster only)."
            )
        if isinstance(error, os_errors.ConnectionTimeout):
            return BackendConnectionError(
                f"OpenSearch at {where} did not answer within the timeout while trying to {what}. "
                "Check that the cluster is healthy, or raise FOI_OPENSEARCH_TIMEOUT_S."
            )
        if isinstance(error, os_errors.ConnectionError):
            return BackendConnectionError(
                f"cannot reach OpenSearch at {where} to {what}: {type(error.info).__name__}. "
                "Is the cluster running (scripts/opensearch.sh start, or docker compose up -d opensearch) "
                "and is the URL (--index or FOI_OPENSEARCH_URL) right?"
            )
        if isinstance(error, os_errors.AuthenticationException):
            return BackendAuthenticationError(
                f"OpenSearch at {where} rejected the credentials (HTTP 401) while trying to {what}. "
                "Set FOI_OPENSEARCH_USER and FOI_OPENSEARCH_PASSWORD, or FOI_OPENSEARCH_API_KEY."
            )
        if isinstance(error, os_errors.AuthorizationException):
            return BackendAuthenticationError(
                f"the OpenSearch user may not {what} at {where} (HTTP 403): {self._detail(error)}. "
                "Grant the role read and write permissions on the FOI indices (and cluster monitor permission)."
            )
        if isinstance(error, os_errors.NotFoundError) and "index_not_found" in str(error.error):
            return IndexNotFoundError(
                f"no FOI index at {where} (while trying to {what}): create one with `foi ingest`, "
                "or check FOI_OPENSEARCH_INDEX"
            )
        return BackendError(f"OpenSearch at {where} failed to {what}: {self._detail(error)}")

    def _detail(self, error: os_errors.TransportError) -> str:
        return self._redact(str(error))[:600]

    def cluster_info(self) -> ClusterInfo:
        info = self.call("read the cluster version", self.client.info)
        version = info.get("version", {})
        distribution = str(version.get("distribution", "elasticsearch"))
        numbers = [int(part) for part in _numeric_prefix(str(version.get("number", "0.0.0")))] + [0, 0, 0]
        return ClusterInfo((numbers[0], numbers[1], numbers[2]), distribution)

    def check_compatible(self) -> ClusterInfo:
        """Fail early, saying what to do, when the cluster cannot run this backend."""
        info = self.cluster_info()
        if info.distribution != "opensearch":
            raise BackendIncompatibleError(
                f"{self.endpoint.display} is {info.distribution} {info.version_text}, not OpenSearch: "
                "point FOI_OPENSEARCH_URL at an OpenSearch cluster"
            )
        if not info.supports(MINIMUM_VERSION):
            raise BackendIncompatibleError(
                f"OpenSearch {info.version_text} at {self.endpoint.display} is too old: this backend needs "
                f"{'.'.join(map(str, MINIMUM_VERSION))} or newer (nested k-NN with filters); upgrade the cluster"
            )
        self._check_knn_plugin()
        return info

    def _check_knn_plugin(self) -> None:
        try:
            plugins = self.call(
                "list the cluster's plugins", lambda: self.client.cat.plugins(params={"format": "json"})
            )
        except BackendAuthenticationError:
            # No monitor permission: index creation will name the missing plugin instead.
            return
        components = {str(row.get("component", "")) for row in plugins}
        if not components & KNN_PLUGIN_NAMES:
            raise BackendIncompatibleError(
                f"OpenSearch at {self.endpoint.display} has no k-NN plugin ({KNN_PLUGIN}): install it, or use "
                "the full opensearchproject/opensearch image, which ships it"
            )

    def close(self) -> None:
        self.client.close()


def _is_loopback(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname or "")


def _numeric_prefix(version: str) -> list[str]:
    parts = []
    for part in version.split("-")[0].split("."):
        if not part.isdigit():
            break
        parts.append(part)
    return parts or ["0"]
