"""Retrieval evaluation: metrics, judged queries (JSON lines or BEIR) and the runner behind `foi eval`."""
