"""Vocabulary every layer shares: problems, places, formatting, settings, provenance."""
