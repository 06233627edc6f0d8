"""rdflib names of the vocabulary in `kg.ttl`; a misspelt term raises instead of minting an IRI."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from ontology.terms import ID_BASE, NAMESPACE, REPORT_BASE


class KG(DefinedNamespace):
    _NS = Namespace(NAMESPACE)
    _fail = True

    District: URIRef  # an administrative division or designated area
    Strategy: URIRef  # a named strategy, plan, programme, campaign or strategic zone
    Project: URIRef  # a specific named undertaking
    Organization: URIRef  # a company, institution or government body
    hasStrategy: URIRef  # District -> Strategy
    partOf: URIRef  # Strategy -> Strategy
    includesProject: URIRef  # Strategy -> Project
    locatedIn: URIRef  # Project | Organization | District -> District
    involves: URIRef  # Project -> Organization
    cooperatesWith: URIRef  # District | Organization -> Organization
    evidence: URIRef  # the supporting sentence of a reified statement
    evidenceStart: URIRef  # its start offset in the original text
    evidenceEnd: URIRef  # its end offset in the original text
    sha256: URIRef  # digest of the report file
    extractor: URIRef  # digest of the model and code that extracted the report
    linkedFrom: URIRef  # digest of the reports the links graph was computed from
    linkKey: URIRef  # in the links graph: a class and name an entity is linked by (graph/link.py)
    script: URIRef  # Hans or Hant
    # observations of amounts and stages (sosa:observedProperty values, kg:Stages concepts)
    investment: URIRef
    output: URIRef
    area: URIRef
    money: URIRef
    stage: URIRef
    Stages: URIRef
    planned: URIRef
    signed: URIRef
    started: URIRef
    underway: URIRef
    completed: URIRef
    operating: URIRef
    elevated: URIRef
    qualifier: URIRef  # exact, at least, at most, about, nearly, range
    aggregate: URIRef  # a total over several things
    statedAs: URIRef  # the phrase as written


SOSA = Namespace("http://www.w3.org/ns/sosa/")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace(ID_BASE)
REPORT = Namespace(REPORT_BASE)
