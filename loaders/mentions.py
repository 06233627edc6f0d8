"""Stage 4: Document -> mentions."""

from loaders.rules import Candidate, candidates, normalize_name
from loaders.rules import rule_mentions as find_mentions

__all__ = ["Candidate", "candidates", "find_mentions", "normalize_name"]
