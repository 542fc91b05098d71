"""Placeholder package (being written)."""
