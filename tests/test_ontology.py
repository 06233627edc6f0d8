"""The OWL file, the rdflib namespace and the plain-Python terms say the same thing."""

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ontology import ONTOLOGY_FILE, SHAPES_FILE
from ontology.ns import KG
from ontology.terms import ENTITY_TYPES, NAMESPACE, RELATION_TYPES


def _graph():
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_classes_and_properties_match_the_contract():
    g = _graph()
    classes = {
        str(c)[len(NAMESPACE) :] for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(NAMESPACE)
    }
    props = {str(p)[len(NAMESPACE) :] for p in g.subjects(RDF.type, OWL.ObjectProperty)}
    assert classes == set(ENTITY_TYPES) == {"District", "Strategy", "Project", "Organization"}
    assert (
        props
        == {r.name for r in RELATION_TYPES}
        == {"hasStrategy", "partOf", "includesProject", "locatedIn", "involves", "cooperatesWith"}
    )


def test_every_term_has_chinese_and_english_labels():
    g = _graph()
    for name in (*ENTITY_TYPES, *(r.name for r in RELATION_TYPES)):
        langs = {lit.language for lit in g.objects(URIRef(NAMESPACE + name), RDFS.label)}
        assert {"zh", "en"} <= langs, name


def test_domains_and_ranges_agree_with_terms():
    g = _graph()
    for r in RELATION_TYPES:
        iri = URIRef(NAMESPACE + r.name)
        rng = {str(x)[len(NAMESPACE) :] for x in g.objects(iri, RDFS.range)}
        assert rng == set(r.range)
        doms = set()
        for d in g.objects(iri, RDFS.domain):
            members = list(g.items(next(g.objects(d, OWL.unionOf)))) if (d, OWL.unionOf, None) in g else [d]
            doms |= {str(x)[len(NAMESPACE) :] for x in members}
        assert doms == set(r.domain), r.name


def test_namespace_class_is_closed_and_complete():
    g = _graph()
    declared = {
        str(s)[len(NAMESPACE) :]
        for s in g.subjects()
        if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)
    }
    for name in declared:
        assert str(getattr(KG, name)) == NAMESPACE + name
    try:
        KG.Nonexistent  # noqa: B018
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a misspelt term must raise")


def test_shapes_parse():
    assert len(Graph().parse(SHAPES_FILE, format="turtle")) > 20


def test_stages_are_the_concepts_of_the_ontology_with_its_labels():
    from rdflib.namespace import SKOS

    from ontology.terms import STAGE_LABELS

    g = _graph()
    scheme = URIRef(NAMESPACE + "Stages")
    concepts = {str(c)[len(NAMESPACE) :] for c in g.subjects(SKOS.inScheme, scheme)}
    assert concepts == set(STAGE_LABELS)
    for name, (zh, en) in STAGE_LABELS.items():
        labels = {(str(lit), lit.language) for lit in g.objects(URIRef(NAMESPACE + name), SKOS.prefLabel)}
        assert labels == {(zh, "zh"), (en, "en")}, name
