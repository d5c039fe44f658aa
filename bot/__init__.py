"""briefbot core: ingest news articles, extract who claimed and who denied what, answer questions."""

__version__ = "0.1.0"
