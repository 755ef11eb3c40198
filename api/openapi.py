"""The API's OpenAPI document, committed as docs/openapi.json (a test fails when it is stale).

.venv/bin/python -m api.openapi docs/openapi.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from api.app import api_routes


def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = api_routes().openapi()
    return document


def openapi_text() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(openapi_text(), encoding="utf-8")
