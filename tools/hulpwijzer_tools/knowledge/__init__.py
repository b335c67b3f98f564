"""Builds what the assistant knows: bot/knowledge from ../shared, the Dutch spaCy pipeline, writers' training data."""
