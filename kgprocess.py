"""Worker processes that end with the process they work for, however it ends.

A parent killed with `kill -9` tells nobody. A build's workers (graph/ingest.py) wait on the pool's
queues for ever, and keep multiprocessing's forkserver alive with them; the endpoint's query workers
(endpoint/workers.py) may be in the middle of a query that runs for minutes. Their parent is the
forkserver, not the process that asked for them, so each watches that process by its id.
"""

from __future__ import annotations

import os
import select
import threading
import time


def end_with(pid: int, name: str = "kg-end-with-parent") -> None:
    """From now on, end this process (exit status 1) as soon as process `pid` has ended."""
    threading.Thread(target=_exit_with, args=(pid,), name=name, daemon=True).start()


def _exit_with(pid: int) -> None:
    try:
        watched = os.pidfd_open(pid)  # Linux: readable once the process has ended
    except (AttributeError, OSError):  # elsewhere, or it has ended already: ask every second
        while _alive(pid):
            time.sleep(1)
    else:
        select.select([watched], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # there, but another user's (the number was taken again)
        return True
    return True
