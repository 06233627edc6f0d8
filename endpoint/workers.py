"""Where the endpoint's queries run: in worker processes, so that a query can be stopped.

Oxigraph cannot interrupt a query it is evaluating: a property path or a cartesian COUNT runs on for
minutes and grows to gigabytes after its client got the time-limit answer. So each query runs in a
worker process that opened the store read-only itself, and a query is stopped by killing its worker;
a fresh one takes its place (a spawn costs ~0.25 s, off the request's path). Killing also contains
what the engine may still do wrong: a crash takes down one worker, not the server.

Workers are forked from multiprocessing's forkserver with the query modules already imported
(a new one costs ~0.02 s of CPU instead of the ~0.3 s of a fresh interpreter), and each ends with the
server however the server ends (kgprocess.py).

A watchdog thread looks at the busy workers ten times a second and stops a query

- past the time limit (the worker gives up on its own too, when the results stream past it),
- whose worker uses more memory than allowed (its resident size, read from /proc),
- that has run longer than `short` seconds while `long` older long queries are running: the other
  workers are kept for the cheap queries, which are almost all of them, so a few runaway queries
  cannot make the endpoint refuse `ASK {}`.

A query past `short` seconds also has its worker's priority lowered (nice 19), so the cheap queries
still get the cores; that worker is replaced once it is done, as a process cannot raise its priority
back.

A store that lives only in this process (`:memory:`, or a store object handed in) cannot be opened by
another process: `InThread` runs its queries in threads, where the time limit ends the wait for
results but not the engine's work.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Protocol

from endpoint.respond import Reply, respond
from graph.store import GraphStore
from kgerrors import KgError, StoreError
from kgprocess import end_with

GRACE = 0.25  # seconds past the time limit a worker may take to give up by itself before it is killed
WATCH_EVERY = 0.1  # seconds between the watchdog's looks
START_WAIT = 60.0  # seconds a new worker may take to open the store


class Runner(Protocol):
    def run(self, text: str, accept: str | None) -> Reply: ...

    def close(self) -> None: ...


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    started: float | None = None  # when its current query began; None while idle
    stop_reason: str | None = None  # why the watchdog stopped it, set before the kill
    lowered: bool = False  # its priority was lowered: replace it after this query

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """`size` worker processes over the store `spec`; `run` answers one query in one of them."""

    def __init__(
        self,
        spec: str,
        *,
        size: int = 4,
        timeout: float = 30.0,
        memory_mb: int = 2048,
        long: int = 1,
        short: float = 0.5,
        wait: float | None = None,
    ) -> None:
        if not 1 <= long <= size:
            raise ValueError("a pool needs at least one worker, and may run at most all of them long")
        self.spec, self.size, self.timeout = spec, size, timeout
        self.memory = memory_mb * 1024 * 1024
        self.long, self.short = long, short
        self.wait = timeout if wait is None else wait
        self._ctx = _context()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        starting = [self._start() for _ in range(size)]
        try:
            for w in starting:
                self._ready(w)
        except StoreError:
            for w in starting:
                w.kill()
            raise
        threading.Thread(target=self._watch, name="query-watchdog", daemon=True).start()

    # -- answering
    def run(self, text: str, accept: str | None) -> Reply:
        try:
            w = self._idle.get(timeout=self.wait)
        except queue.Empty:
            return Reply.refused(503, "every query worker is busy: try again later")
        with self._lock:
            w.started, w.stop_reason = time.monotonic(), None
            self._busy.add(w)
        reply: Reply | None = None
        try:
            w.conn.send((text, accept, self.timeout))
            if w.conn.poll(self.timeout + GRACE):
                reply = w.conn.recv()
            else:
                w.stop_reason = f"the query ran past the time limit ({self.timeout:g} s): stopped"
        except (EOFError, OSError):
            pass  # the worker is gone: killed by the watchdog (it says why) or crashed
        finally:
            with self._lock:
                self._busy.discard(w)
                w.started = None
        if reply is not None and not w.lowered and _rss(w.process.pid) < self.memory // 2:
            self._idle.put(w)
            return reply
        reason = w.stop_reason
        self._replace(w)
        if reply is not None:  # answered, but the worker kept much memory or runs niced: a fresh one
            return reply
        if reason is None:
            code = w.process.exitcode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            return Reply.refused(500, f"the SPARQL engine failed on this query ({how}); the endpoint goes on")
        return Reply.refused(503, reason)

    # -- the workers
    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe()
        process = self._ctx.Process(
            target=worker_main, args=(self.spec, child_end, os.getpid()), name="kg-query", daemon=True
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _ready(self, w: _Worker) -> None:
        """Wait for a new worker's first word: "ready", or why it cannot open the store."""
        try:
            message = w.conn.recv() if w.conn.poll(START_WAIT) else "a query worker did not start in time"
        except (EOFError, OSError):
            message = f"a query worker ended while starting (exit code {w.process.exitcode})"
        if message != "ready":
            w.kill()
            raise StoreError(message)
        self._idle.put(w)

    def _replace(self, w: _Worker) -> None:
        def again() -> None:
            w.kill()
            delay = 0.5
            while not self._closed.is_set():
                try:
                    self._ready(self._start())
                    return
                except StoreError as exc:  # the store went away or is being rebuilt: keep trying
                    sys.stderr.write(f"kg serve: {exc}; trying again in {delay:g} s\n")
                    self._closed.wait(delay)
                    delay = min(delay * 2, 30.0)

        threading.Thread(target=again, name="query-worker-start", daemon=True).start()

    def _watch(self) -> None:
        while not self._closed.wait(WATCH_EVERY):
            now = time.monotonic()
            with self._lock:
                busy = [w for w in self._busy if w.started is not None and w.stop_reason is None]
            for w in busy:
                if _rss(w.process.pid) > self.memory:
                    self._stop(w, f"the query used more than {self.memory >> 20} MB of memory: stopped")
            long = sorted((w for w in busy if now - (w.started or now) > self.short), key=lambda w: w.started)
            for w in long:
                if not w.lowered:
                    w.lowered = True
                    with contextlib.suppress(OSError, AttributeError):
                        os.setpriority(os.PRIO_PROCESS, w.process.pid, 19)
            for w in long[self.long :]:
                self._stop(
                    w,
                    f"stopped after {self.short:g} s: {self.long} long queries are already running,"
                    " the rest of the endpoint is kept for quick ones; try again later",
                )

    def _stop(self, w: _Worker, reason: str) -> None:
        with self._lock:
            if w.started is None or w.stop_reason is not None:
                return  # it finished (or was stopped) meanwhile
            w.stop_reason = reason
        with contextlib.suppress(OSError, ValueError):
            w.process.kill()

    def close(self) -> None:
        self._closed.set()
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
        with self._lock:
            busy = list(self._busy)
        for w in busy:
            w.kill()


def _rss(pid: int | None) -> int:
    """Resident memory of a process in bytes (Linux /proc); 0 where that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _context() -> multiprocessing.context.BaseContext:
    # never fork the server itself: it has threads (a fork copies their locks, not their owners)
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["endpoint.respond", "graph.store", "pyoxigraph"])
    return ctx


def worker_main(spec: str, conn: Connection, server: int) -> None:
    """A worker: open the store, then answer queries one at a time until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server decides
    end_with(server, "kg-end-with-server")
    from graph.store import open_store

    try:
        store = open_store(spec, read_only=True)
    except KgError as exc:
        conn.send(str(exc))
        return
    conn.send("ready")
    while True:
        try:
            text, accept, timeout = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(respond(store, text, accept, timeout))


class InThread:
    """Queries on a store only this process holds, each in a thread of its own: the time limit answers
    503, but the engine goes on to the end of that query, holding one of `slots`."""

    def __init__(self, store: GraphStore, *, timeout: float = 30.0, slots: int = 4) -> None:
        self.store, self.timeout = store, timeout
        self._slots = threading.BoundedSemaphore(slots)

    def run(self, text: str, accept: str | None) -> Reply:
        if not self._slots.acquire(timeout=self.timeout):
            return Reply.refused(503, "too many queries running: try again later")
        done: queue.Queue[Reply] = queue.Queue()

        def work() -> None:
            try:
                done.put(respond(self.store, text, accept, self.timeout))
            finally:
                self._slots.release()

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        try:
            return done.get(timeout=self.timeout + GRACE)
        except queue.Empty:
            return Reply.refused(503, f"the query ran past the time limit ({self.timeout:g} s)")

    def close(self) -> None:
        pass
