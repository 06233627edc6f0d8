"""Measuring tools for the benchmark: timing, peak memory of a process tree, the machine."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Run:
    """One command, run to its end."""

    seconds: float  # wall clock
    cpu_seconds: float  # user + system, the command and every process it started
    busiest_cpu_seconds: float  # the same, of its busiest process alone
    peak_rss: int  # bytes: the largest sum of resident memory over the command's processes
    stdout: str
    returncode: int


def run_command(args: list[str], cwd: Path, poll: float = 0.05) -> Run:
    """Run `args`, sampling memory and CPU time of it and every process under it each `poll` seconds.

    Workers started through a fork server are not the command's children, so the CPU time is summed
    from the samples (the last `poll` seconds of each process may be missed)."""
    import psutil

    with tempfile.TemporaryFile("w+", encoding="utf-8") as sink:  # a pipe left unread would fill and block
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=sink, stderr=subprocess.DEVNULL)
        root = psutil.Process(proc.pid)
        peak = 0
        cpu: dict[int, float] = {}
        while proc.poll() is None:
            peak = max(peak, _sample(root, cpu))
            time.sleep(poll)
        seconds = time.perf_counter() - start
        sink.seek(0)
        out = sink.read()
    return Run(seconds, sum(cpu.values()), max(cpu.values(), default=0.0), peak, out, proc.returncode)


def _sample(root, cpu: dict[int, float]) -> int:
    """Resident bytes of `root` and its descendants now; updates each one's CPU seconds in `cpu`."""
    import psutil

    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            with p.oneshot():
                total += p.memory_info().rss
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
        except psutil.Error:  # a worker may end between listing and reading
            pass
    return total


def warm_median(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median seconds of `repeat` calls after one warm-up call, and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    import psutil

    model = platform.processor() or "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "cpu": f"{model}, {os.cpu_count()} logical CPUs ({usable} usable)",
        "memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": ", ".join(
            f"{m} {_version(m)}" for m in ("jieba", "pyoxigraph", "rdflib", "networkx", "pyvis")
        ),
    }


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "?"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"
