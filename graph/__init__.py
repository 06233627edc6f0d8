"""Extractions -> RDF (one named graph per report), the store behind one narrow interface, SPARQL,
and networkx views of the entity graph."""
