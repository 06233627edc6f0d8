"""The saved queries in queries/: each answers its question on the seeds, in both stores.

Expected answers are worked out from the extraction records directly (what the loaders found), so a
query is right when it says what the records say, and stays tested as extraction improves; a few
answers that the README shows are also spelled out.
"""

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Literal

from graph import sparql
from graph.store import open_store
from kgerrors import QueryError
from tests.conftest import ROOT
from tests.hostile.test_cli_hostile import run_kg

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def facts(extractions):
    """(head label, head type, relation, tail label, tail type, report, sentence, start, end) per relation,
    and every entity's names by (type, label)."""
    rows, names = set(), defaultdict(set)
    for doc, x in extractions.items():
        ents = {e.key: e for e in x.entities}
        for e in x.entities:
            names[e.type, e.label] |= {e.label, *e.aliases}
        for r in x.relations:
            h, t, ev = ents[r.head], ents[r.tail], r.evidence
            rows.add((h.label, h.type, r.type, t.label, t.type, doc, ev.text, ev.raw_start, ev.raw_end))
    return rows, names


def edges(facts, rel, head_type=None, tail_type=None):
    return {
        (f[0], f[3])
        for f in facts[0]
        if f[2] == rel and head_type in (None, f[1]) and tail_type in (None, f[4])
    }


def parts_closure(facts, name):
    """The strategies named `name` (label or alias) and every strategy part of them (kg:partOf*)."""
    part_of = edges(facts, "partOf")
    named = {label for (t, label), names in facts[1].items() if t == "Strategy" and name in names}
    seen, todo = set(named), list(named)
    while todo:
        s = todo.pop()
        for a, b in part_of:
            if b == s and a not in seen:
                seen.add(a)
                todo.append(a)
    return seen


@pytest.fixture(params=["embedded", "remote"])
def run(request):
    spec = request.getfixturevalue("seed_store" if request.param == "embedded" else "remote_seed_store")
    s = open_store(spec, read_only=True)

    def run(name, **names):
        bindings = dict(sparql.parse_binding(f"{k}={v}") for k, v in names.items())
        res = sparql.run(s, f"@{ROOT / 'queries' / name}", bindings)
        return [{k: (None if v is None else v.toPython()) for k, v in d.items()} for d in res.dicts()]

    yield run
    s.close()


def test_every_saved_query_says_what_it_answers_and_stands_alone():
    from rdflib.plugins.sparql import prepareQuery

    assert len(QUERIES) >= 6
    for q in QUERIES:
        text = q.read_text(encoding="utf-8")
        assert text.startswith("# ") and len(text.split("\n", 1)[0]) > 30, q.name
        prepareQuery(text)  # declares its own prefixes: pastes into any SPARQL client


def test_strategies_of_a_district(run, facts):
    got = run("strategies-of-district.rq", district="历下区")
    want = {s for d, s in edges(facts, "hasStrategy", "District") if d == "历下区"}
    assert {r["strategy"] for r in got} == want and len(got) == len(want) > 3
    assert {r["district"] for r in got} == {"历下区"}
    assert {r["strategy"] for r in run("strategies-of-district.rq", district="市中区")} >= {"济南中央活力区"}


def test_a_district_found_by_an_alias(run, facts):
    rows, names = facts
    aliased = sorted((label, n) for (t, label), ns in names.items() if t == "District" for n in ns - {label})
    label, alias = next(
        (lab, a) for lab, a in aliased if any(d == lab for d, _ in edges(facts, "hasStrategy"))
    )
    by_alias = {r["strategy"] for r in run("strategies-of-district.rq", district=alias)}
    assert by_alias == {r["strategy"] for r in run("strategies-of-district.rq", district=label)} != set()


def test_projects_under_a_strategy(run, facts):
    got = run("projects-of-strategy.rq", strategy="中优战略")
    assert {r["project"] for r in got} >= {"济南宾馆项目"}
    for strategy in {s for s, _ in edges(facts, "includesProject")} | {b for _, b in edges(facts, "partOf")}:
        parts = parts_closure(facts, strategy)
        want = {(p, via) for via, p in edges(facts, "includesProject") if via in parts}
        got = {(r["project"], r["via"]) for r in run("projects-of-strategy.rq", strategy=strategy)}
        assert got == want, strategy


def test_organizations_behind_a_strategys_projects(run, facts):
    involves = edges(facts, "involves")
    answered = 0
    for strategy in {s for s, _ in edges(facts, "includesProject")}:
        projects = {p for s, p in edges(facts, "includesProject") if s in parts_closure(facts, strategy)}
        want = {(o, p) for p, o in involves if p in projects}
        got = {
            (r["organization"], r["project"]) for r in run("organizations-of-strategy.rq", strategy=strategy)
        }
        assert got == want, strategy
        answered += bool(got)
    assert answered >= 2  # the seeds name organizations behind the projects of several strategies


def test_organizations_in_more_than_one_strategy(run, facts):
    strategies = defaultdict(set)
    for s, p in edges(facts, "includesProject", "Strategy", "Project"):
        for p2, o in edges(facts, "involves", "Project", "Organization"):
            if p2 == p:
                strategies[o].add(s)
    want = {o: ss for o, ss in strategies.items() if len(ss) > 1}
    got = run("organizations-in-several-strategies.rq")
    assert {r["organization"]: set(r["which"].split("、")) for r in got} == want
    assert all(r["strategies"] == len(want[r["organization"]]) for r in got)
    assert want  # on the seeds, a university and a developer take part in projects of several strategies
    assert [r["strategies"] for r in got] == sorted((r["strategies"] for r in got), reverse=True)


def test_projects_per_district(run, facts):
    counted = defaultdict(set)
    for p, d in edges(facts, "locatedIn", "Project", "District"):
        counted[d].add(p)
    includes = edges(facts, "includesProject", "Strategy", "Project")
    for d, s in edges(facts, "hasStrategy", "District"):
        counted[d] |= {p for s2, p in includes if s2 == s}
    got = run("projects-per-district.rq")
    assert {r["district"]: r["projects"] for r in got} == {d: len(ps) for d, ps in counted.items()}
    assert got[0]["district"] == "市中区"  # the seeds are mostly about it


def test_where_each_fact_came_from(run, facts):
    rows = facts[0]
    got = run("provenance.rq")
    as_rows = {
        (r["subject"], r["relation"], r["object"], r["report"], r["sentence"], r["start"], r["end"])
        for r in got
    }
    assert as_rows == {(f[0], f[2], f[3], f[5], f[6], f[7], f[8]) for f in rows}
    one = run("provenance.rq", subject="比亚迪新能源整车项目")
    assert {(r["relation"], r["object"]) for r in one} >= {("involves", "比亚迪股份有限公司")}
    assert {r["report"] for r in one} == {"001_2eeaad20f77cb63a.txt"} and all(
        "比亚迪" in r["sentence"] for r in one
    )


def test_bound_names_are_values_not_query_text(run):
    with pytest.raises(QueryError, match="no entity is named"):  # one name, not a piece of the query
        run("strategies-of-district.rq", district='历下区"@zh } UNION { ?d ?p ?district } #')
    with pytest.raises(Exception, match="district"):
        run("strategies-of-district.rq", district2="历下区")


def test_a_bound_name_is_normalised_as_names_in_reports_are(run):
    """歷下區, in traditional characters, is 历下区: the loaders write names simplified."""
    lixia = run("strategies-of-district.rq", district="历下区")
    assert run("strategies-of-district.rq", district="歷下區") == lixia != []
    assert run("strategies-of-district.rq", district="“历下区”") == lixia  # quotes dropped, as in look-ups


def test_a_variable_the_query_does_not_return_can_be_bound(run, seed_store):
    """?d, the district's IRI, is not in the SELECT of strategies-of-district.rq: bound, it gives the
    district's strategies (under each of its names), as rdflib's initBindings would."""
    from graph.lookup import lookup

    s = open_store(seed_store, read_only=True)
    iri = lookup(s, "历下区").iri
    s.close()
    by_iri = run("strategies-of-district.rq", d=f"<{iri}>")
    assert {r["strategy"] for r in by_iri} == {
        r["strategy"] for r in run("strategies-of-district.rq", district="历下区")
    }
    assert "历下区" in {r["district"] for r in by_iri}
    counted = run("projects-per-district.rq", district="历下区")  # bound under GROUP BY, before counting
    assert [r["district"] for r in counted] == ["历下区"]


def test_a_name_no_entity_has_is_refused_with_the_closest(seed_store, capsys):
    q = f"@{ROOT / 'queries' / 'strategies-of-district.rq'}"
    code, out, err = run_kg(
        ["query", q, "--bind", "district=历下县", "--store", str(seed_store), "-f", "csv"], capsys
    )
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("kg: error: no entity is named '历下县'")
    assert "历下区" in err
    code, out, err = run_kg(["query", q, "--bind", "district=历下区", "--store", str(seed_store)], capsys)
    assert code == 0 and "note" not in err


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["@queries/strategies-of-district.rq", "--bind", "x=历下区"],
            "the query has no variable ?x (its variables: ?district ?strategy ?d ?s)",
        ),
        (["@queries/investment-per-district.rq", "--bind", "obs=历下区"], "only used inside a subquery"),
        (["queries/strategies-of-district.rq"], "write @queries/strategies-of-district.rq"),
        (["INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "updates are refused"),
        (["PREFIX kg: <urn:kg#> DELETE WHERE { ?s kg:p ?o }"], "updates are refused"),
        (["@queries/projects-by-start-year.rq", "--bind", "stage=started"], "sets ?stage itself"),
    ],
)
def test_what_kg_query_cannot_run_it_says_in_one_line(seed_store, capsys, monkeypatch, args, message):
    monkeypatch.chdir(ROOT)
    code, out, err = run_kg(["query", *args, "--store", str(seed_store)], capsys)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("kg: error: ") and "Traceback" not in err
    assert message in err and "expected" not in err  # not the parser's "expected CONSTRUCT"


def test_bindings_on_the_command_line():
    assert sparql.parse_binding("district=历下区") == ("district", Literal("历下区", lang="zh"))
    assert sparql.parse_binding("?e=<https://w3id.org/x>")[1].n3() == "<https://w3id.org/x>"
    for bad in ("district", "1x=a", "a b=c", "d="):
        with pytest.raises(Exception, match="--bind"):
            sparql.parse_binding(bad)


def test_kg_query_runs_a_saved_query_with_a_bound_name(seed_store):
    from typer.testing import CliRunner

    from kg import app

    q = Path("queries") / "projects-of-strategy.rq"
    r = CliRunner().invoke(
        app, ["query", f"@{ROOT / q}", "--bind", "strategy=中优战略", "--store", str(seed_store), "-f", "csv"]
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "strategy,project,via" and "济南宾馆项目" in r.stdout


def _stated(extractions, kind="investment", unit="CNY"):
    """(entity label, entity type, value, aggregate) of every amount the loaders attached."""
    out = set()
    for x in extractions.values():
        ents = {e.key: e for e in x.entities}
        for f in x.amounts:
            if f.amount.kind == kind and f.amount.unit == unit:
                e = ents[f.entity]
                out.add((e.label, e.type, int(f.amount.value), f.amount.aggregate))
    return out


def test_the_largest_projects_by_investment(run, extractions):
    got = run("largest-projects-by-investment.rq")
    want = {(n, t, v) for n, t, v, agg in _stated(extractions) if t != "District" and not agg}
    assert {(r["name"], r["type"], int(r["yuan"])) for r in got} == want
    assert ("综合立体交通体系", "Project", 8_400_000_000) in want  # 总投资84亿元的综合立体交通体系
    assert [r["yuan"] for r in got] == sorted((r["yuan"] for r in got), reverse=True)
    assert all(r["stated"] in r["evidence"] for r in got)


def test_investment_per_district(run, extractions):
    totals = defaultdict(int)
    for name, typ, value, _ in _stated(extractions):
        if typ == "District":
            totals[name] = max(totals[name], value)
    got = {r["district"]: r for r in run("investment-per-district.rq")}
    assert {d: int(r["largest_stated_total"]) for d, r in got.items() if r["largest_stated_total"]} == totals
    assert totals["济南新旧动能转换起步区"] == 8_670_000_000  # 签约总投资额86.7亿元 (seed 001)


def test_projects_by_start_year(run, extractions):
    want = set()
    for x in extractions.values():
        ents = {e.key: e for e in x.entities}
        for s in x.stages:
            e = ents[s.entity]
            if e.type == "Project" and s.stage in ("signed", "started", "operating"):
                want.add(((s.date or x.date or "")[:4] or None, s.stage, e.label))
    got = {(r["year"] or None, r["stage"], r["project"]) for r in run("projects-by-start-year.rq")}
    assert got == want
    assert ("2023", "started", "上新街城市更新项目") in got  # 上新街城市更新项目开工建设, in a 2023 report
