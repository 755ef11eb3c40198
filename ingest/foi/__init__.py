"""FOI understanding: authority, references, dates, requester, exemptions applied, outcome, request threads.

The ingestion pipeline calls `analyse` on each document's text and
`assign_request_ids` on the documents of a run.
"""

from ingest.foi.analyse import analyse
from ingest.foi.authorities import Authority, Gazetteer
from ingest.foi.model import FoiInput, FoiMetadata
from ingest.foi.threads import ThreadInput, assign_request_ids

__all__ = ["Authority", "FoiInput", "FoiMetadata", "Gazetteer", "ThreadInput", "analyse", "assign_request_ids"]
