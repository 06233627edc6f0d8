"""`kg serve` attacked the way a web page, a careless script or an unlucky user would, on loopback.

Each case asserts the status, the one line of the answer, and that the server still answers and its
store is untouched afterwards. Times appear only as bounds against hanging, never as what is tested.
"""

from __future__ import annotations

import concurrent.futures
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.hostile.served import kg_serve, wait_until

ASK = "ASK { ?s ?p ?o }"
DEEP = "ASK {" + "{" * 3000 + "}" * 3000 + "}"  # 18 KB; segfaulted the engine (exit 139)
CHAIN = "ASK { FILTER(" + "+".join(["1"] * 20000) + " > 0) }"  # a flat chain, folded deep: same crash
PATH = "SELECT * WHERE { ?s (rdfs:label|!rdfs:label)* ?o }"  # ran ~9 min and grew to 1.6 GB
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # a core busy for minutes
SORTED = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c ?a"  # every row held to sort


def one_line(body: bytes) -> str:
    text = body.decode("utf-8")
    assert text.endswith("\n") and text.count("\n") == 1 and "Traceback" not in text, text[:300]
    return text


def answers(server) -> bool:
    status, _, body = server.request(ASK, headers={"Accept": "application/sparql-results+json"})
    return status == 200 and b'"boolean": true' in body


def store_bytes(store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.iterdir()) if p.is_file() and p.name != "LOCK"}


@pytest.fixture(scope="module")
def server(seed_store):
    with kg_serve(seed_store, "--timeout", "1.5", "--workers", "4") as s:  # one of them for long queries
        yield s


# ---------------------------------------------------------------- parser bombs


@pytest.mark.parametrize("query", [DEEP, CHAIN], ids=["nested", "chained"])
def test_a_query_that_crashed_the_engine_is_refused_before_it(server, query):
    sent = {"body": query.encode(), "headers": {"Content-Type": "application/sparql-query"}}
    status, _, body = server.request(method="POST", **sent)
    assert status == 400 and "query refused" in one_line(body)
    assert answers(server) and server.process.poll() is None


def test_an_img_tag_on_any_page_cannot_kill_the_server(server):
    """The bomb as a plain GET from an <img src>: no Origin header, a loopback Host."""
    status, _, body = server.request(DEEP, headers={"Accept": "image/avif,image/webp,*/*"})
    assert status == 400 and "nested 3001 levels" in one_line(body)
    assert answers(server)


def test_kg_query_refuses_the_bomb_in_one_line(seed_store):
    res = subprocess.run(
        [sys.executable, str(ROOT / "kg.py"), "query", DEEP, "--store", str(seed_store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr.startswith("kg: error: query refused") and len(res.stderr.splitlines()) == 1


# ---------------------------------------------------------------- runaway queries are stopped


@pytest.mark.parametrize("query", [PATH, CARTESIAN], ids=["property-path", "cartesian-count"])
def test_a_query_past_its_time_is_stopped_not_only_answered(server, query):
    status, _, body = server.request(query)
    assert status == 503 and "time limit" in one_line(body)
    # the work stopped (the worker gave up as results streamed past the limit, or it was killed): the server's processes are idle again, and as many as before
    assert wait_until(lambda: len(server.children()) == 4)
    before = server.children_cpu()
    time.sleep(1.0)
    assert server.children_cpu() - before < 0.5
    assert answers(server)


def test_runaway_queries_in_every_slot_leave_room_for_a_quick_one(server):
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        runaway = [
            pool.submit(server.request, q) for q in (PATH, CARTESIAN, PATH, CARTESIAN, PATH, CARTESIAN)
        ]
        time.sleep(1.2)  # all of them running, past the point where a query counts as long
        assert answers(server)
        statuses = [f.result()[0] for f in runaway]
    assert statuses == [503] * 6
    assert wait_until(lambda: len(server.children()) == 4) and answers(server)


def test_forty_clients_with_runaway_queries_among_them_all_get_their_answers(seed_store):
    """A bounded load (bench/endpoint_load.py is the measured one): every cheap query answered,
    every runaway one stopped, and nothing left running afterwards."""
    cheap = [
        ASK,
        'SELECT ?d WHERE { ?d rdfs:label "历下区"@zh }',
        (ROOT / "queries" / "projects-per-district.rq").read_text(),
    ]
    with kg_serve(seed_store, "--timeout", "1.5") as s:

        def one(i: int) -> tuple[bool, int]:
            runaway = i % 25 == 24
            query = (PATH, CARTESIAN)[i % 2] if runaway else cheap[i % len(cheap)]
            return runaway, s.request(query)[0]

        with concurrent.futures.ThreadPoolExecutor(40) as pool:
            results = list(pool.map(one, range(400)))
        assert {status for runaway, status in results if not runaway} == {200}
        assert {status for runaway, status in results if runaway} == {503}
        assert wait_until(lambda: len(s.children()) == 8) and answers(s)


def test_a_query_past_its_memory_is_stopped(seed_store):
    with kg_serve(seed_store, "--timeout", "120", "--memory", "300") as s:
        status, _, body = s.request(SORTED)
        assert status == 503 and "more than 300 MB of memory" in one_line(body)
        assert answers(s)


def test_a_server_killed_takes_its_workers_with_it(seed_store):
    with kg_serve(seed_store, "--timeout", "60") as s:
        workers = s.all_children()  # the forkserver, the query workers, multiprocessing's resource tracker
        assert len(s.children()) == 8 and len(workers) == 10
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(s.request, CARTESIAN, timeout=10)  # one of them busy when the server dies
            time.sleep(0.5)
            s.process.kill()
            s.process.wait()
        assert wait_until(lambda: not any(_alive(pid) for pid in workers))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------- who may ask


def test_dns_rebinding_another_host_name_is_refused(server):
    status, _, body = server.request(ASK, headers={"Host": f"evil.example:{server.port}"})
    assert status == 403 and "names it was bound to" in one_line(body)
    status, _, _ = server.request(path="/", headers={"Host": "evil.example"})
    assert status == 403
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", "LOCALHOST"):
        assert server.request(ASK, headers={"Host": host})[0] == 200


def test_a_page_of_another_site_cannot_query(server):
    status, _, body = server.request(ASK, headers={"Origin": "http://evil.example"})
    assert status == 403 and "other sites" in one_line(body)
    assert server.request(ASK, headers={"Origin": "null"})[0] == 403
    assert server.request(ASK, headers={"Origin": f"http://127.0.0.1:{server.port}"})[0] == 200


def test_allow_host_admits_a_name(seed_store):
    with kg_serve(seed_store, "--allow-host", "kg.lan") as s:
        assert s.request(ASK, headers={"Host": "kg.lan:7879"})[0] == 200
        assert s.request(ASK, headers={"Host": "evil.example"})[0] == 403


# ---------------------------------------------------------------- malformed HTTP


def test_head_answers_like_get_without_a_body(server):
    status, headers, body = server.request(ASK, method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    assert server.request(path="/", method="HEAD")[0] == 200


@pytest.mark.parametrize(
    ("length", "status"), [("abc", 400), ("-1", 400), ("1e3", 400), (None, 411), (str(11 << 20), 413)]
)
def test_a_bad_content_length_is_refused_and_nothing_hangs(server, length, status):
    head = "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    if length is not None:
        head += f"Content-Length: {length}\r\n"
    answer = server.raw((head + "\r\n").encode())
    first, _, rest = answer.partition(b"\r\n")
    assert first.split()[1] == str(status).encode()
    one_line(rest.split(b"\r\n\r\n", 1)[1])
    assert server.process.poll() is None and answers(server)


def test_a_huge_accept_header_is_not_echoed(server):
    accept = "application/x-nothing-" + "x" * 60_000
    status, _, body = server.request(ASK, headers={"Accept": accept})
    assert status == 406 and len(body) < 1000
    one_line(body)


def test_the_server_listens_on_ipv6_loopback(seed_store):
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    with kg_serve(seed_store, host="::1") as s:
        assert s.url.startswith("http://[::1]:") and answers(s)


def test_the_store_is_untouched_by_all_of_it(seed_store, server):
    before = store_bytes(seed_store)
    for q in (DEEP, "DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"):
        assert server.request(q)[0] in (400, 403)
    assert server.request(CARTESIAN)[0] == 503
    assert store_bytes(seed_store) == before
