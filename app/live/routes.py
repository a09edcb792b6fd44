"""Serve the pages of a live evening: setup, console, projector, phones and results."""
