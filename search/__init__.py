"""Queries in, results out: the search side of FOI search."""
