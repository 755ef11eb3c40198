"""Files in, indexed chunks out: the ingestion side of FOI search."""
