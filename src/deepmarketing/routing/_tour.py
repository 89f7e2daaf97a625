"""Shortest tours: the cheapest closed route through a set of nodes of a networkx graph.

The costs of the legs come from the graph (see :func:`shortest_tour` for the exact rule);
the search works on an ``n x n`` matrix of leg costs between the requested nodes:

* up to :data:`EXACT_MAX_NODES` nodes, Held-Karp dynamic programming gives a proven
  optimum;
* beyond, a greedy-edge construction, then local search with neighbour lists and a
  work queue (don't-look bits): 2-opt and Or-opt (segments of 1-3 nodes, inserted either
  way round) for symmetric costs; Or-opt and 2-opt with the exact cost of the reversed
  path for asymmetric costs. Then iterated local search: a double-bridge kick on two
  short neighbouring segments, local search around the six changed edges, and the kick
  is kept when the tour is no longer, undone otherwise.

The tour is an array with a position index, and every change is a reversal of a stretch
of it, so a 2-opt move costs the length of the shorter side and a rejected kick is undone
by replaying its reversals backwards.
"""

from __future__ import annotations

import heapq
import math
import numbers
import random
import time
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from deepmarketing.errors import RoutingError

__all__ = ["check_tour", "shortest_tour", "tour_cost"]

#: Up to this many nodes, :func:`shortest_tour` returns a proven optimum (Held-Karp).
EXACT_MAX_NODES = 10

#: Size of each node's candidate list (its nearest other nodes) in the local search.
NEIGHBOURS = 10

#: Kicks of the iterated local search per node when neither ``time_limit`` nor
#: ``max_iterations`` is given.
KICKS_PER_NODE = 20

#: A leg cost: an ``int`` when the graph's weights are integers, a ``float`` otherwise.
Cost = float

#: What ``weight`` may be: an edge attribute name, ``None`` (every edge costs 1), or a
#: networkx-style function ``weight(u, v, data)`` returning the cost or ``None`` (no edge).
Weight = str | Callable[[Any, Any, Any], Any] | None

_Weigh = Callable[[Any, Any, Any], float | None]

_MISSING = object()
_INF = math.inf


# --------------------------------------------------------------------------- public API


def shortest_tour(
    G: Any,  # noqa: N803 (networkx's name for the graph)
    nodes: Iterable[Any] | None = None,
    *,
    weight: Weight = "weight",
    start: Any = None,
    time_limit: float | None = None,
    seed: int = 0,
    max_iterations: int | None = None,
    expand: bool = False,
) -> list[Any]:
    """The shortest closed tour through ``nodes`` of ``G``, starting and ending at ``start``.

    The returned list is a cycle ``[start, v1, ..., vk, start]`` that visits every
    requested node exactly once. What a leg between two consecutive nodes costs:

    * **complete case**: when ``G`` is a complete graph (every node has an edge to every
      other one, in both directions for a directed graph), a leg is the edge between its
      ends, and its cost the edge's weight (the lightest of parallel edges). No triangle
      inequality is assumed, as in networkx's TSP heuristics on a complete graph.
    * **sparse case**: otherwise (a road network, say) every leg is a shortest path in
      ``G``, as in networkx's ``traveling_salesman_problem(G, nodes=..., cycle=True)``,
      and its cost that path's length, even between two nodes an edge joins directly.
      The cycle still lists only the requested nodes; ``expand=True`` returns the full
      closed walk instead, with the intermediate nodes of every path (then a node may
      appear more than once, as a waypoint). In the complete case ``expand`` changes
      nothing.

    A weight function that hides an edge between two requested nodes of a complete graph
    makes it a sparse case.

    :func:`tour_cost` applies the same rule, so ``tour_cost(G, shortest_tour(G))`` is the
    length of the route, and :func:`check_tour` verifies the result.

    Args:
        G: A networkx ``Graph``, ``DiGraph``, ``MultiGraph`` or ``MultiDiGraph``. A
            directed graph may have asymmetric costs (one-way streets).
        nodes: The nodes to visit, in any order; duplicates count once. Default: every
            node of ``G``.
        weight: The edge attribute holding the cost (``"length"``, ``"travel_time"``,
            ...), every edge the search reads must carry it as a finite non-negative
            number; ``None`` makes every edge cost 1; or a function ``weight(u, v, data)``
            returning the cost, or ``None`` to hide the edge (``data`` is the edge's
            attribute dict, or for multigraphs the dict of its parallel edges, as in
            networkx).
        start: Where the tour starts and ends; one of ``nodes``. Default: the first of
            ``nodes`` in ``G``'s node order.
        time_limit: Seconds of wall-clock time for the whole call; the improvement loop
            stops when they are used up. The construction and the first local search
            always finish, so a tiny limit can be overrun. With a limit the result depends
            on the machine's speed.
        seed: Seeds the only random source (``random.Random(seed)``).
        max_iterations: Kicks of the iterated local search. When neither this nor
            ``time_limit`` is given, ``KICKS_PER_NODE`` kicks per node apply. With a
            budget (and no time limit) the same inputs and seed give the same tour on
            every machine. When both are given, whichever ends first stops the search.
        expand: In the sparse case, return the full walk along the shortest paths.

    Returns:
        The closed tour: ``start`` first and last, every other requested node once in
        between (with ``expand=True`` in the sparse case, plus the waypoints). When the
        costs are symmetric, both directions cost the same and the one whose second node
        comes first in ``G``'s node order is returned.

    Raises:
        RoutingError: No node to visit; a requested node or ``start`` not in ``G`` (or
            ``start`` not among ``nodes``); a requested node that cannot be reached from
            another (both are named); an edge without a usable weight (missing, not a
            number, negative, infinite or NaN; the edge is named); a bad ``time_limit``
            or ``max_iterations``.

    Notes:
        Up to ``EXACT_MAX_NODES`` (10) requested nodes the tour is a proven optimum,
        found by Held-Karp dynamic programming in ``O(2^n n^2)``. Beyond, the result is
        heuristic: greedy-edge construction over the nodes' ``NEIGHBOURS`` (10) nearest
        candidates, then local search with neighbour lists and a work queue of nodes to
        re-examine (don't-look bits): 2-opt and Or-opt (segments of 1 to 3 nodes, moved
        either way round) when costs are symmetric; Or-opt and 2-opt whose reversed path
        is costed exactly by prefix sums when they are not. Then iterated local search:
        each iteration swaps two short neighbouring segments (a local double-bridge
        kick), repairs by local search, and keeps the result if it is no longer, else
        undoes it. On the 12 TSPLIB instances of ``benchmarks/tsplib_tours.py``
        (51-442 nodes) it is within 1% of the optimum with ``time_limit=2`` (geometric
        mean 0.15%, networkx's christofides 11.2%). The default budget of
        ``KICKS_PER_NODE * n`` kicks takes about 0.2 s for 50 nodes and 2.5 s for 442.

        In the sparse case the leg costs come from one Dijkstra search per requested
        node, each stopping once it has reached every requested node.

    Examples:
        >>> import networkx as nx
        >>> G = nx.Graph()
        >>> G.add_weighted_edges_from(
        ...     [("A", "B", 2), ("B", "C", 2), ("C", "D", 2), ("D", "A", 2), ("A", "C", 3)]
        ... )
        >>> shortest_tour(G)  # sparse: B-D is a shortest path through A or C
        ['A', 'B', 'C', 'D', 'A']
        >>> shortest_tour(G, ["B", "D", "C"])  # the leg D -> B goes through A or C
        ['B', 'C', 'D', 'B']
        >>> shortest_tour(G, ["B", "D", "C"], expand=True)
        ['B', 'C', 'D', 'A', 'B']
        >>> tour_cost(G, ["B", "C", "D", "B"])
        8
        >>> shortest_tour(G, ["A", "E"])
        Traceback (most recent call last):
        ...
        deepmarketing.errors.RoutingError: node 'E': is not in the graph

        A directed graph with one-way costs:

        >>> D = nx.DiGraph()
        >>> D.add_weighted_edges_from([(1, 2, 1), (2, 3, 1), (3, 1, 1)])
        >>> D.add_weighted_edges_from([(2, 1, 5), (3, 2, 5), (1, 3, 5)])
        >>> shortest_tour(D, start=2)
        [2, 3, 1, 2]
    """
    began = time.perf_counter()
    deadline = None if time_limit is None else began + _check_time_limit(time_limit)
    if max_iterations is not None:
        _check_iterations(max_iterations)
    order, wanted = _requested(G, nodes)
    if start is None:
        start = order[0]
    elif start not in G:
        raise RoutingError("is not in the graph", record=f"start {start!r}")
    elif start not in wanted:
        raise RoutingError("is not one of the nodes to visit", record=f"start {start!r}")
    weigh = _weigher(G, weight)
    matrix, paths = _leg_costs(G, order, weigh, _direct(G, weight), paths=expand)
    n = len(order)
    s = order.index(start)
    symmetric = _is_symmetric(matrix)
    if n <= EXACT_MAX_NODES:
        sequence = _held_karp(matrix, s)
    else:
        if max_iterations is None and deadline is None:
            max_iterations = KICKS_PER_NODE * n
        search = _LocalSearch(matrix, symmetric=symmetric, rng=random.Random(seed))
        search.run(deadline=deadline, max_iterations=max_iterations)
        sequence = search.sequence_from(s)
    if symmetric and n > 2 and sequence[1] > sequence[-1]:
        # Both directions cost the same: take the one whose second node comes first
        # in the graph's node order.
        sequence = [s, *sequence[:0:-1]]
    cycle = [order[i] for i in sequence]
    cycle.append(start)
    if paths is None:
        return cycle
    walk = [start]
    for u, v in pairwise([*sequence, s]):
        if u != v:
            walk.extend(paths(u, v)[1:])
    if len(walk) == 1:
        walk.append(start)
    return walk


def tour_cost(G: Any, tour: Iterable[Any], *, weight: Weight = "weight") -> Cost:  # noqa: N803
    """The total cost of the legs between consecutive entries of ``tour``.

    Legs are costed as in :func:`shortest_tour`: when ``G`` is a complete graph, a leg
    costs the weight of the edge between its ends (the lightest of parallel edges);
    otherwise it costs the length of a shortest path in ``G``. So an expanded walk and the
    cycle it expands cost the same. A closed
    tour lists its start again at the end, which makes the closing leg count; a leg from a
    node to itself costs 0.

    Args:
        G: The graph the tour runs on.
        tour: The nodes in visiting order.
        weight: As in :func:`shortest_tour`.

    Returns:
        The sum of the legs' costs: an ``int`` when every weight is an integer.

    Raises:
        RoutingError: A node not in ``G``, a leg with no path, or an edge without a usable
            weight.

    Examples:
        >>> import networkx as nx
        >>> G = nx.cycle_graph(4)
        >>> nx.set_edge_attributes(G, 3, "length")
        >>> tour_cost(G, [0, 1, 2, 3, 0], weight="length")
        12
        >>> tour_cost(G, [0, 2, 0], weight="length")  # 0 -> 2 goes through 1 or 3
        12
    """
    sequence = list(tour)
    for v in sequence:
        if v not in G:
            raise RoutingError("is not in the graph", record=f"node {v!r}")
    if len(sequence) < 2:
        return 0
    weigh = _weigher(G, weight)
    distinct = list(dict.fromkeys(sequence))
    matrix = _complete_matrix(G, distinct, weigh)
    total: Cost = 0
    if matrix is not None:
        index = {v: i for i, v in enumerate(distinct)}
        for u, v in pairwise(sequence):
            total += matrix[index[u]][index[v]]
        return total
    legs: dict[Any, dict[Any, None]] = {}
    for u, v in pairwise(sequence):
        legs.setdefault(u, {})[v] = None
    adjacency = _adjacency(G)
    distances: dict[Any, dict[Any, Cost]] = {}
    for u, targets in legs.items():
        dist, _ = _dijkstra(adjacency, u, targets, weigh, _direct(G, weight))
        for v in targets:
            if v not in dist:
                raise RoutingError(f"cannot be reached from node {u!r}", record=f"node {v!r}")
        distances[u] = dist
    for u, v in pairwise(sequence):
        total += distances[u][v]
    return total


def check_tour(
    G: Any,  # noqa: N803 (networkx's name for the graph)
    tour: Iterable[Any],
    nodes: Iterable[Any] | None = None,
    *,
    start: Any = None,
    expanded: bool = False,
) -> list[str]:
    """Every reason ``tour`` is not a closed tour of ``nodes`` in ``G``; empty if it is one.

    The verifier twin of :func:`shortest_tour`: it accepts every tour that function
    returns, and lists each problem of a hand-made one, naming the node or leg at fault.

    Args:
        G: The graph.
        tour: The tour, start first and last.
        nodes: The nodes it must visit; default every node of ``G``.
        start: If given, where the tour must start.
        expanded: Check a walk from ``shortest_tour(..., expand=True)``: every requested
            node at least once, other nodes allowed as waypoints, and every consecutive
            pair joined by an edge of ``G``. By default every requested node must appear
            exactly once (start also last) and nothing else may.

    Returns:
        The problems, one message each, in the order found.

    Examples:
        >>> import networkx as nx
        >>> G = nx.complete_graph(4)
        >>> check_tour(G, [0, 2, 1, 3, 0])
        []
        >>> for problem in check_tour(G, [0, 2, 2, 1, 9]):
        ...     print(problem)
        node 9: is not in the graph
        the tour ends at 9, expected its start 0
        node 2: is visited 2 times, expected once
        node 3: is not visited
    """
    sequence = list(tour)
    requested = None if nodes is None else list(nodes)
    problems: list[str] = []
    if not sequence:
        return ["the tour is empty, expected at least its start twice"]
    known = [v for v in sequence if v in G]
    problems.extend(f"node {v!r}: is not in the graph" for v in sequence if v not in G)
    if len(sequence) < 2:
        problems.append(f"the tour has 1 entry, expected its start {sequence[0]!r} twice")
    elif sequence[-1] != sequence[0]:
        problems.append(f"the tour ends at {sequence[-1]!r}, expected its start {sequence[0]!r}")
    if start is not None and sequence[0] != start:
        problems.append(f"the tour starts at {sequence[0]!r}, expected {start!r}")
    if len(known) >= 2 and known[-1] == known[0]:
        known.pop()
    counts = Counter(known)
    if requested is None:
        required = list(G)
    else:
        required = list(dict.fromkeys(v for v in requested if v in G))
        problems.extend(
            f"node {v!r}: is to be visited but is not in the graph" for v in requested if v not in G
        )
    for v in required:
        if counts[v] == 0:
            problems.append(f"node {v!r}: is not visited")
        elif counts[v] > 1 and not expanded:
            problems.append(f"node {v!r}: is visited {counts[v]} times, expected once")
    if expanded:
        if len(sequence) > 2 or sequence[0] != sequence[-1]:
            problems.extend(
                f"leg ({u!r}, {v!r}): no edge of the graph joins them"
                for u, v in pairwise(sequence)
                if u in G and v in G and not G.has_edge(u, v)
            )
    else:
        wanted = set(required)
        problems.extend(
            f"node {v!r}: is visited but is not one of the nodes to visit"
            for v in counts
            if v not in wanted
        )
    return problems


# --------------------------------------------------------------------- graph -> matrix


def _check_time_limit(time_limit: object) -> float:
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, numbers.Real)
        or not 0 <= float(time_limit) < math.inf
    ):
        raise RoutingError(
            f"time_limit must be a non-negative number of seconds or None, got {time_limit!r}"
        )
    return float(time_limit)


def _check_iterations(max_iterations: object) -> None:
    if (
        isinstance(max_iterations, bool)
        or not isinstance(max_iterations, numbers.Integral)
        or int(max_iterations) < 0
    ):
        raise RoutingError(
            f"max_iterations must be a non-negative integer or None, got {max_iterations!r}"
        )


def _requested(graph: Any, nodes: Iterable[Any] | None) -> tuple[list[Any], set[Any]]:
    """The nodes to visit in the graph's node order (so a set's order does not matter)."""
    if nodes is None:
        order = list(graph)
        wanted = set(order)
    else:
        wanted = set()
        for v in nodes:
            if v not in graph:
                raise RoutingError("is not in the graph", record=f"node {v!r}")
            wanted.add(v)
        order = [v for v in graph if v in wanted]
    if not order:
        raise RoutingError("expected at least 1 node to visit, got none")
    return order, wanted


def _edge(u: Any, v: Any) -> str:
    return f"edge ({u!r}, {v!r})"


def _checked(value: Any, u: Any, v: Any, what: str) -> Cost:
    """``value`` as a leg cost, or a RoutingError naming the edge."""
    kind = value.__class__
    if kind is int and value >= 0:
        return value  # type: ignore[no-any-return]
    if kind is float and 0.0 <= value < math.inf:
        return value  # type: ignore[no-any-return]
    if value is _MISSING:
        raise RoutingError(f"has no {what!r} attribute", record=_edge(u, v))
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise RoutingError(
            f"{what!r} must be a number, got {kind.__name__} {value!r}", record=_edge(u, v)
        )
    number = float(value)
    if not 0.0 <= number < math.inf:
        raise RoutingError(
            f"{what!r} is {value!r}, expected a finite non-negative number", record=_edge(u, v)
        )
    return int(value) if isinstance(value, numbers.Integral) else number


def _weigher(graph: Any, weight: Weight) -> _Weigh:
    """A function ``(u, v, data) -> cost or None`` for the edges of ``G``."""
    if weight is None:
        return lambda u, v, data: 1
    if callable(weight):
        function = weight

        def weigh_by_function(u: Any, v: Any, data: Any) -> Cost | None:
            value = function(u, v, data)
            return None if value is None else _checked(value, u, v, "weight")

        return weigh_by_function
    if not isinstance(weight, str):
        raise RoutingError(f"weight must be an attribute name, a function or None, got {weight!r}")
    name = weight
    if graph.is_multigraph():

        def weigh_parallel(u: Any, v: Any, keydict: Any) -> Cost | None:
            best: Cost | None = None
            for attributes in keydict.values():
                cost = _checked(attributes.get(name, _MISSING), u, v, name)
                if best is None or cost < best:
                    best = cost
            return best

        return weigh_parallel

    def weigh_attribute(u: Any, v: Any, attributes: Any) -> Cost | None:
        return _checked(attributes.get(name, _MISSING), u, v, name)

    return weigh_attribute


def _direct(graph: Any, weight: Weight) -> str | None:
    """The attribute a Dijkstra search may read directly: a string weight, no multigraph."""
    return weight if isinstance(weight, str) and not graph.is_multigraph() else None


def _adjacency(graph: Any) -> Mapping[Any, Mapping[Any, Any]]:
    """The graph's successor dicts (``node -> neighbour -> edge data``).

    Read directly, as networkx's own shortest-path code does: the public views wrap every
    access in a Python-level mapping, which triples the cost of a Dijkstra search.
    """
    name = "_succ" if graph.is_directed() else "_adj"
    raw = getattr(graph, name, None)
    if raw is None:
        raw = graph.succ if graph.is_directed() else graph.adj
    return raw  # type: ignore[no-any-return]


def _is_complete(adjacency: Mapping[Any, Mapping[Any, Any]]) -> bool:
    """Whether every node has an edge to every other node (self-loops aside)."""
    others = len(adjacency) - 1
    return all(len(nbrs) - (u in nbrs) == others for u, nbrs in adjacency.items())


def _complete_matrix(graph: Any, order: list[Any], weigh: _Weigh) -> list[list[Cost]] | None:
    """Edge weights between the nodes of ``order`` if ``graph`` is complete, else None.

    Also None when the weight function hides an edge between two nodes of ``order``.
    """
    adjacency = _adjacency(graph)
    if not _is_complete(adjacency):
        return None
    n = len(order)
    index = {v: i for i, v in enumerate(order)}
    matrix: list[list[Cost]] = [[0] * n for _ in range(n)]
    for i, u in enumerate(order):
        row = matrix[i]
        found = 0
        for v, data in adjacency[u].items():
            j = index.get(v)
            if j is None or j == i:
                continue
            cost = weigh(u, v, data)
            if cost is not None:
                row[j] = cost
                found += 1
        if found < n - 1:
            return None
    return matrix


def _dijkstra(
    adjacency: Mapping[Any, Mapping[Any, Any]],
    source: Any,
    targets: Collection[Any],
    weigh: _Weigh,
    attribute: str | None = None,
) -> tuple[dict[Any, Cost], dict[Any, Any]]:
    """Shortest distances from ``source``; stops once every target is settled.

    ``attribute``, for a graph without parallel edges, is the weight attribute to read
    in place of calling ``weigh`` (same result, without a call per edge).
    """
    dist: dict[Any, Cost] = {}
    pred: dict[Any, Any] = {source: None}
    seen: dict[Any, Cost] = {source: 0}
    remaining = len(targets)
    tie = 0
    heap: list[tuple[Cost, int, Any]] = [(0, 0, source)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, _, u = pop(heap)
        if u in dist:
            continue
        dist[u] = d
        if u in targets:
            remaining -= 1
            if remaining == 0:
                break
        for v, data in adjacency[u].items():
            if v in dist:
                continue
            if attribute is not None:
                cost = data.get(attribute, _MISSING)
                kind = cost.__class__
                if not ((kind is int or kind is float) and 0 <= cost < _INF):
                    cost = _checked(cost, u, v, attribute)
            else:
                cost = weigh(u, v, data)
                if cost is None:
                    continue
            nd = d + cost
            if v not in seen or nd < seen[v]:
                seen[v] = nd
                pred[v] = u
                tie += 1
                push(heap, (nd, tie, v))
    return dist, pred


def _leg_costs(
    graph: Any, order: list[Any], weigh: _Weigh, attribute: str | None, *, paths: bool
) -> tuple[list[list[Cost]], Callable[[int, int], list[Any]] | None]:
    """The leg-cost matrix, and in the sparse case (if asked) each leg's node path."""
    matrix = _complete_matrix(graph, order, weigh)
    if matrix is not None:
        return matrix, None
    n = len(order)
    matrix = [[0] * n for _ in range(n)]
    directed = graph.is_directed()
    adjacency = _adjacency(graph)
    trees: list[dict[Any, Any]] = []
    for i, u in enumerate(order):
        # Undirected: the row of u only needs the nodes after it; the rest is mirrored.
        targets = set(order) if directed else set(order[i:])
        dist, pred = _dijkstra(adjacency, u, targets, weigh, attribute)
        if paths:
            trees.append(pred)
        for j in range(n if directed else n - i):
            v = order[j if directed else i + j]
            if v not in dist:
                raise RoutingError(f"cannot be reached from node {u!r}", record=f"node {v!r}")
            if directed:
                matrix[i][j] = dist[v]
            else:
                matrix[i][i + j] = matrix[i + j][i] = dist[v]
    if not paths:
        return matrix, None

    def path(i: int, j: int) -> list[Any]:
        if not directed and j < i:
            return path(j, i)[::-1]
        pred = trees[i]
        node = order[j]
        nodes = [node]
        while pred[node] is not None:
            node = pred[node]
            nodes.append(node)
        return nodes[::-1]

    return matrix, path


def _is_symmetric(matrix: list[list[Cost]]) -> bool:
    n = len(matrix)
    return all(matrix[i][j] == matrix[j][i] for i in range(n) for j in range(i + 1, n))


# ------------------------------------------------------------------------ exact solver


def _held_karp(matrix: list[list[Cost]], s: int) -> list[int]:
    """An optimal tour from ``s`` (Held-Karp, ``O(2^n n^2)``), as node indices."""
    others = [i for i in range(len(matrix)) if i != s]
    m = len(others)
    if m == 0:
        return [s]
    full = (1 << m) - 1
    inf = math.inf
    best: list[list[float]] = [[inf] * m for _ in range(full + 1)]
    parent: list[list[int]] = [[-1] * m for _ in range(full + 1)]
    for j in range(m):
        best[1 << j][j] = matrix[s][others[j]]
    for mask in range(1, full + 1):
        row = best[mask]
        for j in range(m):
            cost = row[j]
            if cost == inf or not mask >> j & 1:
                continue
            leg = matrix[others[j]]
            for k in range(m):
                if mask >> k & 1:
                    continue
                bigger = mask | 1 << k
                value = cost + leg[others[k]]
                if value < best[bigger][k]:
                    best[bigger][k] = value
                    parent[bigger][k] = j
    last = min(range(m), key=lambda j: best[full][j] + matrix[others[j]][s])
    sequence: list[int] = []
    mask = full
    while last != -1:
        sequence.append(others[last])
        mask, last = mask & ~(1 << last), parent[mask][last]
    sequence.append(s)
    return sequence[::-1]


# ----------------------------------------------------------------------- local search


class _LocalSearch:
    """Greedy construction, 2-opt + Or-opt local search and iterated local search.

    The tour is ``t`` (node indices) with ``pos[node]`` its position. Every change is a
    reversal of a stretch of ``t``: :meth:`_two_opt_move` replaces two edges; Or-opt
    moves and kicks are sequences of those. With symmetric costs the shorter of a stretch
    and its complement is reversed (same cycle, read the other way); with asymmetric costs
    the stretch itself, so the direction of travel is kept.
    """

    def __init__(self, matrix: list[list[Cost]], *, symmetric: bool, rng: random.Random):
        n = len(matrix)
        self.n = n
        self.dm = matrix
        self.symmetric = symmetric
        self.rng = rng
        largest = max(max(row) for row in matrix)
        self.eps = 1e-9 * max(1.0, float(largest))
        self._neighbour_lists(min(NEIGHBOURS, n - 1))
        self.t = self._greedy()
        self.pos = [0] * n
        for i, c in enumerate(self.t):
            self.pos[c] = i
        self.journal: list[tuple[int, int]] = []
        self.in_queue = [False] * n
        self.queue: deque[int] = deque()
        # Prefix sums of forward and backward edge costs along t (asymmetric case only).
        self.forward = [0.0] * (n + 1)
        self.backward = [0.0] * (n + 1)

    # -- construction

    def _neighbour_lists(self, k: int) -> None:
        dm, n = self.dm, self.n
        self.neigh: list[list[int]] = []
        self.keys: list[list[float]] = []
        for i in range(n):
            key = dm[i] if self.symmetric else [min(dm[i][j], dm[j][i]) for j in range(n)]
            near = heapq.nsmallest(k, (j for j in range(n) if j != i), key=key.__getitem__)
            self.neigh.append(near)
            self.keys.append([key[j] for j in near])

    def _greedy(self) -> list[int]:
        """Greedy edge matching over the candidate edges, fragments joined nearest-first."""
        dm, n = self.dm, self.n
        parent = list(range(n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        fragments: list[list[int]] = []
        if self.symmetric:
            edges = sorted(
                {(dm[i][j], min(i, j), max(i, j)) for i in range(n) for j in self.neigh[i]}
            )
            links: list[list[int]] = [[] for _ in range(n)]
            for _, i, j in edges:
                if len(links[i]) < 2 and len(links[j]) < 2 and find(i) != find(j):
                    links[i].append(j)
                    links[j].append(i)
                    parent[find(i)] = find(j)
            done = [False] * n
            for v in range(n):
                if done[v] or len(links[v]) == 2:
                    continue
                fragment = [v]
                done[v] = True
                previous, current = -1, v
                while True:
                    following = [w for w in links[current] if w != previous]
                    if not following:
                        break
                    previous, current = current, following[0]
                    fragment.append(current)
                    done[current] = True
                fragments.append(fragment)
        else:
            arcs = sorted(
                {(dm[i][j], i, j) for i in range(n) for j in self.neigh[i]}
                | {(dm[j][i], j, i) for i in range(n) for j in self.neigh[i]}
            )
            succ, pred = [-1] * n, [-1] * n
            for _, i, j in arcs:
                if succ[i] == -1 and pred[j] == -1 and find(i) != find(j):
                    succ[i], pred[j] = j, i
                    parent[find(i)] = find(j)
            for v in range(n):
                if pred[v] == -1:
                    fragment = [v]
                    while succ[fragment[-1]] != -1:
                        fragment.append(succ[fragment[-1]])
                    fragments.append(fragment)
        tour = fragments.pop(0)
        while fragments:
            end = dm[tour[-1]]
            best, flip, best_cost = 0, False, math.inf
            for f, fragment in enumerate(fragments):
                if end[fragment[0]] < best_cost:
                    best, flip, best_cost = f, False, end[fragment[0]]
                if self.symmetric and end[fragment[-1]] < best_cost:
                    best, flip, best_cost = f, True, end[fragment[-1]]
            chosen = fragments.pop(best)
            tour.extend(reversed(chosen) if flip else chosen)
        return tour

    # -- tour primitives

    def _succ(self, c: int) -> int:
        p = self.pos[c] + 1
        return self.t[p if p < self.n else 0]

    def _pred(self, c: int) -> int:
        return self.t[self.pos[c] - 1]

    def _reverse(self, i: int, j: int) -> None:
        """Reverse the stretch of positions i..j (cyclic), or its complement (symmetric)."""
        n = self.n
        length = j - i + 1 if i <= j else j + n - i + 1
        if self.symmetric and 2 * length > n:
            i, j = (j + 1) % n, (i - 1) % n
            length = n - length
        if length < 2:
            return
        self.journal.append((i, j))
        self._raw_reverse(i, j)

    def _raw_reverse(self, i: int, j: int) -> None:
        t, pos = self.t, self.pos
        if i <= j:
            stretch = t[i : j + 1]
            stretch.reverse()
            t[i : j + 1] = stretch
            for p, c in enumerate(stretch, i):
                pos[c] = p
        else:
            stretch = t[i:] + t[: j + 1]
            stretch.reverse()
            split = self.n - i
            t[i:] = stretch[:split]
            t[: j + 1] = stretch[split:]
            for p, c in enumerate(stretch[:split], i):
                pos[c] = p
            for p, c in enumerate(stretch[split:]):
                pos[c] = p

    def _two_opt_move(self, a: int, b: int, c: int, d: int) -> None:
        """Replace edges a-b and c-d (b after a and d after c, or both before) by a-c, b-d."""
        if self._succ(a) == b:
            self._reverse(self.pos[b], self.pos[c])
        else:
            self._reverse(self.pos[c], self.pos[b])

    def _or_move(self, p: int, first: int, last: int, q: int, x: int, y: int, flip: bool) -> None:
        """Move the segment first..last (between p and q) between x and y."""
        self._two_opt_move(p, first, x, y)  # p x..q last..first y
        self._two_opt_move(p, x, q, last)  # p q..x last..first y
        if not flip:
            self._two_opt_move(x, last, first, y)  # p q..x first..last y

    def _push(self, c: int) -> None:
        if not self.in_queue[c]:
            self.in_queue[c] = True
            self.queue.append(c)

    def _prefix_sums(self) -> None:
        dm, t, n = self.dm, self.t, self.n
        forward, backward = self.forward, self.backward
        f = b = 0.0
        for m in range(n):
            u = t[m]
            v = t[m + 1] if m + 1 < n else t[0]
            f += dm[u][v]
            b += dm[v][u]
            forward[m + 1] = f
            backward[m + 1] = b

    def _reversal_change(self, i: int, j: int) -> float:
        """Cost change of travelling the path at positions i..j backwards."""
        forward, backward, n = self.forward, self.backward, self.n
        if i <= j:
            return backward[j] - backward[i] - forward[j] + forward[i]
        return backward[n] - backward[i] + backward[j] - forward[n] + forward[i] - forward[j]

    def cost(self) -> float:
        dm, t = self.dm, self.t
        return float(sum(dm[u][v] for u, v in pairwise(t + t[:1])))

    # -- moves

    def _improve_two_opt(self, a: int) -> float:
        dm, t, pos, n, eps = self.dm, self.t, self.pos, self.n, self.eps
        row_a = dm[a]
        pa = pos[a]
        after = t[pa + 1 if pa + 1 < n else 0]
        before = t[pa - 1]
        if self.symmetric:
            d_after = row_a[after]
            for c, dac in zip(self.neigh[a], self.keys[a], strict=True):
                if dac >= d_after - eps:
                    break
                pc = pos[c] + 1
                sc = t[pc if pc < n else 0]
                delta = dac + dm[after][sc] - d_after - dm[c][sc]
                if delta < -eps:
                    self._two_opt_move(a, after, c, sc)
                    self._touch(a, after, c, sc)
                    return delta
            d_before = row_a[before]
            for c, dac in zip(self.neigh[a], self.keys[a], strict=True):
                if dac >= d_before - eps:
                    break
                pc = t[pos[c] - 1]
                delta = dac + dm[before][pc] - d_before - dm[pc][c]
                if delta < -eps:
                    self._two_opt_move(a, before, c, pc)
                    self._touch(a, before, c, pc)
                    return delta
            return 0.0
        change = self._reversal_change
        for c in self.neigh[a]:
            # New arc a -> c: a after .. c sc  becomes  a c .. after sc.
            if c != after and row_a[c] < row_a[after]:
                pc = pos[c] + 1
                sc = t[pc if pc < n else 0]
                delta = row_a[c] + dm[after][sc] - row_a[after] - dm[c][sc]
                delta += change(pa + 1 if pa + 1 < n else 0, pos[c])
                if delta < -eps:
                    self._two_opt_move(a, after, c, sc)
                    self._touch(a, after, c, sc)
                    return delta
            # New arc c -> a: pc c .. before a  becomes  pc before .. c a.
            if c != before and dm[c][a] < dm[before][a]:
                pc = t[pos[c] - 1]
                delta = dm[c][a] + dm[pc][before] - dm[before][a] - dm[pc][c]
                delta += change(pos[c], pos[before])
                if delta < -eps:
                    self._two_opt_move(pc, c, before, a)
                    self._touch(a, before, c, pc)
                    return delta
        return 0.0

    def _improve_or_opt(self, a: int) -> float:
        dm, t, pos, n, eps = self.dm, self.t, self.pos, self.n, self.eps
        symmetric = self.symmetric
        pa = pos[a]
        if symmetric:
            # (first position, length, direction): a first, going either way.
            segments = ((pa, 1, 1), (pa, 2, 1), (pa, 2, -1), (pa, 3, 1), (pa, 3, -1))
        else:
            segments = ((pa, 1, 1), (pa, 2, 1), (pa - 1, 2, 1), (pa, 3, 1), (pa - 2, 3, 1))
        for i0, k, dr in segments:
            first = t[i0 % n]
            last = t[(i0 + dr * (k - 1)) % n]
            p = t[(i0 - dr) % n]
            q = t[(i0 + dr * k) % n]
            gain = dm[p][first] + dm[last][q] - dm[p][q]
            if gain <= eps:
                continue
            if symmetric or k == 1:
                turn = 0.0  # extra cost of travelling the segment backwards
            elif k == 2:
                turn = dm[last][first] - dm[first][last]
            else:
                mid = t[(i0 + 1) % n]
                turn = dm[last][mid] + dm[mid][first] - dm[first][mid] - dm[mid][last]
            for end_is_first in (True, False):
                end = first if end_is_first else last
                for c, key in zip(self.neigh[end], self.keys[end], strict=True):
                    if key >= gain - eps:
                        break
                    if ((pos[c] - i0) * dr) % n < k:
                        continue
                    for c_is_x in (True, False):
                        if c_is_x:
                            x, y = c, t[(pos[c] + dr) % n]
                            if ((pos[y] - i0) * dr) % n < k:
                                continue
                        else:
                            x, y = t[(pos[c] - dr) % n], c
                            if ((pos[x] - i0) * dr) % n < k:
                                continue
                        # c next to `end`: forward if (end is first) == (c is x).
                        flip = end_is_first != c_is_x and k > 1
                        if flip:
                            added = dm[x][last] + dm[first][y] + turn
                        else:
                            added = dm[x][first] + dm[last][y]
                        delta = added - dm[x][y] - gain
                        if delta < -eps:
                            self._or_move(p, first, last, q, x, y, flip)
                            self._touch(p, q, x, y)
                            self._touch(first, last, first, last)
                            return delta
                if k == 1:
                    break
        return 0.0

    def _touch(self, a: int, b: int, c: int, d: int) -> None:
        push = self._push
        push(a)
        push(b)
        push(c)
        push(d)

    def _local_search(self) -> float:
        """Apply improving moves until none is left; return the total change."""
        total = 0.0
        queue, in_queue = self.queue, self.in_queue
        asymmetric = not self.symmetric
        if asymmetric:
            self._prefix_sums()
        while queue:
            a = queue.popleft()
            in_queue[a] = False
            delta = self._improve_two_opt(a) or self._improve_or_opt(a)
            if delta:
                total += delta
                self._push(a)
                if asymmetric:
                    self._prefix_sums()
        return total

    # -- iterated local search

    def run(self, *, deadline: float | None, max_iterations: int | None) -> float:
        """Local search from the construction, then kicks until the budget is spent.

        Returns the tour's cost, as tracked through the moves' cost changes.
        """
        n, rng, dm = self.n, self.rng, self.dm
        for c in self.t:
            self._push(c)
        current = self.cost() + self._local_search()
        self.journal.clear()
        longest = max(1, min(50, (n - 2) // 2))
        iteration = 0
        clock = time.perf_counter
        while (max_iterations is None or iteration < max_iterations) and (
            deadline is None or clock() < deadline
        ):
            iteration += 1
            t = self.t
            i = rng.randrange(n)
            l1 = rng.randint(1, longest)
            l2 = rng.randint(1, longest)
            a, b1, b2 = t[i], t[(i + 1) % n], t[(i + l1) % n]
            c1, c2, d = t[(i + l1 + 1) % n], t[(i + l1 + l2) % n], t[(i + l1 + l2 + 1) % n]
            kick = dm[a][c1] + dm[c2][b1] + dm[b2][d] - dm[a][b1] - dm[b2][c1] - dm[c2][d]
            self._two_opt_move(a, b1, c2, d)  # a c2..c1 b2..b1 d
            self._two_opt_move(a, c2, c1, b2)  # a c1..c2 b2..b1 d
            self._two_opt_move(c2, b2, b1, d)  # a c1..c2 b1..b2 d
            self._touch(a, b1, b2, c1)
            self._touch(c2, d, c2, d)
            trial = current + kick + self._local_search()
            if trial <= current + self.eps:
                current = trial
            else:
                raw_reverse = self._raw_reverse
                for i0, j0 in reversed(self.journal):
                    raw_reverse(i0, j0)
            self.journal.clear()
        return current

    def sequence_from(self, s: int) -> list[int]:
        """The tour as node indices, starting at ``s``."""
        p = self.pos[s]
        return self.t[p:] + self.t[:p]
