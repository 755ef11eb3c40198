#!/usr/bin/env bash
# The main job: set up, ingest the project's sample corpus into the embedded
# backend, show what was indexed, and serve the search UI on http://127.0.0.1:8501
# (FOI_PORT to change it). Stop it with Ctrl-C; the index stays in ./foi-index.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 DO_NOT_TRACK=1
INDEX=${FOI_INDEX_DIR:-foi-index}
.venv/bin/foi ingest sample_corpus --index "$INDEX"
.venv/bin/foi status --index "$INDEX"
.venv/bin/foi search '"neither confirm nor deny"' --index "$INDEX" --mode keyword --limit 3
exec .venv/bin/foi ui --index "$INDEX" --host 127.0.0.1 --port "${FOI_PORT:-8501}"
