#!/usr/bin/env bash
# The main job: set up, ingest the project's sample corpus into the embedded
# backend, show what was indexed, and serve the search UI on http://127.0.0.1:8501
# (FOI_PORT to change it). Stop it with Ctrl-C; the index stays in ./foi-index.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 DO_NOT_TRACK=1
INDEX=${FOI_INDEX_DIR:-foi-index}
# The demo's own index, built by an older version of the index format, is rebuilt from
# sample_corpus (an index of your own, FOI_INDEX_DIR, is never deleted: foi says what to do).
if [ -z "${FOI_INDEX_DIR:-}" ] && [ -f foi-index/foi-index.json ] \
    && ! .venv/bin/python -c 'import json, sys; from search.backends.embedded.backend import FORMAT_VERSION; sys.exit(json.load(open("foi-index/foi-index.json")).get("format") != FORMAT_VERSION)'; then
    echo "foi-index was built by an older version: rebuilding it from sample_corpus"
    rm -rf foi-index
fi
.venv/bin/foi ingest sample_corpus --index "$INDEX"
.venv/bin/foi status --index "$INDEX"
.venv/bin/foi search '"neither confirm nor deny"' --index "$INDEX" --mode keyword --limit 3
exec .venv/bin/foi ui --index "$INDEX" --host 127.0.0.1 --port "${FOI_PORT:-8501}"
