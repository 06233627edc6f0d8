"""Report files -> entities and relations with their evidence. Nothing here imports rdflib."""

from loaders.pipeline import STAGES, extract, extract_report

__all__ = ["STAGES", "extract", "extract_report"]
