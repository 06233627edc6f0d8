"""The shape of the seeds' graph, each figure checked against a direct SPARQL count."""

import io

import pytest

from graph.stats import collect
from graph.store import open_store


@pytest.fixture(scope="module")
def store(seed_store):
    s = open_store(seed_store, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def stats(store):
    return collect(store)


def _n(store, query):
    return int(store.query(query).rows[0][0])


def test_counts_per_class_and_relation_are_distinct_entities_and_relations(store, stats):
    assert stats.reports == 5
    assert stats.classes["District"] == _n(
        store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:District }"
    )
    assert stats.relations["hasStrategy"] == _n(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a kg:hasStrategy ?b } }"
    )


def test_counts_per_report_are_those_of_each_report_graph(store, stats):
    assert len(stats.per_report) == 5 and all(r.endswith(".txt") for r in stats.per_report)
    for report, counts in stats.per_report.items():
        q = (
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g dcterms:source ?src . ?a kg:locatedIn ?b } "
            f'FILTER(STR(?src) = "{report}") }}'
        )
        assert counts["locatedIn"] == _n(store, q)
    assert max(c["Strategy"] for c in stats.per_report.values()) <= stats.classes["Strategy"]


def test_the_most_connected_entity_is_the_district_most_reports_are_about(stats):
    label, typ, degree = stats.top[0]
    assert (label, typ) == ("市中区", "District") and degree >= stats.top[1][2]


def test_shared_organizations_are_reached_from_several_strategies(store, stats):
    rows = store.query(
        "SELECT ?o (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s kg:includesProject ?p . ?p kg:involves ?e . "
        "?e rdfs:label ?o } GROUP BY ?o HAVING (COUNT(DISTINCT ?s) > 1)"
    ).rows
    assert {(str(o), int(n)) for o, n in rows} == {(o, len(s)) for o, s in stats.shared}


def test_components_cover_every_entity_once(stats):
    assert sum(c.size for c in stats.components) == sum(stats.classes.values())
    assert stats.components[0].hub == "市中区"
    assert [c.size for c in stats.components] == sorted((c.size for c in stats.components), reverse=True)


def test_counts_are_those_of_the_build_summary(store, stats):
    from graph.stats import totals

    assert totals(store) == (stats.classes, stats.relations)


def test_stats_are_read_in_a_few_queries_whatever_the_number_of_reports(store):
    asked = []

    class Counting:
        def query(self, sparql, *args, **kwargs):
            asked.append(sparql)
            return store.query(sparql, *args, **kwargs)

    collect(Counting())
    assert len(asked) <= 5


def _many_reports(stats, n=1000):
    """The seeds' stats as if the store held `n` reports like them."""
    import dataclasses

    reports = list(stats.per_report.values())
    per_report = {f"r{i:05d}.txt": reports[i % len(reports)] for i in range(n)}
    return dataclasses.replace(stats, reports=n, per_report=per_report)


def _render(renderable, width=80) -> list[str]:
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO(), highlight=False)
    console.print(renderable)
    return console.export_text().splitlines()


def test_the_summary_fits_a_terminal_at_a_thousand_reports(stats):
    from rich.cells import cell_len

    from graph.show import stats_view

    lines = _render(stats_view(_many_reports(stats), top=10))
    assert max(cell_len(ln) for ln in lines) <= 80
    assert len(lines) < 100  # not a line, nor a column, per report
    assert sum("r0" in ln for ln in lines) == 10  # the ten largest reports
    assert any("and 990 more" in ln for ln in lines)


def test_the_per_report_table_has_a_row_per_report_and_fits_80_columns(stats):
    from rich.cells import cell_len

    from graph.show import per_report_view

    lines = _render(per_report_view(_many_reports(stats)))
    assert sum(ln.startswith("│ r0") for ln in lines) == 1000
    assert max(cell_len(ln) for ln in lines) <= 80


def test_json_keeps_its_keys(stats):
    from graph.show import stats_data

    data = stats_data(stats, top=3)
    assert {"reports", "classes", "relations", "per_report", "most_connected", "components"} <= set(data)
    assert len(data["per_report"]) == 5 and len(data["largest_reports"]) == 3
