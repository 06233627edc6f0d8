"""`kg build --cluster ADDRESS`: the extraction of the reports on a Dask distributed cluster.

Reports are independent of each other, so they are what is spread: this process (the driver) reads
each file (workers need no access to it, and a file that cannot be read is refused here, as in a
local build), sends the decoded report to a worker, which extracts it and sends back its graph as
N-Triples; the driver writes the store, in the order of the files, exactly as a local build does. So
the store is the same, whether built here or there (`tests/graph/test_cluster.py`).

The workers must run the same extractor — code, model and libraries — since its digest marks every
graph (`graph.fingerprint`): each worker's digest is compared with the driver's before any report
is sent, and a cluster running another version is refused in one line. A model file given with
`--model` is sent to each worker once. A handful of tasks per worker thread are in flight at a time, so
memory stays flat however many reports there are.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.ingest import Extracted, extract_read, in_order
from kgerrors import InputError, KgError
from loaders.read import read

CONNECT_TIMEOUT = 10  # seconds to reach the scheduler (Dask retries a refused connection until then)
TASKS_PER_THREAD = 4


def in_cluster(
    files: Iterable[Path], address: str, strict: bool = False, model: str | None = None, extractor: str = ""
) -> Iterator[Extracted]:
    """Every file's extraction, done on the cluster at `address`, in the order of the files."""
    try:
        from distributed import Client
    except ImportError:
        raise KgError("--cluster needs Dask's distributed scheduler: pip install 'distributed'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(
            f"cannot reach a Dask scheduler at {address} ({' '.join(str(exc).split())[:160]})"
        ) from None
    try:
        model_bytes = Path(model).read_bytes() if model else None
        threads = _check_workers(client, address, model_bytes, extractor)
        # sent to every worker once, not with every task (Dask hands the tasks the bytes it holds)
        model_sent = client.scatter(model_bytes, broadcast=True) if model_bytes else None

        def send(path: Path):
            try:
                report = read(path)
            except InputError as exc:  # refused here, as a local build would
                return Extracted(path, skipped=str(exc))
            return client.submit(_extract_sent, report, path, strict, model_sent, extractor, pure=False)

        def result(sent) -> Extracted:
            return sent if isinstance(sent, Extracted) else _result(sent, address)

        yield from in_order(iter(files), send, TASKS_PER_THREAD * threads, result)
    finally:
        client.close()


def _check_workers(client, address: str, model_bytes: bytes | None, extractor: str) -> int:
    """The cluster's worker threads, once every worker is known to run this extractor."""
    digests = client.run(_worker_digest, model_bytes)
    if not digests:
        raise KgError(f"the Dask cluster at {address} has no workers")
    other = sorted(w for w, d in digests.items() if d != extractor)
    if other:
        raise KgError(
            f"{len(other)} of the {len(digests)} workers of {address} run another kg (code, model or"
            f" library versions differ), e.g. {other[0]}: install this one on them"
        )
    return sum(client.nthreads().values()) or len(digests)


def _result(future, address: str) -> Extracted:
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        raise KgError(f"workers of {address} died extracting a report (out of memory?)") from None


def _model_path(model_bytes: bytes | None) -> str | None:
    """On a worker: the model sent, as a file (written once per model)."""
    if model_bytes is None:
        return None
    path = Path(tempfile.gettempdir()) / f"kg-model-{hashlib.sha256(model_bytes).hexdigest()[:16]}.kgm"
    if not path.exists():
        tmp = path.with_name(path.name + f".{id(model_bytes)}.tmp")
        tmp.write_bytes(model_bytes)
        tmp.replace(path)
    return str(path)


def _worker_digest(model_bytes: bytes | None) -> str:
    from graph.fingerprint import extractor_digest

    return extractor_digest(_model_path(model_bytes))


def _extract_sent(report, path: Path, strict: bool, model_bytes: bytes | None, extractor: str) -> Extracted:
    return extract_read(report, path, strict, _model_path(model_bytes), extractor)
