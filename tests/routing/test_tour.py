"""Tests for shortest_tour, tour_cost and check_tour.

Small cases are compared with brute force over every permutation (itertools), with leg
costs taken straight from the edges (complete graphs) or from networkx's own shortest
paths (sparse graphs). Larger cases use instances whose optimum is known by
construction, or the exact solver's answer on fixed instances.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import RoutingError
from deepmarketing.routing import _tour, check_tour, shortest_tour, tour_cost

# -- reference and builders ---------------------------------------------------------------


def brute_force(leg: Callable[[Any, Any], float], nodes: Sequence[Hashable], start: Any) -> float:
    """The cost of the best closed tour from ``start`` through ``nodes``, by enumeration."""
    others = [v for v in nodes if v != start]
    if not others:
        return 0
    best = math.inf
    for order in itertools.permutations(others):
        cycle = [start, *order, start]
        best = min(best, sum(leg(u, v) for u, v in itertools.pairwise(cycle)))
    return best


def label(i: int) -> str:
    """A node name that sorts like its number."""
    return f"c{i:02d}"


def complete_graph(matrix: list[list[int]], *, directed: bool, labels: list[str]) -> nx.Graph:
    """A complete graph on ``labels`` (added in that order) with ``matrix`` as weights."""
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(labels)
    n = len(labels)
    for i, j in itertools.permutations(range(n), 2):
        if directed or i < j:
            graph.add_edge(labels[i], labels[j], weight=matrix[i][j])
    return graph


@st.composite
def complete_graphs(
    draw: st.DrawFn, *, max_nodes: int, directed: bool | None = None
) -> tuple[nx.Graph, int]:
    """A complete graph with random integer weights (asymmetric when directed)."""
    n = draw(st.integers(1, max_nodes))
    is_directed = draw(st.booleans()) if directed is None else directed
    seed = draw(st.integers(0, 2**32))
    rng = random.Random(seed)
    matrix = [[rng.randint(0, 60) for _ in range(n)] for _ in range(n)]
    labels = [label(i) for i in range(n)]
    rng.shuffle(labels)
    return complete_graph(matrix, directed=is_directed, labels=labels), seed


def euclidean_graph(points: list[tuple[float, float]], labels: list[str]) -> nx.Graph:
    """The complete graph of ``points`` with their Euclidean distances as weights."""
    graph = nx.Graph()
    graph.add_nodes_from(labels)
    for (i, p), (j, q) in itertools.combinations(enumerate(points), 2):
        graph.add_edge(labels[i], labels[j], weight=math.dist(p, q))
    return graph


def sparse_graph(n: int, extra: int, seed: int, *, directed: bool) -> nx.Graph:
    """A strongly connected graph on 0..n: a random cycle through 0..n-1, chords, a spur n."""
    rng = random.Random(seed)
    graph = nx.DiGraph() if directed else nx.Graph()
    nodes = list(range(n))
    rng.shuffle(nodes)
    graph.add_nodes_from(range(n))
    for u, v in itertools.pairwise([*nodes, nodes[0]]):
        graph.add_edge(u, v, weight=rng.randint(1, 30))
    for _ in range(extra):
        u, v = rng.sample(range(n), 2)
        graph.add_edge(u, v, weight=rng.randint(1, 30))
    # A spur node keeps the graph from being complete (a triangle would be).
    graph.add_edge(n, 0, weight=1)
    graph.add_edge(0, n, weight=1)
    return graph


# -- the result is a tour -----------------------------------------------------------------


@given(data=complete_graphs(max_nodes=25), choice=st.data())
def test_every_tour_is_a_closed_permutation_of_the_requested_nodes(
    data: tuple[nx.Graph, int], choice: st.DataObject
) -> None:
    """Each requested node once, nothing else, first and last the start."""
    graph, _ = data
    nodes = choice.draw(st.lists(st.sampled_from(sorted(graph)), min_size=1, unique=True))
    start = choice.draw(st.sampled_from(nodes))
    tour = shortest_tour(graph, nodes, start=start, max_iterations=30)
    assert [] == check_tour(graph, tour, nodes, start=start)
    assert sorted(nodes) == sorted(tour[:-1])
    assert start == tour[0] == tour[-1]


@given(data=complete_graphs(max_nodes=14))
def test_start_defaults_to_the_first_requested_node_in_graph_order(
    data: tuple[nx.Graph, int],
) -> None:
    """Without ``start`` the tour starts at the requested node that comes first in ``graph``."""
    graph, _ = data
    nodes = list(graph)[::-2]  # the last of these comes first in graph
    assert nodes[-1] == shortest_tour(graph, nodes, max_iterations=5)[0]


# -- exact on small instances ---------------------------------------------------------------


@given(data=complete_graphs(max_nodes=8, directed=False), choice=st.data())
def test_small_symmetric_tours_equal_brute_force(
    data: tuple[nx.Graph, int], choice: st.DataObject
) -> None:
    """Up to 8 nodes the tour is optimal for symmetric edge weights."""
    graph, _ = data
    start = choice.draw(st.sampled_from(sorted(graph)))
    expected = brute_force(lambda u, v: graph[u][v]["weight"], list(graph), start)
    assert expected == tour_cost(graph, shortest_tour(graph, start=start))


@given(data=complete_graphs(max_nodes=8, directed=True), choice=st.data())
def test_small_asymmetric_tours_equal_brute_force(
    data: tuple[nx.Graph, int], choice: st.DataObject
) -> None:
    """Up to 8 nodes the tour is optimal for one-way (asymmetric) edge weights."""
    graph, _ = data
    start = choice.draw(st.sampled_from(sorted(graph)))
    expected = brute_force(lambda u, v: graph[u][v]["weight"], list(graph), start)
    assert expected == tour_cost(graph, shortest_tour(graph, start=start))


@given(
    n=st.integers(2, 14),
    extra=st.integers(0, 12),
    seed=st.integers(0, 2**32),
    directed=st.booleans(),
    choice=st.data(),
)
def test_sparse_tours_follow_shortest_paths_and_equal_brute_force(
    n: int, extra: int, seed: int, directed: bool, choice: st.DataObject
) -> None:
    """On a sparse graph each leg is a shortest path, and small tours are optimal."""
    graph = sparse_graph(n, extra, seed, directed=directed)
    nodes = choice.draw(st.lists(st.sampled_from(range(n)), min_size=1, max_size=7, unique=True))
    distance = dict(nx.all_pairs_dijkstra_path_length(graph))
    tour = shortest_tour(graph, nodes)
    assert [] == check_tour(graph, tour, nodes)
    expected = brute_force(lambda u, v: distance[u][v], nodes, tour[0])
    assert expected == tour_cost(graph, tour)
    assert expected == sum(distance[u][v] for u, v in itertools.pairwise(tour))


@given(
    n=st.integers(2, 30),
    extra=st.integers(0, 20),
    seed=st.integers(0, 2**32),
    directed=st.booleans(),
    choice=st.data(),
)
def test_expanded_tours_are_walks_along_the_graph_with_the_same_cost(
    n: int, extra: int, seed: int, directed: bool, choice: st.DataObject
) -> None:
    """``expand=True`` gives a closed walk over edges that costs what the tour costs."""
    graph = sparse_graph(n, extra, seed, directed=directed)
    nodes = choice.draw(st.lists(st.sampled_from(range(n)), min_size=1, max_size=15, unique=True))
    tour = shortest_tour(graph, nodes, max_iterations=20)
    walk = shortest_tour(graph, nodes, max_iterations=20, expand=True)
    assert [] == check_tour(graph, walk, nodes, expanded=True)
    steps = list(itertools.pairwise(walk)) if len(walk) > 2 else []
    assert tour_cost(graph, tour) == sum(graph[u][v]["weight"] for u, v in steps)
    assert tour_cost(graph, tour) == tour_cost(graph, walk)
    remaining = iter(walk)
    assert all(v in remaining for v in tour), "the tour is a subsequence of the walk"


def test_legs_are_edges_in_a_complete_graph_and_shortest_paths_otherwise() -> None:
    """A complete graph's weights are taken as they are; elsewhere legs take detours."""
    triangle = nx.Graph()
    triangle.add_weighted_edges_from([("a", "b", 10), ("b", "c", 1), ("c", "a", 1)])
    assert ["a", "b", "a"] == shortest_tour(triangle, ["a", "b"])
    assert 20 == tour_cost(triangle, ["a", "b", "a"])
    road = triangle.copy()
    road.add_edge("c", "d", weight=1)
    assert 4 == tour_cost(road, ["a", "b", "a"])
    assert ["a", "c", "b", "c", "a"] == shortest_tour(road, ["a", "b"], expand=True)


def test_multigraph_legs_use_the_lightest_parallel_edge() -> None:
    """Parallel edges (osmnx's MultiDiGraph) count with their lightest weight."""
    graph = nx.MultiDiGraph()
    for u, v in itertools.permutations("abcd", 2):
        graph.add_edge(u, v, length=10)
        graph.add_edge(u, v, length=3 if (u, v) in {("a", "c"), ("c", "b"), ("b", "d")} else 20)
    tour = shortest_tour(graph, weight="length")
    assert ["a", "c", "b", "d", "a"] == tour
    assert 3 + 3 + 3 + 10 == tour_cost(graph, tour, weight="length")


def test_weight_none_counts_edges_and_a_function_may_hide_edges() -> None:
    """``weight=None`` is hop count; a weight function returning None hides the edge."""
    graph = nx.path_graph(5)
    assert 8 == tour_cost(graph, shortest_tour(graph, [0, 4], weight=None), weight=None)
    complete = nx.complete_graph(4)

    def no_direct_0_2(u: int, v: int, data: dict[str, Any]) -> int | None:
        return None if {u, v} == {0, 2} else 1

    walk = shortest_tour(complete, [0, 2], weight=no_direct_0_2, expand=True)
    assert (5, 0, 2) == (len(walk), walk[0], walk[2])  # 0 -> x -> 2 -> y -> 0
    assert 4 == tour_cost(complete, walk, weight=no_direct_0_2)


def test_one_and_two_nodes() -> None:
    """A single node is the tour [v, v]; two nodes go there and back."""
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=4)
    assert ["a", "a"] == shortest_tour(graph, ["a"])
    assert ["a", "a"] == shortest_tour(graph, ["a"], expand=True)
    assert 0 == tour_cost(graph, ["a", "a"])
    assert ["b", "a", "b"] == shortest_tour(graph, start="b")
    assert 8 == tour_cost(graph, ["b", "a", "b"])


# -- the heuristic on instances with a known optimum ---------------------------------------


@given(n=st.integers(11, 45), seed=st.integers(0, 2**32))
def test_points_on_a_circle_are_toured_around_the_circle(n: int, seed: int) -> None:
    """For points in convex position the optimum is the polygon; the search finds it."""
    rng = random.Random(seed)
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(n))
    points = [(100 * math.cos(a), 100 * math.sin(a)) for a in angles]
    labels = [label(i) for i in range(n)]
    rng.shuffle(labels)
    graph = euclidean_graph(points, labels)
    perimeter = sum(math.dist(p, q) for p, q in itertools.pairwise([*points, points[0]]))
    tour = shortest_tour(graph, max_iterations=10)
    assert math.isclose(perimeter, tour_cost(graph, tour), rel_tol=1e-9)


@given(n=st.integers(11, 40), seed=st.integers(0, 2**32))
def test_one_way_ring_is_found(n: int, seed: int) -> None:
    """Costs growing with the forward distance on a hidden ring: only the ring is optimal."""
    rng = random.Random(seed)
    ring = list(range(n))
    rng.shuffle(ring)
    place = {v: i for i, v in enumerate(ring)}
    graph = nx.DiGraph()
    for u, v in itertools.permutations(range(n), 2):
        graph.add_edge(u, v, weight=10 * ((place[v] - place[u]) % n) + rng.randint(0, 9))
    tour = shortest_tour(graph, max_iterations=10)
    i = place[tour[0]]
    assert [*ring[i:], *ring[:i], ring[i]] == tour


@pytest.mark.parametrize("directed", [False, True])
def test_iterated_local_search_matches_the_exact_solver_on_fixed_instances(
    directed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the exact solver switched off, the search still finds the optimum (n = 11-12)."""
    cases = []
    for seed in range(12):
        rng = random.Random(seed)
        n = 11 + seed % 2
        points = [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(n)]
        matrix = [
            [round(math.dist(p, q)) + (rng.randint(0, 30) if directed else 0) for q in points]
            for p in points
        ]
        labels = [label(i) for i in range(n)]
        cases.append(complete_graph(matrix, directed=directed, labels=labels))
    monkeypatch.setattr(_tour, "EXACT_MAX_NODES", 12)
    exact = [tour_cost(graph, shortest_tour(graph)) for graph in cases]
    monkeypatch.setattr(_tour, "EXACT_MAX_NODES", 0)
    heuristic = [tour_cost(graph, shortest_tour(graph, max_iterations=400)) for graph in cases]
    assert exact == heuristic


@given(
    n=st.integers(11, 40),
    seed=st.integers(0, 2**32),
    directed=st.booleans(),
    euclidean=st.booleans(),
)
def test_search_keeps_its_tour_and_cost_in_step(
    n: int, seed: int, directed: bool, euclidean: bool
) -> None:
    """Internal: after kicks, moves and undos the cost tracked by deltas is the tour's cost."""
    rng = random.Random(seed)
    if euclidean:
        points = [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(n)]
        matrix = [[round(math.dist(p, q), 3) for q in points] for p in points]
    else:
        matrix = [[0 if i == j else rng.randint(1, 1000) for j in range(n)] for i in range(n)]
    if directed:
        matrix = [[w + (rng.randint(0, 40) if w else 0) for w in row] for row in matrix]
    else:
        matrix = [[matrix[min(i, j)][max(i, j)] for j in range(n)] for i in range(n)]
    search = _tour._LocalSearch(
        matrix, symmetric=_tour._is_symmetric(matrix), rng=random.Random(seed)
    )
    tracked = search.run(deadline=None, max_iterations=40)
    assert list(range(n)) == sorted(search.t)
    assert all(c == search.t[search.pos[c]] for c in range(n))
    assert math.isclose(search.cost(), tracked, rel_tol=1e-9, abs_tol=1e-6)


# -- determinism -------------------------------------------------------------------------------


@given(n=st.integers(11, 30), seed=st.integers(0, 2**32), directed=st.booleans())
def test_same_seed_and_budget_give_the_same_tour(n: int, seed: int, directed: bool) -> None:
    """Same graph, seed and budget: the same tour, whatever order ``nodes`` come in."""
    rng = random.Random(seed)
    matrix = [[rng.randint(1, 1000) for _ in range(n)] for _ in range(n)]
    graph = complete_graph(matrix, directed=directed, labels=[label(i) for i in range(n)])
    nodes = list(graph)
    first = shortest_tour(graph, nodes, seed=seed, max_iterations=30)
    assert first == shortest_tour(graph, nodes[::-1], seed=seed, max_iterations=30)
    assert first == shortest_tour(graph, set(nodes), seed=seed, max_iterations=30)


def test_a_time_limit_still_returns_a_tour() -> None:
    """Smoke test: with a tiny time limit the result is still a valid tour."""
    rng = random.Random(3)
    points = [(rng.random(), rng.random()) for _ in range(40)]
    graph = euclidean_graph(points, [label(i) for i in range(40)])
    assert [] == check_tour(graph, shortest_tour(graph, time_limit=0.01))


# -- check_tour ----------------------------------------------------------------------------------


@given(data=complete_graphs(max_nodes=12), choice=st.data())
def test_check_tour_rejects_a_tour_with_one_entry_replaced(
    data: tuple[nx.Graph, int], choice: st.DataObject
) -> None:
    """Replacing one visit by another node (a repeat or a stranger) is reported."""
    graph, _ = data
    tour = shortest_tour(graph, max_iterations=5)
    position = choice.draw(st.integers(0, len(tour) - 1))
    replacement = choice.draw(
        st.sampled_from([*graph, "stranger"]).filter(lambda v: v != tour[position])
    )
    broken = [*tour]
    broken[position] = replacement
    assert [] != check_tour(graph, broken)


def test_check_tour_names_each_problem() -> None:
    """Each message names the node or leg at fault."""
    graph = nx.path_graph(4)
    assert ["the tour starts at 1, expected 0"] == check_tour(graph, [1, 0, 2, 3, 1], start=0)
    assert ["node 3: is visited but is not one of the nodes to visit"] == check_tour(
        graph, [0, 3, 0], [0]
    )
    assert ["leg (0, 2): no edge of the graph joins them"] == check_tour(
        graph, [0, 2, 1, 0], [0, 1, 2], expanded=True
    )
    assert ["the tour is empty, expected at least its start twice"] == check_tour(graph, [])


# -- errors ---------------------------------------------------------------------------------


def weighted_path(*weights: Any) -> nx.Graph:
    """The path n0 - n1 - ... with the given edge weights, in order."""
    graph = nx.Graph()
    for i, w in enumerate(weights):
        graph.add_edge(f"n{i}", f"n{i + 1}", weight=w)
    return graph


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: shortest_tour(weighted_path(1, 2), ["n0", "x9"]),
            "node 'x9': is not in the graph",
        ),
        (lambda: shortest_tour(weighted_path(1, 2), start="x9"), "start 'x9': is not in the graph"),
        (
            lambda: shortest_tour(weighted_path(1, 2), ["n0", "n1"], start="n2"),
            "start 'n2': is not one of the nodes to visit",
        ),
        (lambda: shortest_tour(nx.Graph()), "expected at least 1 node to visit, got none"),
        (
            lambda: shortest_tour(weighted_path(1), []),
            "expected at least 1 node to visit, got none",
        ),
        (
            lambda: shortest_tour(weighted_path(1, -2)),
            "edge ('n1', 'n2'): 'weight' is -2, expected a finite non-negative number",
        ),
        (
            lambda: shortest_tour(weighted_path(1, float("nan"))),
            "edge ('n1', 'n2'): 'weight' is nan, expected a finite non-negative number",
        ),
        (
            lambda: shortest_tour(weighted_path(1, "2")),
            "edge ('n1', 'n2'): 'weight' must be a number, got str '2'",
        ),
        (
            lambda: shortest_tour(weighted_path(1, 2), weight="length"),
            "edge ('n0', 'n1'): has no 'length' attribute",
        ),
        (
            lambda: shortest_tour(weighted_path(1, 2), time_limit=-1),
            "time_limit must be a non-negative number of seconds or None, got -1",
        ),
        (
            lambda: shortest_tour(weighted_path(1, 2), max_iterations=2.5),
            "max_iterations must be a non-negative integer or None, got 2.5",
        ),
        (
            lambda: tour_cost(weighted_path(1, 2), ["n0", "x9", "n0"]),
            "node 'x9': is not in the graph",
        ),
    ],
)
def test_errors_name_the_record(call: Callable[[], object], message: str) -> None:
    """Bad input raises RoutingError (a ValueError) whose message names the culprit."""
    with pytest.raises(RoutingError) as caught:
        call()
    assert message == str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("via", ["shortest_tour", "tour_cost"])
def test_unreachable_nodes_are_named_in_pairs(via: str) -> None:
    """A node that cannot be reached from another names both (one-way street)."""
    graph = nx.DiGraph()
    graph.add_edge("home", "shop", weight=5)
    graph.add_edge("shop", "depot", weight=5)
    call = {
        "shortest_tour": lambda: shortest_tour(graph, ["home", "shop"]),
        "tour_cost": lambda: tour_cost(graph, ["home", "shop", "home"]),
    }[via]
    with pytest.raises(RoutingError) as caught:
        call()
    assert "node 'home': cannot be reached from node 'shop'" == str(caught.value)


@given(n=st.integers(2, 12), seed=st.integers(0, 2**32))
def test_disconnected_graphs_raise_routing_error_naming_both_nodes(n: int, seed: int) -> None:
    """Two components: the error names a node of each, never a networkx exception."""
    rng = random.Random(seed)
    graph = nx.Graph()
    left = [f"L{i}" for i in range(n)]
    right = [f"R{i}" for i in range(rng.randint(1, n))]
    for part in (left, right):
        graph.add_node(part[0])
        for u, v in itertools.pairwise(part):
            graph.add_edge(u, v, weight=rng.randint(0, 9))
    with pytest.raises(RoutingError) as caught:
        shortest_tour(graph, max_iterations=5)
    text = str(caught.value)
    assert any(v in text for v in left)
    assert any(v in text for v in right)
