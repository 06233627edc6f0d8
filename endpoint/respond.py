"""One query answered: the text and the client's Accept header in, (status, content type, body) out.

Run where the query runs — in a worker process of the endpoint (endpoint/workers.py) or, for a store
that only this process holds, in a thread of it — so only bytes travel back to the HTTP side.
"""

from __future__ import annotations

from dataclasses import dataclass

from endpoint.protocol import GRAPH_OFFERS, RESULT_OFFERS, Refused, is_update, negotiate
from graph import sparql
from graph.store import GraphStore
from kgerrors import KgError, QueryError, QueryTimeout

TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    status: int
    media: str
    body: bytes

    @classmethod
    def refused(cls, status: int, reason: str) -> Reply:
        return cls(status, TEXT, (" ".join(reason.split())[:500] + "\n").encode("utf-8"))


def respond(store: GraphStore, text: str, accept: str | None, timeout: float | None) -> Reply:
    try:
        res = store.query(text, None, timeout=timeout)
        offers = GRAPH_OFFERS if res.kind == "graph" else RESULT_OFFERS
        media, fmt = negotiate(accept, offers)
        return Reply(200, f"{media}; charset=utf-8", sparql.serialize(res, fmt).encode("utf-8"))
    except Refused as exc:
        return Reply.refused(exc.status, exc.reason)
    except QueryTimeout:
        return Reply.refused(503, f"the query ran past the time limit ({timeout:g} s)")
    except QueryError as exc:
        if is_update(text):
            return Reply.refused(403, "this endpoint is read-only: SPARQL updates are refused")
        return Reply.refused(400, str(exc))
    except KgError as exc:
        return Reply.refused(500, str(exc))
    except MemoryError:
        return Reply.refused(503, "the query needed more memory than the endpoint allows")
    except Exception as exc:  # a bug, not the client's fault: say so in one line, keep serving
        return Reply.refused(500, f"internal error: {type(exc).__name__}: {exc}")
