"""Call topics read as labels in the reader's language; an unknown one as its code."""

from __future__ import annotations

from feedback_service.topics import load_topics, parse_topics, topic_label


def test_the_shipped_topics_have_every_language():
    for code, labels in load_topics().items():
        assert set(labels) == {"sv", "da", "en"}, code


def test_a_label_in_the_reader_s_language_else_english_else_the_code():
    assert topic_label("billing", "da") == "Fakturaer"
    assert topic_label("billing", "fi") == "Billing"
    assert topic_label("queue-7", "sv") == "queue-7"


def test_a_catalogue_without_labels_reads_as_empty():
    assert parse_topics({}) == {}
    assert parse_topics({"topics": {"vip": {}}}) == {"vip": {}}


def test_a_missing_file_means_no_labels(tmp_path):
    assert load_topics(tmp_path / "topics.toml") == {}
