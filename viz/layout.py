"""Node positions computed ahead, in Python, so the browser draws at once instead of simulating.

vis-network's own physics needs minutes to settle a few thousand nodes, so the page gets x/y from
here. Each connected component is laid out alone by a force-directed pass (Fruchterman-Reingold),
then the components are packed in rows, largest first, so one big component and many small
ones all stay readable; single nodes go together in one square block, not in a row. `ties` are
extra pairs laid out as if linked (an unlinked entity beside its report's district, `viz.anchors`).
Repulsion is exact for small components; for large ones only pairs closer than a few edge lengths
push each other (found with a k-d tree), which keeps 2,000 nodes around a second and 20,000 within
reach.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable

import networkx as nx
import numpy as np

SPACING = 120.0  # ideal edge length, in vis-network pixels: Chinese labels are wide
EXACT_LIMIT = 300  # components up to this size get every pair's repulsion (beyond, the grid is faster)
NEAR = 2.0  # in a large component, pairs closer than this many SPACINGs repel exactly
GRID = 128  # cells per side of the grid that carries the far repulsion
ITERATIONS = 250
REFRESH = 4  # iterations between two look-ups of the near pairs


def layout(
    g: nx.Graph, seed: int = 7, ties: dict[Hashable, Hashable] | None = None
) -> dict[Hashable, tuple[float, float]]:
    """x/y for every node of `g` (directions and parallel edges ignored), deterministic for a seed."""
    und = nx.Graph(g.to_undirected(as_view=True)) if g.is_directed() else nx.Graph(g)
    und.add_edges_from((a, b) for a, b in (ties or {}).items() if a in und and b in und)
    und.remove_edges_from(nx.selfloop_edges(und))
    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(und)), key=lambda c: (-len(c), str(c[0]))
    )
    rng = np.random.default_rng(seed)
    blocks = [(nodes, _component(und, nodes, rng)) for nodes in comps if len(nodes) > 1]
    singles = [nodes[0] for nodes in comps if len(nodes) == 1]
    if singles:
        blocks.append((singles, _grid(len(singles))))
        blocks.sort(key=lambda b: -len(b[0]))  # stable: the block takes its place by its size
    return _pack(blocks)


def _grid(n: int) -> np.ndarray:
    """n points in a square block, one SPACING apart: single nodes kept together and compact."""
    side = int(np.ceil(np.sqrt(n)))
    i = np.arange(n)
    return np.stack([i % side, i // side], axis=1).astype(float) * SPACING


def _component(g: nx.Graph, nodes: list, rng: np.random.Generator) -> np.ndarray:
    """Positions of one connected component, centred on the origin."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {v: i for i, v in enumerate(nodes)}
    # sorted: networkx's edge order can change from one process to the next (sets of neighbours),
    # and the sums of forces with it, which a few hundred iterations turn into another drawing
    pairs = sorted({tuple(sorted((index[a], index[b]))) for a, b in g.subgraph(nodes).edges()})
    edges = np.array(pairs, dtype=np.int64)
    pos = _force(n, edges, rng)
    return pos - pos.mean(axis=0)


def _force(n: int, edges: np.ndarray, rng: np.random.Generator, k: float = SPACING) -> np.ndarray:
    """Fruchterman-Reingold with linear cooling: repulsion k²/d between nodes, attraction d²/k along edges."""
    side = k * np.sqrt(n)
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    temp = side / 5
    step = temp / (ITERATIONS + 1)
    head, tail = edges[:, 0], edges[:, 1]
    exact = n <= EXACT_LIMIT
    i, j = np.triu_indices(n, k=1) if exact else _near_pairs(pos, k)
    for it in range(ITERATIONS):
        if not exact and it % REFRESH == 0:  # near pairs change slowly: look them up now and then
            i, j = _near_pairs(pos, k)
        d = pos[i] - pos[j]
        push = d * (k * k / np.maximum(_norm2(d), 1e-2))[:, None]
        disp = _scatter(n, i, push) - _scatter(n, j, push)
        if not exact:
            disp += _far_push(pos, k)
        d = pos[head] - pos[tail]
        pull = d * (np.sqrt(_norm2(d)) / k)[:, None]
        disp += _scatter(n, tail, pull) - _scatter(n, head, pull)
        length = np.maximum(np.sqrt(_norm2(disp)), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp = max(temp - step, k / 50)
    return pos


def _norm2(d: np.ndarray) -> np.ndarray:
    """Squared lengths of the rows of an (n, 2) array (5x faster than (d * d).sum(axis=1))."""
    return d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]


def _near_pairs(pos: np.ndarray, k: float) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of a large component closer than NEAR edge lengths: their repulsion is computed exactly."""
    from scipy.spatial import cKDTree

    pairs = cKDTree(pos).query_pairs(NEAR * k, output_type="ndarray")
    return pairs[:, 0], pairs[:, 1]


def _far_push(pos: np.ndarray, k: float) -> np.ndarray:
    """Repulsion of every node by all others, through a grid (particle-mesh): the nodes' counts per
    cell convolved with the k²/d force by FFT, read back at each node's cell. Within a cell, and for
    the short range the grid blurs, `_near_pairs` does the work."""
    lo = pos.min(axis=0)
    h = max(float((pos.max(axis=0) - lo).max()) / (GRID - 1), 1e-6)
    cell = np.rint((pos - lo) / h).astype(np.int64)
    flat = cell[:, 0] * GRID + cell[:, 1]
    mass = np.bincount(flat, minlength=GRID * GRID).reshape(GRID, GRID).astype(float)
    m = np.fft.rfft2(mass, s=(2 * GRID, 2 * GRID))
    out = np.empty_like(pos)
    for axis, kern in enumerate(_kernels(GRID)):
        field = np.fft.irfft2(m * kern, s=(2 * GRID, 2 * GRID))[:GRID, :GRID]
        out[:, axis] = field.ravel()[flat] * (k * k / h)
    return out


@functools.cache
def _kernels(grid: int) -> tuple[np.ndarray, np.ndarray]:
    """FFTs of the x and y parts of the unit repulsion d/|d|², over cell offsets, zero-padded so
    that the convolution is linear, not circular."""
    size = 2 * grid
    off = np.fft.fftfreq(size, 1 / size)  # 0, 1, …, -1: the offsets in FFT order
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = np.inf  # no force from one's own cell
    return np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2)


def _scatter(n: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Sum `values` rows into `n` rows by `index` (np.add.at, but much faster)."""
    return np.stack(
        [
            np.bincount(index, weights=values[:, 0], minlength=n),
            np.bincount(index, weights=values[:, 1], minlength=n),
        ],
        axis=1,
    )


def _pack(blocks: list[tuple[list, np.ndarray]]) -> dict[Hashable, tuple[float, float]]:
    """Shelf packing: blocks left to right in rows about as wide as the whole is tall."""
    if not blocks:
        return {}
    margin = SPACING
    sizes = [(p.max(axis=0) - p.min(axis=0)) + margin for _, p in blocks]
    width = max(max(s[0] for s in sizes), np.sqrt(sum(s[0] * s[1] for s in sizes)))
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row = 0.0
    for (nodes, p), (w, h) in zip(blocks, sizes, strict=True):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        origin = np.array([x, y]) - p.min(axis=0)
        for v, (px, py) in zip(nodes, p + origin, strict=True):
            out[v] = (float(px), float(py))
        x, row = x + w, max(row, h)
    # centre the whole drawing on the origin, where vis-network looks first
    xy = np.array(list(out.values()))
    mid = (xy.min(axis=0) + xy.max(axis=0)) / 2
    return {v: (round(px - mid[0], 1), round(py - mid[1], 1)) for v, (px, py) in out.items()}
