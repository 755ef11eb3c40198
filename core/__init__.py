"""The neutral core that ingest and search both stand on: domain model, FOI codes, settings,
errors, the encoder and where an index lives. It imports neither of them."""
