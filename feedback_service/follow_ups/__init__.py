"""Unhappy callers waiting for a call back: the queue, its due times, and how it was closed."""
