"""The `foi` command line, on top of ingest/ and search/ (and ui/ for `foi ui`)."""
