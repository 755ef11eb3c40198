"""The search package's one error hierarchy. Library errors are wrapped in these
at the boundary; only the edges (CLI, UI) turn them into messages."""

from core.errors import FoiError


class SearchError(FoiError):
    """Base of every error raised by the search package."""


class IndexNotFoundError(SearchError):
    """The index folder does not exist or holds no index."""


class IndexFormatError(SearchError):
    """The index exists but cannot be read: another version, corruption, a wrong model."""


class IndexLockedError(SearchError):
    """Another process is writing to the index (one writer at a time)."""


class ReadOnlyIndexError(SearchError):
    """A write was attempted through an index opened for reading."""


class DocumentNotFoundError(SearchError):
    """No document with that id is in the index."""


class CampaignNotFoundError(DocumentNotFoundError):
    """No document (that the caller may see) belongs to this campaign."""


class BackendError(SearchError):
    """The search engine failed while executing a request."""


class EvaluationError(SearchError):
    """An evaluation input (queries file, BEIR dataset) cannot be read or used."""


class BackendConnectionError(BackendError):
    """The search engine cannot be reached (wrong URL, server down, TLS or network failure)."""


class BackendAuthenticationError(BackendError):
    """The search engine refused the credentials, or they lack a needed permission."""


class BackendIncompatibleError(BackendError):
    """The search engine lacks something this product needs (a plugin, a newer version)."""


class BulkIndexingError(BackendError):
    """Some documents of a batch could not be indexed; `failures` maps document id to reason."""

    def __init__(self, message: str, failures: dict[str, str]) -> None:
        super().__init__(message)
        self.failures = failures
