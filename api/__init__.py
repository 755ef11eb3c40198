"""The HTTP API (`foi serve`): a thin layer over search.client.SearchClient with API keys,
roles and per-collection access."""
