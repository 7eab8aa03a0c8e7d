"""graphkam against its compiled floor, in one run: every ratio's two sides measured together.

For each account size (one synthetic account, read from the bench store) the bench times, in
CPU seconds of this process (all threads: robust to other load on a shared machine), medians
of `runs` repetitions, alternating graphkam and floor so both see the same machine:

- **full analysis** (`analyze_account`) against the *compiled floor*: the sum, over the
  analysis' graph steps, of the fastest compiled kernel for that step on integer graphs built
  beforehand (not timed): exact betweenness (rustworkx or igraph), connected + biconnected
  components of the threading graph (rustworkx or igraph), the personalised PageRank (one
  sparse solve, scipy; rustworkx's `pagerank`; or the numpy fixed-point iteration) and Dijkstra
  from our team over the path graph (scipy `csgraph` or rustworkx); each step's floor is its
  fastest candidate by median CPU time over the runs. Everything else the analysis does
  (coverage, gaps, recommendations, the pydantic result) has no compiled counterpart and counts
  as overhead;
- **without brokers** (`brokers=False`) against the same floor less betweenness;
- **coalitions** (`find_coalitions`) against one Lanczos leading eigenvector of the whole
  committee's signed modularity operator (the first split: a lower bound for any
  leading-eigenvector division);
- **health** (`health_index`) against `project` alone (the projection health starts from).

`growth` is the least-squares slope of log(time) on log(people) over the sizes measured
(1 = linear, 2 = quadratic). `cli_start` times `python -m graphkam -h` against `python -c pass`.
"""

from __future__ import annotations

import math
import resource
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date

import igraph as ig
import numpy as np
import rustworkx as rx
from pydantic import BaseModel
from scipy.sparse import csc_matrix, csr_matrix, identity
from scipy.sparse.csgraph import dijkstra
from scipy.sparse.linalg import LinearOperator, eigsh, spsolve

from graphkam.analysis import SOURCE, AnalysisConfig, Projection, analyze_account, project
from graphkam.analysis.coalitions import find_coalitions, signed_committee_graph
from graphkam.analysis.compiled import one_blas_thread
from graphkam.bench.timing import clock, cpu_clock, median
from graphkam.business.config import default_config
from graphkam.business.health import health_index
from graphkam.documents import AccountSubgraph
from graphkam.model import DecisionRole

__all__ = ["FloorRow", "CliStart", "Floors", "measure_floors", "cli_start", "growth_exponent"]

#: The works compared, in table order.
WORKS = ("full analysis", "without brokers", "coalitions", "health")


class FloorRow(BaseModel):
    """One work at one size: graphkam's median CPU ms, the floor's, and their ratio."""

    work: str
    stakeholders: int
    runs: int
    graphkam_ms: float
    floor_ms: float
    ratio: float
    floor: str


class CliStart(BaseModel):
    """Process start: `python -m graphkam -h` against a bare `python -c pass` (medians of wall
    time, and of the child's CPU time, which other load on the machine barely changes)."""

    runs: int
    graphkam_h_ms: float
    python_pass_ms: float
    extra_ms: float
    graphkam_h_cpu_ms: float
    python_pass_cpu_ms: float
    extra_cpu_ms: float


class Floors(BaseModel):
    """Every (work, size) row, the growth exponent of each work and the CLI start."""

    rows: list[FloorRow]
    growth: dict[str, float]
    cli_start: CliStart


def measure_floors(
    subgraphs: Sequence[AccountSubgraph],
    as_of: date,
    runs: Callable[[int], int],
    tick: Callable[[str], None] | None = None,
    cli_runs: int = 5,
) -> Floors:
    """Time every work of `WORKS` and its floor on each subgraph (one account each)."""
    config = AnalysisConfig()
    business = default_config()
    rows: list[FloorRow] = []
    for sub in subgraphs:
        n = len(sub.stakeholders)
        k = runs(n)
        if tick is not None:
            tick(f"{n} stakeholders: floors")
        kernels = _Kernels(project(sub, as_of, config), sub)
        graphkam: dict[str, list[float]] = {w: [] for w in WORKS}
        floors: dict[str, list[float]] = {w: [] for w in WORKS}
        kernel_times: dict[str, dict[str, list[float]]] = {}
        ours_fns: dict[str, Callable[[], object]] = {
            "full analysis": lambda s=sub: analyze_account(s, as_of, config),
            "without brokers": lambda s=sub: analyze_account(s, as_of, config, brokers=False),
            "coalitions": lambda s=sub: find_coalitions(s),
            "health": lambda s=sub: health_index(s, as_of, business),
        }
        for _ in range(k):
            for work, fn in ours_fns.items():
                graphkam[work].append(_cpu(fn))
            for step, fns in kernels.candidates().items():
                for name, fn in fns.items():
                    kernel_times.setdefault(step, {}).setdefault(name, []).append(_cpu(fn))
            floors["coalitions"].append(_cpu(kernels.first_split))
            floors["health"].append(_cpu(lambda s=sub: project(s, as_of, config)))
        # each step's floor: its fastest candidate by median (a per-run minimum over several
        # candidates would pick whichever was luckiest in that run, and bias the floor low)
        step_floor = {
            step: min(median(times) for times in by_name.values())
            for step, by_name in kernel_times.items()
        }
        floor_of = {
            "full analysis": sum(step_floor.values()),
            "without brokers": sum(v for k, v in step_floor.items() if k != "betweenness"),
            "coalitions": median(floors["coalitions"]),
            "health": median(floors["health"]),
        }
        for work in WORKS:
            ours, floor = median(graphkam[work]), floor_of[work]
            rows.append(
                FloorRow(
                    work=work,
                    stakeholders=n,
                    runs=k,
                    graphkam_ms=_ms(ours, 3),
                    floor_ms=_ms(floor, 3),
                    ratio=round(ours / floor, 2) if floor > 0 else 0.0,
                    floor=_FLOOR_TEXT[work],
                )
            )
    growth = {
        work: growth_exponent([(r.stakeholders, r.graphkam_ms) for r in rows if r.work == work])
        for work in WORKS
    }
    if tick is not None:
        tick("CLI start")
    return Floors(rows=rows, growth=growth, cli_start=cli_start(cli_runs))


def growth_exponent(points: Sequence[tuple[float, float]]) -> float:
    """The least-squares slope b of log t = a + b log n (0 with fewer than two sizes)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(pts) < 2:
        return 0.0
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return 0.0
    return round(sum((x - mx) * (y - my) for x, y in pts) / sxx, 2)


def cli_start(runs: int = 5) -> CliStart:
    """Median wall and CPU time of `python -m graphkam -h` and of `python -c pass`, alternately."""
    ours, bare = [], []
    for _ in range(runs):
        ours.append(_run([sys.executable, "-m", "graphkam", "-h"]))
        bare.append(_run([sys.executable, "-c", "pass"]))
    a, b = median([w for w, _ in ours]), median([w for w, _ in bare])
    ac, bc = median([c for _, c in ours]), median([c for _, c in bare])
    return CliStart(
        runs=runs,
        graphkam_h_ms=_ms(a),
        python_pass_ms=_ms(b),
        extra_ms=_ms(a - b),
        graphkam_h_cpu_ms=_ms(ac),
        python_pass_cpu_ms=_ms(bc),
        extra_cpu_ms=_ms(ac - bc),
    )


# -- the floor kernels -------------------------------------------------------------------------

_FLOOR_TEXT = {
    "full analysis": "compiled kernels per step (rustworkx/igraph/scipy)",
    "without brokers": "same, less betweenness",
    "coalitions": "one Lanczos leading eigenvector of the whole committee",
    "health": "project() alone",
}


class _Kernels:
    """The projection's graphs as integer graphs (built here, untimed) and the raw kernels."""

    def __init__(self, proj: Projection, sub: AccountSubgraph) -> None:
        self.internal = _rx_graph(proj.internal)[0]
        self.internal_ig = _ig_graph(self.internal)
        self.threads, t_index = _rx_graph(proj.threads)
        self.threads_ig = _ig_graph(self.threads)
        self.source = t_index.get(SOURCE)
        # PageRank: (I - alpha W) q = v, W column-stochastic over the reversed sway graph
        nodes = list(proj.influence)
        index = {v: i for i, v in enumerate(nodes)}
        n = len(nodes)
        edges = [(index[a], index[b], w) for a, b, w in proj.influence.edges(data="weight")]
        arr = np.array(edges, dtype=float).reshape(-1, 3)
        src, dst, w = arr[:, 0].astype(int), arr[:, 1].astype(int), arr[:, 2]
        inw = np.bincount(dst, weights=w, minlength=n)
        walk = csc_matrix((w / np.where(inw > 0, inw, 1)[dst], (src, dst)), shape=(n, n))
        alpha = proj.config.pagerank_alpha
        self.system = (identity(n, format="csc") - alpha * walk).tocsc()
        self.scaled = (alpha * walk).tocsr()
        seeds = proj.holders[DecisionRole.DECISION_MAKER] or list(proj.active) or nodes
        self.v = np.zeros(n)
        self.v[[index[s] for s in seeds if s in index]] = 1.0
        self.sway = rx.PyDiGraph()
        self.sway.add_nodes_from(range(n))
        self.sway.add_edges_from(
            [(int(b), int(a), float(x)) for a, b, x in zip(src, dst, w, strict=True)]
        )
        self.alpha = alpha
        self.personal = {int(i): 1.0 for i in np.flatnonzero(self.v)}
        # Dijkstra from every team member over the path graph (cost = -log strength)
        pnodes = list(proj.paths)
        pindex = {v: i for i, v in enumerate(pnodes)}
        pe = [(pindex[a], pindex[b], c) for a, b, c in proj.paths.edges(data="cost")]
        parr = np.array(pe, dtype=float).reshape(-1, 3)
        m = len(pnodes)
        self.costs = csr_matrix(
            (parr[:, 2] + 1e-12, (parr[:, 0].astype(int), parr[:, 1].astype(int))), shape=(m, m)
        )
        self.team = [pindex[t] for t in proj.team if t in pindex]
        self.paths = rx.PyGraph()
        self.paths.add_nodes_from(range(m))
        self.paths.add_edges_from([(int(a), int(b), float(c)) for a, b, c in parr])
        self.paths.add_node(-1)
        hub = m
        self.paths.add_edges_from([(hub, t, 0.0) for t in self.team])
        self.hub = hub
        # Coalitions: the whole committee's signed modularity operator
        self.committee = _committee(sub)

    def candidates(self) -> dict[str, dict[str, Callable[[], object]]]:
        """Each graph step of the analysis and its compiled candidate kernels, by name."""
        out: dict[str, dict[str, Callable[[], object]]] = {
            "betweenness": {
                "rustworkx": lambda: rx.graph_betweenness_centrality(self.internal),
                "igraph": lambda: self.internal_ig.betweenness(directed=False),
            }
        }
        if self.source is not None:
            src = self.source
            out["structure"] = {
                "rustworkx": lambda: (
                    rx.node_connected_component(self.threads, src),
                    rx.biconnected_components(self.threads),
                ),
                "igraph": lambda: (
                    self.threads_ig.subcomponent(src),
                    self.threads_ig.biconnected_components(),
                ),
            }
        out["pagerank"] = {
            "scipy spsolve": lambda: spsolve(self.system, self.v),
            "numpy iteration": self._iterate,
            "rustworkx": lambda: rx.pagerank(
                self.sway, alpha=self.alpha, personalization=self.personal, tol=1e-10
            ),
        }
        if self.team:
            out["paths"] = {
                "scipy csgraph": lambda: dijkstra(
                    self.costs, directed=False, indices=self.team, min_only=True
                ),
                "rustworkx": lambda: rx.graph_dijkstra_shortest_path_lengths(
                    self.paths, self.hub, float
                ),
            }
        return out

    def _iterate(self) -> np.ndarray:
        """q <- v + alpha W q until it moves less than 1e-15 (L1)."""
        q = self.v
        for _ in range(1000):
            nxt = self.v + self.scaled @ q
            if float(np.abs(nxt - q).sum()) < 1e-15:
                break
            q = nxt
        return q

    def first_split(self) -> None:
        """One leading eigenvector of B = (A − k⁺k⁺ᵀ/2w⁺ + k⁻k⁻ᵀ/2w⁻) by Lanczos."""
        a, kp, kn, mp, mn = self.committee
        n = a.shape[0]
        if n < 3:
            return

        def matvec(x: np.ndarray) -> np.ndarray:
            y = a @ x
            if mp > 0:
                y = y - kp * (kp @ x) / mp
            if mn > 0:
                y = y + kn * (kn @ x) / mn
            return y

        op = LinearOperator((n, n), matvec=matvec, dtype=float)
        # one BLAS thread, as `find_coalitions` runs: OpenBLAS's idle threads otherwise spin
        # on after the call and their CPU time lands on whatever is measured next
        with one_blas_thread():
            eigsh(op, k=1, which="LA", v0=np.random.default_rng(n).standard_normal(n), tol=1e-12)


def _committee(sub: AccountSubgraph) -> tuple[csr_matrix, np.ndarray, np.ndarray, float, float]:
    """The committee's signed adjacency A, degrees k⁺, k⁻ and their sums (built untimed)."""
    import networkx as nx

    graph = signed_committee_graph(sub)
    a = csr_matrix(nx.to_scipy_sparse_array(graph, nodelist=sorted(graph), format="csr"))
    kp = np.asarray(a.maximum(0).sum(axis=1)).ravel()
    kn = np.asarray((-a).maximum(0).sum(axis=1)).ravel()
    return a, kp, kn, float(kp.sum()), float(kn.sum())


def _rx_graph(g: object) -> tuple[rx.PyGraph, dict[object, int]]:
    nodes = list(g)  # type: ignore[call-overload]
    index = {v: i for i, v in enumerate(nodes)}
    r = rx.PyGraph(multigraph=False)
    r.add_nodes_from(range(len(nodes)))
    r.add_edges_from_no_data([(index[u], index[v]) for u, v in g.edges if u != v])  # type: ignore[attr-defined]
    return r, index


def _ig_graph(g: rx.PyGraph) -> ig.Graph:
    return ig.Graph(n=g.num_nodes(), edges=list(g.edge_list()))


def _cpu(fn: Callable[[], object]) -> float:
    start = cpu_clock()
    fn()
    return cpu_clock() - start


def _run(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, the child's user + system CPU seconds) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = clock()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = clock() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _ms(seconds: float, digits: int = 2) -> float:
    return round(seconds * 1000, digits)
