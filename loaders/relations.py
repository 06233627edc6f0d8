"""Stage 6: entities -> relations."""

from loaders.rules import by_type, counts, evidence, subject_district
from loaders.rules import rule_relations as find_relations

__all__ = ["by_type", "counts", "evidence", "find_relations", "subject_district"]
