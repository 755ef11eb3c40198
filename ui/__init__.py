"""Streamlit user interface (a thin caller of `search.client`)."""
