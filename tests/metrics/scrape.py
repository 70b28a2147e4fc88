"""Reading `/metrics` as Prometheus does: with prometheus-client's own parser of the format."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

METRICS_TOKEN = "test-metrics-token"


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a scrape, by name and labels."""
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(scrape: dict, name: str, **labels: str) -> float:
    """A sample's value; 0 for one not (yet) there, as Prometheus would read a new series."""
    return scrape.get((name, frozenset(labels.items())), 0.0)
