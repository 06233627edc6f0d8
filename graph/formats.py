"""The names of the output formats, in a module of their own so that the command line can offer them
as choices (validated, completed in the shell) without importing rdflib to print its help."""

from __future__ import annotations

QUERY_FORMATS = ("table", "csv", "tsv", "json")  # graph/sparql.py writes them
RDF_FORMATS = ("ttl", "trig", "nt", "nq")
NETWORK_FORMATS = ("graphml", "gexf")
EXPORT_FORMATS = (*RDF_FORMATS, "jsonld", *NETWORK_FORMATS, "csv")  # graph/export.py writes them
