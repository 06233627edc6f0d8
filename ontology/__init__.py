"""The vocabulary of the graph: classes, relations, provenance terms, and the shapes a graph must satisfy.

`kg.ttl` is the source of truth; `terms.py` mirrors it as plain Python (for `loaders/`, which has no
rdflib) and `ns.py` as an rdflib namespace. `tests/test_ontology.py` keeps the three equal.
"""

from pathlib import Path

ONTOLOGY_FILE = Path(__file__).with_name("kg.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")
