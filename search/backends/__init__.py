"""Search backends behind the `SearchBackend` protocol."""
