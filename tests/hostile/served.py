"""A real `kg serve` in a process of its own on loopback, and plain HTTP requests to it.

Shared by the hostile endpoint tests and the load benchmark (bench/endpoint_load.py).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Served:
    url: str
    host: str
    port: int
    process: subprocess.Popen

    def request(
        self,
        query: str | None = None,
        *,
        method: str = "GET",
        path: str = "/sparql",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 120.0,
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) of one request; `query` goes in the URL."""
        target = path + ("?" + urllib.parse.urlencode({"query": query}) if query is not None else "")
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            res = conn.getresponse()
            return res.status, {k.lower(): v for k, v in res.getheaders()}, res.read()
        finally:
            conn.close()

    def raw(self, data: bytes, timeout: float = 30.0) -> bytes:
        """Send bytes as they are (a malformed request), return whatever comes back until the close."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            with contextlib.suppress(TimeoutError, ConnectionResetError):
                while chunk := s.recv(65536):
                    chunks.append(chunk)
            return b"".join(chunks)

    def children(self) -> list[int]:
        """Process ids of the server's query workers: the children of its forkserver."""
        servers = [p for p in self.all_children() if b"forkserver" in _cmdline(p)]
        return [pid for pid in _pids() if _ppid(pid) in servers]

    def all_children(self) -> list[int]:
        """Every process the server started, and theirs."""
        found, frontier = [], [self.process.pid]
        procs = {pid: _ppid(pid) for pid in _pids()}
        while frontier:
            kids = [pid for pid, parent in procs.items() if parent in frontier]
            found += kids
            frontier = kids
        return found

    def children_cpu(self) -> float:
        """CPU seconds used so far by the server's live query workers."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.children():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / tick


def _pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _ppid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


@contextlib.contextmanager
def kg_serve(store: Path | str, *args: str, host: str = "127.0.0.1") -> Iterator[Served]:
    """`kg serve --port 0` on `store` with more `args`; stopped (and waited for) at the end."""
    cmd = [sys.executable, str(ROOT / "kg.py"), "serve", "--host", host, "--port", "0", "--quiet"]
    cmd += ["--store", str(store), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        if not line.startswith("SPARQL endpoint"):
            proc.kill()
            raise RuntimeError(f"kg serve did not start: {line}{proc.stderr.read()}")
        url = line.split()[2].removesuffix("/sparql")
        parts = urllib.parse.urlsplit(url)
        yield Served(url, parts.hostname or host, parts.port or 0, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until(condition, timeout: float = 15.0, every: float = 0.1) -> bool:
    """Poll `condition` until it holds or `timeout` passes (a bound against hanging, not a speed test)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())
