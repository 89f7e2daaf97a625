"""Tests for deepmarketing.routing.TravelModel: graph, coordinate and matrix travel models.

Graph models are compared with references computed here independently: networkx's own
Floyd-Warshall for durations, and for (duration, distance) the lexicographic minimum over
every simple path, enumerated by brute force on small random graphs of all four kinds.
"""

from __future__ import annotations

import itertools
import math
import pickle
from collections.abc import Hashable, Sequence
from typing import Any

import attrs
import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import RoutingError
from deepmarketing.org import GeoPoint
from deepmarketing.routing import TravelModel, _travel
from deepmarketing.samples import SampleCompany, sample_company
from strategies import geo_points

GRAPH_KINDS = (nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph)


# -- strategies and references ----------------------------------------------------------


@st.composite
def road_graphs(
    draw: st.DrawFn,
    *,
    kinds: Sequence[type[Any]] = GRAPH_KINDS,
    connected: bool = True,
    integer: bool = True,
    max_nodes: int = 6,
) -> Any:
    """Small graphs of any kind with ``travel_time`` and ``length`` on every edge.

    ``connected`` lays a cycle through every node first, so every node reaches every
    other; random extra edges (parallel ones on multigraphs, self-loops, zero times)
    follow. ``integer`` draws whole numbers, so sums are exact and can be compared with
    ``==``; otherwise floats.
    """
    kind = draw(st.sampled_from(kinds))
    n = draw(st.integers(min_value=1, max_value=max_nodes))
    graph = kind()
    graph.add_nodes_from(range(n))
    if integer:
        times: st.SearchStrategy[float] = st.integers(min_value=0, max_value=30)
        lengths: st.SearchStrategy[float] = st.integers(min_value=0, max_value=2_000)
    else:
        times = st.floats(min_value=0.0, max_value=1_000.0)
        lengths = st.floats(min_value=0.0, max_value=50_000.0)

    def add(u: int, v: int) -> None:
        graph.add_edge(u, v, travel_time=draw(times), length=draw(lengths))

    if connected and n > 1:
        for u in range(n):
            add(u, (u + 1) % n)
    node = st.integers(min_value=0, max_value=n - 1)
    for u, v in draw(st.lists(st.tuples(node, node), max_size=3 * n)):
        add(u, v)
    return graph


@st.composite
def graphs_and_places(draw: st.DrawFn, **kwargs: Any) -> tuple[Any, list[int]]:
    """A graph from :func:`road_graphs` and some of its nodes, in a random order."""
    graph = draw(road_graphs(**kwargs))
    places = draw(st.permutations(list(graph)))
    return graph, places[: draw(st.integers(min_value=1, max_value=len(places)))]


@st.composite
def tangled_graphs(
    draw: st.DrawFn, *, kinds: Sequence[type[Any]] = GRAPH_KINDS
) -> tuple[Any, list[int]]:
    """A graph whose places (nodes ``0..c-1``, on a cycle) reach each other, tangled up.

    Around the cycle hang what a search must get right: dead-end spurs and trees (one way
    or both), chains of new nodes between places (one way or both), then random edges
    anywhere: parallel ones, self-loops, zero and tiny times and float sums that tie.
    Returns the graph and its places in a random order.
    """
    kind = draw(st.sampled_from(kinds))
    graph = kind()
    c = draw(st.integers(min_value=1, max_value=5))
    graph.add_nodes_from(range(c))
    times = st.one_of(
        st.sampled_from([0.0, 0.1, 0.2, 0.3, 1e-9, 0.7, 1.0]),
        st.floats(min_value=0.0, max_value=1_000.0),
    )
    lengths = st.one_of(st.sampled_from([0.0, 0.1, 0.2, 0.3]), st.floats(0.0, 5_000.0))

    def add(u: int, v: int, both: bool = False) -> None:
        for x, y in ((u, v), (v, u)) if both else ((u, v),):
            graph.add_edge(x, y, travel_time=draw(times), length=draw(lengths))

    if c > 1:
        for u in range(c):
            add(u, (u + 1) % c)
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        old = draw(st.integers(min_value=0, max_value=len(graph) - 1))
        new = len(graph)
        if draw(st.booleans()):  # a chain of new nodes from one existing node to another
            end = draw(st.integers(min_value=0, max_value=len(graph) - 1))
            both = draw(st.booleans())
            steps = draw(st.integers(min_value=1, max_value=3))
            path = [old, *range(new, new + steps), end]
            for u, v in itertools.pairwise(path):
                add(u, v, both)
        else:  # a dead end: a new node hanging off an existing one, in or out or both
            way = draw(st.sampled_from(["out", "in", "both"]))
            add(new, old) if way == "in" else add(old, new, way == "both")
    node = st.integers(min_value=0, max_value=len(graph) - 1)
    for u, v in draw(st.lists(st.tuples(node, node), max_size=2 * len(graph))):
        add(u, v)
    return graph, draw(st.permutations(range(c)))


def brute_force(graph: Any, source: int, target: int) -> tuple[float, float]:
    """The least (travel_time, length) over every simple path, compared as pairs."""
    if source == target:
        return (0, 0)
    best = (math.inf, math.inf)
    for path in nx.all_simple_edge_paths(graph, source, target):
        edges = [graph.edges[edge] for edge in path]
        cost = (sum(e["travel_time"] for e in edges), sum(e["length"] for e in edges))
        best = min(best, cost)
    return best


def fastest_parallel(graph: Any) -> Any:
    """A copy of a multigraph where each hop keeps only its fastest (then shortest) edge."""
    simple = nx.DiGraph() if graph.is_directed() else nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, data in graph.edges(data=True):
        old = simple.get_edge_data(u, v)
        if old is None or (data["travel_time"], data["length"]) < (
            old["travel_time"],
            old["length"],
        ):
            simple.add_edge(u, v, travel_time=data["travel_time"], length=data["length"])
    return simple


def two_way(*edges: tuple[str, str, float, float]) -> Any:
    """A MultiDiGraph with each (u, v, seconds, metres) edge in both directions."""
    graph = nx.MultiDiGraph()
    for u, v, seconds, metres in edges:
        graph.add_edge(u, v, travel_time=seconds, length=metres)
        graph.add_edge(v, u, travel_time=seconds, length=metres)
    return graph


@pytest.fixture(scope="module")
def company() -> SampleCompany:
    """The default sample company (built once for this module)."""
    return sample_company()


# -- from_graph: against references -----------------------------------------------------


@given(graphs_and_places())
def test_from_graph_equals_brute_force_fastest_then_shortest(
    case: tuple[Any, list[int]],
) -> None:
    """Each entry is the least (time, length) pair over every path, on every graph kind."""
    graph, places = case
    model = TravelModel.from_graph(graph, places)
    for a, b in itertools.product(places, repeat=2):
        assert brute_force(graph, a, b) == (model.duration(a, b), model.distance(a, b))


@given(graphs_and_places(integer=False))
def test_from_graph_durations_equal_networkx_floyd_warshall(
    case: tuple[Any, list[int]],
) -> None:
    """Durations equal networkx's own all-pairs shortest path lengths (float weights)."""
    graph, places = case
    expected = nx.floyd_warshall(graph, weight="travel_time")
    model = TravelModel.from_graph(graph, places)
    for a, b in itertools.product(places, repeat=2):
        assert expected[a][b] == pytest.approx(model.duration(a, b), rel=1e-9, abs=1e-9)


@given(tangled_graphs())
def test_from_graph_durations_equal_networkx_dijkstra_exactly(case: tuple[Any, list[int]]) -> None:
    """Durations equal networkx's Dijkstra to the last bit, dead ends and chains and all.

    Both sum the times along the path from the source, so the floats agree exactly; on an
    undirected graph the pair is searched from the place listed first.
    """
    graph, places = case
    model = TravelModel.from_graph(graph, places)
    for i, a in enumerate(places):
        expected = nx.single_source_dijkstra_path_length(graph, a, weight="travel_time")
        for j, b in enumerate(places):
            if graph.is_directed() or i <= j:
                assert expected[b] == model.duration(a, b)


@given(tangled_graphs(), st.sampled_from([True, 1e-3, 0.05, 1.0, 1e9]))
def test_bucket_search_gives_the_heaps_labels_bit_for_bit(
    case: tuple[Any, list[int]], buckets: float | bool
) -> None:
    """The bucket queue (any width; too wide falls back) gives the heap's exact matrices."""
    graph, places = case
    names = {place: repr(place) for place in places}

    def matrices(*, buckets: float | bool) -> Any:
        return _travel._shortest_paths(
            graph, places, names, weight="travel_time", length="length", buckets=buckets
        )

    assert matrices(buckets=False) == matrices(buckets=buckets)


def test_from_graph_switches_to_buckets_on_a_large_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the searches have read half the graph the bucket queue takes over, exactly."""
    grid = nx.DiGraph(nx.grid_2d_graph(12, 12))
    for n, (u, v) in enumerate(grid.edges):
        grid.edges[u, v]["travel_time"] = 30.0 + (n * 7919) % 97 / 10
        grid.edges[u, v]["length"] = 400.0 + (n * 104729) % 89
    places = [(0, 0), (11, 11), (0, 11), (11, 0), (5, 6)]
    calls: list[bool] = []
    search = _travel._bucket_search

    def counted(*args: Any) -> Any:
        labels = search(*args)
        calls.append(labels is not None)
        return labels

    monkeypatch.setattr(_travel, "_bucket_search", counted)
    model = TravelModel.from_graph(grid, places)
    assert [True] * (len(places) - 1) == calls
    for a in places:
        expected = nx.single_source_dijkstra_path_length(grid, a, weight="travel_time")
        assert [expected[b] for b in places] == [model.duration(a, b) for b in places]


@given(graphs_and_places(kinds=(nx.MultiGraph, nx.MultiDiGraph)))
def test_from_graph_multigraph_equals_its_fastest_parallel_edges(
    case: tuple[Any, list[int]],
) -> None:
    """A multigraph gives the same model as its simple graph of fastest parallel edges."""
    graph, places = case
    assert TravelModel.from_graph(fastest_parallel(graph), places) == TravelModel.from_graph(
        graph, places
    )


@given(graphs_and_places(integer=False))
def test_from_graph_obeys_the_triangle_inequality(case: tuple[Any, list[int]]) -> None:
    """No detour through a third place is faster than the direct entry."""
    graph, places = case
    model = TravelModel.from_graph(graph, places)
    for a, b, c in itertools.product(places, repeat=3):
        direct = model.duration(a, c)
        assert direct <= model.duration(a, b) + model.duration(b, c) + 1e-9 * (1 + direct)


@given(graphs_and_places(kinds=(nx.Graph, nx.MultiGraph), integer=False))
def test_from_graph_undirected_gives_symmetric_matrices(case: tuple[Any, list[int]]) -> None:
    """On an undirected graph, durations and distances are the same both ways."""
    graph, places = case
    model = TravelModel.from_graph(graph, places)
    for a, b in itertools.product(places, repeat=2):
        assert model.duration(a, b) == model.duration(b, a)
        assert model.distance(a, b) == model.distance(b, a)


@given(graphs_and_places(), st.data())
def test_from_graph_sub_equals_a_model_of_the_subset(
    case: tuple[Any, list[int]], data: st.DataObject
) -> None:
    """Restricting a model gives the model built for the subset directly."""
    graph, places = case
    subset = data.draw(st.lists(st.sampled_from(places), min_size=1, unique=True))
    assert TravelModel.from_graph(graph, subset) == TravelModel.from_graph(graph, places).sub(
        subset
    )


def test_from_graph_directed_gives_asymmetric_matrices() -> None:
    """A one-way street makes the trip back longer than the trip out."""
    graph = nx.MultiDiGraph()
    graph.add_edge("office", "farm", travel_time=300, length=4_000)
    graph.add_edge("farm", "town", travel_time=200, length=3_000)
    graph.add_edge("town", "office", travel_time=250, length=3_500)
    model = TravelModel.from_graph(graph, ["office", "farm"])
    assert (300.0, 450.0) == (model.duration("office", "farm"), model.duration("farm", "office"))
    assert (4_000.0, 6_500.0) == (
        model.distance("office", "farm"),
        model.distance("farm", "office"),
    )


def test_from_graph_distance_follows_the_fastest_path_not_the_shortest() -> None:
    """The distance is that of the fastest route, even when a shorter slow one exists."""
    graph = two_way(("a", "b", 600, 5_000), ("a", "c", 200, 6_000), ("c", "b", 200, 6_000))
    model = TravelModel.from_graph(graph, ["a", "b"])
    assert (400.0, 12_000.0) == (model.duration("a", "b"), model.distance("a", "b"))


def test_from_graph_breaks_ties_in_time_by_length() -> None:
    """Of two equally fast routes, the distance is the shorter one's."""
    graph = two_way(
        ("a", "b", 300, 9_000),
        ("a", "c", 100, 1_000),
        ("c", "b", 200, 1_000),
        ("b", "d", 500, 5_000),  # a farther place keeps the search going past "b"
    )
    model = TravelModel.from_graph(graph, ["a", "b", "d"])
    assert (300.0, 2_000.0) == (model.duration("a", "b"), model.distance("a", "b"))
    assert (800.0, 7_000.0) == (model.duration("a", "d"), model.distance("a", "d"))


def test_from_graph_uses_the_fastest_parallel_edge() -> None:
    """Between two nodes joined twice, the faster edge counts (osmnx parallel roads)."""
    graph = nx.MultiDiGraph()
    graph.add_edge(1, 2, travel_time=90, length=1_000)
    graph.add_edge(1, 2, travel_time=60, length=1_500)
    graph.add_edge(2, 1, travel_time=70, length=900)
    model = TravelModel.from_graph(graph, [1, 2])
    assert [[0.0, 60.0], [70.0, 0.0]] == model.durations_matrix()
    assert [[0.0, 1_500.0], [900.0, 0.0]] == model.distances_matrix()


def test_from_graph_with_another_weight_and_no_lengths() -> None:
    """``weight`` picks the attribute to minimise; ``length=None`` leaves distances unknown."""
    graph = nx.DiGraph()
    graph.add_edge("a", "b", cost=5)
    graph.add_edge("b", "a", cost=7)
    model = TravelModel.from_graph(graph, ["a", "b"], weight="cost", length=None)
    assert (5.0, 7.0, None) == (
        model.duration("a", "b"),
        model.duration("b", "a"),
        model.distance("a", "b"),
    )
    assert not model.has_distances


def test_from_graph_reads_views_of_a_graph() -> None:
    """Frozen graphs, subgraph views and reversed views are read like any graph."""
    graph = nx.DiGraph()
    graph.add_edge(1, 2, travel_time=1, length=1)
    graph.add_edge(2, 3, travel_time=2, length=2)
    graph.add_edge(3, 1, travel_time=4, length=4)
    graph.add_edge(1, 3, travel_time=100, length=100)
    assert 3.0 == TravelModel.from_graph(nx.freeze(graph.copy()), [1, 3]).duration(1, 3)
    assert 100.0 == TravelModel.from_graph(graph.subgraph([1, 3]), [1, 3]).duration(1, 3)
    assert 4.0 == TravelModel.from_graph(nx.reverse_view(graph), [1, 3]).duration(1, 3)


def test_from_graph_keys_can_share_a_node() -> None:
    """A mapping keys places by id; two places on one node are 0 s apart."""
    graph = two_way((10, 20, 120, 2_000))
    model = TravelModel.from_graph(graph, {"home": 10, "C-1": 10, "C-2": 20})
    assert ("home", "C-1", "C-2") == model.places
    assert [[0.0, 0.0, 120.0], [0.0, 0.0, 120.0], [120.0, 120.0, 0.0]] == (model.durations_matrix())


def test_from_graph_keeps_a_repeated_node_once() -> None:
    """Repeated nodes are kept once, at their first position."""
    graph = two_way((1, 2, 10, 100), (2, 3, 10, 100))
    assert (3, 1, 2) == TravelModel.from_graph(graph, [3, 1, 3, 2, 1]).places


def test_from_graph_without_places_connects_every_node() -> None:
    """``places=None`` means every node of the graph, in the graph's order."""
    graph = two_way(("x", "y", 10, 100), ("y", "z", 10, 100))
    model = TravelModel.from_graph(graph)
    assert (("x", "y", "z"), 20.0) == (model.places, model.duration("x", "z"))


# -- from_graph: errors -----------------------------------------------------------------


def test_from_graph_names_every_unreachable_pair() -> None:
    """Every pair with no path is named, in its direction, in one error."""
    graph = nx.DiGraph()
    graph.add_edge("a", "b", travel_time=1, length=1)
    graph.add_node("c")
    with pytest.raises(RoutingError) as caught:
        TravelModel.from_graph(graph, ["a", "b", "c"])
    message = str(caught.value)
    assert "no path for 5 pairs" in message
    for pair in ("'a' -> 'c'", "'b' -> 'a'", "'b' -> 'c'", "'c' -> 'a'", "'c' -> 'b'"):
        assert pair in message
    assert "'a' -> 'b'" not in message


def test_from_graph_names_unreachable_pairs_once_on_an_undirected_graph() -> None:
    """On an undirected graph an unreachable pair is named once, with its place keys."""
    graph = nx.Graph()
    graph.add_edge(1, 2, travel_time=1, length=1)
    graph.add_node(3)
    with pytest.raises(RoutingError, match="no path for 2 pairs") as caught:
        TravelModel.from_graph(graph, {"home": 1, "C-1": 2, "C-2": 3})
    assert "'home' (node 1) <-> 'C-2' (node 3)" in str(caught.value)
    assert "'C-1' (node 2) <-> 'C-2' (node 3)" in str(caught.value)


def test_from_graph_caps_the_unreachable_pairs_it_names() -> None:
    """With many unreachable pairs, ten are named and the rest counted."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(6))
    with pytest.raises(RoutingError, match=r"no path for 30 pairs.* and 20 more"):
        TravelModel.from_graph(graph, range(6))


def test_from_graph_names_every_place_not_in_the_graph() -> None:
    """Places that are not nodes are all named in one error."""
    graph = two_way((1, 2, 10, 100))
    with pytest.raises(RoutingError, match=r"3 places are not nodes of the graph: 7, 'x', 8"):
        TravelModel.from_graph(graph, [1, 7, "x", 2, 8])
    with pytest.raises(RoutingError, match=r"1 place is not node of the graph: 'C-9' \(node 9\)"):
        TravelModel.from_graph(graph, {"C-1": 1, "C-9": 9})
    with pytest.raises(RoutingError, match=r"unhashable\): \[1\]"):
        TravelModel.from_graph(graph, [1, [1]])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"length": 100}, r"edge \(1, 2, 0\): has no 'travel_time' attribute"),
        ({"travel_time": 10}, r"edge \(1, 2, 0\): has no 'length' attribute"),
        ({"travel_time": -1, "length": 100}, r"edge \(1, 2, 0\): 'travel_time' is -1"),
        ({"travel_time": math.nan, "length": 100}, r"'travel_time' is nan"),
        ({"travel_time": math.inf, "length": 100}, r"'travel_time' is inf"),
        ({"travel_time": True, "length": 100}, r"'travel_time' is True"),
        ({"travel_time": "10", "length": 100}, r"'travel_time' is '10'"),
        ({"travel_time": 10, "length": -5.0}, r"'length' is -5.0"),
    ],
)
def test_from_graph_names_an_edge_with_a_bad_attribute(data: dict[str, Any], expected: str) -> None:
    """A missing, negative, non-finite or non-numeric attribute names its edge."""
    graph = nx.MultiDiGraph()
    graph.add_edge(1, 2, **data)
    graph.add_edge(2, 1, travel_time=10, length=100)
    with pytest.raises(RoutingError, match=expected):
        TravelModel.from_graph(graph, [1, 2])


def test_from_graph_names_a_simple_graph_edge_without_a_key() -> None:
    """On a graph without parallel edges the edge is named by its two ends."""
    graph = nx.Graph()
    graph.add_edge("a", "b", length=5)
    with pytest.raises(RoutingError, match=r"edge \('a', 'b'\): has no 'travel_time'"):
        TravelModel.from_graph(graph, ["a", "b"])


@pytest.mark.parametrize(
    ("graph", "kwargs", "expected"),
    [
        ({1: {2: {}}}, {}, "expected a networkx graph, got dict"),
        (nx.Graph(), {"weight": None}, "expected weight to be an edge attribute name"),
        (nx.Graph(), {"length": 3}, "expected length to be an edge attribute name or None"),
        (nx.Graph(), {"places": "ab"}, "expected places to be nodes or a mapping"),
        (nx.Graph(), {"places": 5}, "expected places to be nodes or a mapping"),
    ],
)
def test_from_graph_refuses_bad_arguments(
    graph: Any, kwargs: dict[str, Any], expected: str
) -> None:
    """Anything but a graph, an attribute name and nodes is a RoutingError."""
    with pytest.raises(RoutingError, match=expected):
        TravelModel.from_graph(graph, **kwargs)


# -- from_graph: the sample company -----------------------------------------------------


def test_from_graph_on_a_consultants_day(company: SampleCompany) -> None:
    """One consultant's home and customers: every distinct place is a positive trip away."""
    person = "P-D1-R1-C1"
    customers = company.org.customers_of(person, as_of=company.as_of)
    nodes = [company.homes[person], *(c.node for c in customers)]
    model = TravelModel.from_graph(company.roads, nodes)
    assert len(set(nodes)) == len(model) >= 40
    matrix = model.durations_matrix()
    assert all(
        matrix[i][j] > 0 for i, j in itertools.product(range(len(model)), repeat=2) if i != j
    )
    for a, b in itertools.islice(itertools.permutations(model.places, 2), 0, None, 97):
        expected = nx.shortest_path_length(company.roads, a, b, weight="travel_time")
        assert expected == pytest.approx(model.duration(a, b))


def test_from_graph_keys_a_consultants_day_by_customer_id(company: SampleCompany) -> None:
    """Keyed by customer id, the model matches the node model, shared nodes 0 s apart."""
    person = "P-D1-R1-C1"
    customers = company.org.customers_of(person, as_of=company.as_of)
    places = {"home": company.homes[person]} | {c.id: c.node for c in customers}
    by_id = TravelModel.from_graph(company.roads, places)
    by_node = TravelModel.from_graph(company.roads, list(places.values()))
    for a, b in itertools.product(places, repeat=2):
        assert by_node.duration(places[a], places[b]) == by_id.duration(a, b)
        assert by_node.distance(places[a], places[b]) == by_id.distance(a, b)


# -- from_coordinates -------------------------------------------------------------------


@given(st.dictionaries(st.integers(0, 20), geo_points(), max_size=6))
def test_from_coordinates_is_symmetric_with_a_zero_diagonal(points: dict[int, GeoPoint]) -> None:
    """Coordinates give the same trip both ways and 0 from a place to itself."""
    model = TravelModel.from_coordinates(points, speed_kmh=50)
    assert tuple(points) == model.places
    for a, b in itertools.product(points, repeat=2):
        assert model.duration(a, b) == model.duration(b, a)
        assert model.distance(a, b) == model.distance(b, a)
    assert all(model.duration(a, a) == 0 for a in points)


@given(
    geo_points(),
    geo_points(),
    st.floats(min_value=1.0, max_value=3.0),
    st.floats(min_value=1.0, max_value=150.0),
)
def test_from_coordinates_scales_with_detour_and_speed(
    a: GeoPoint, b: GeoPoint, detour: float, speed: float
) -> None:
    """Distance is haversine x detour; duration is that distance at the speed."""
    model = TravelModel.from_coordinates({"a": a, "b": b}, speed_kmh=speed, detour=detour)
    metres = a.distance_to(b) * detour
    assert metres == pytest.approx(model.distance("a", "b"))
    assert metres / (speed / 3.6) == pytest.approx(model.duration("a", "b"))
    doubled = TravelModel.from_coordinates({"a": a, "b": b}, speed_kmh=2 * speed, detour=detour)
    assert model.duration("a", "b") / 2 == pytest.approx(doubled.duration("a", "b"))


def test_from_coordinates_on_sample_customers(company: SampleCompany) -> None:
    """A consultant's customers by location: 60 km/h and the default 1.3 detour."""
    customers = company.org.customers_of("P-D1-R1-C1", as_of=company.as_of)[:3]
    points = {c.id: c.location for c in customers if c.location is not None}
    model = TravelModel.from_coordinates(points, speed_kmh=60)
    first, second = customers[0], customers[1]
    assert first.location is not None
    assert second.location is not None
    metres = first.location.distance_to(second.location) * 1.3
    assert (metres, metres / (60 / 3.6)) == (
        model.distance(first.id, second.id),
        model.duration(first.id, second.id),
    )


@pytest.mark.parametrize(
    ("points", "kwargs", "expected"),
    [
        ([GeoPoint(0, 0)], {"speed_kmh": 50}, "expected a mapping of place to GeoPoint"),
        ({"a": GeoPoint(0, 0)}, {"speed_kmh": 0}, "expected speed_kmh to be a finite number"),
        ({"a": GeoPoint(0, 0)}, {"speed_kmh": -5}, "expected speed_kmh"),
        ({"a": GeoPoint(0, 0)}, {"speed_kmh": math.inf}, "expected speed_kmh"),
        ({"a": GeoPoint(0, 0)}, {"speed_kmh": True}, "expected speed_kmh"),
        ({"a": GeoPoint(0, 0)}, {"speed_kmh": 10**400}, "expected speed_kmh"),
        ({"a": GeoPoint(0, 0)}, {"speed_kmh": 50, "detour": 0.9}, "expected detour"),
        ({"a": GeoPoint(0, 0)}, {"speed_kmh": 50, "detour": math.nan}, "expected detour"),
        (
            {"a": (0, 0), "b": GeoPoint(0, 0), "c": None},
            {"speed_kmh": 50},
            r"expected a GeoPoint for every place: 'a' is at \(0, 0\), 'c' is at None",
        ),
    ],
)
def test_from_coordinates_refuses_bad_arguments(
    points: Any, kwargs: dict[str, Any], expected: str
) -> None:
    """Points must be GeoPoints in a mapping; speed > 0 and detour >= 1, finite."""
    with pytest.raises(RoutingError, match=expected):
        TravelModel.from_coordinates(points, **kwargs)


# -- from_matrix ------------------------------------------------------------------------


def test_from_matrix_reads_a_mapping_of_mappings() -> None:
    """The outer keys are the places, in order; distances may be given the same way."""
    durations = {"a": {"a": 0, "b": 60, "c": 90}, "b": {"b": 0, "c": 30, "a": 70}}
    durations["c"] = {"a": 95, "b": 35, "c": 0}
    distances = {p: {q: 10 * v for q, v in row.items()} for p, row in durations.items()}
    model = TravelModel.from_matrix(durations, distances)
    assert ("a", "b", "c") == model.places
    assert [[0.0, 60.0, 90.0], [70.0, 0.0, 30.0], [95.0, 35.0, 0.0]] == model.durations_matrix()
    assert 700.0 == model.distance("b", "a")


def test_from_matrix_reads_rows_with_places() -> None:
    """Rows are aligned with ``places``; distances may be rows or a mapping."""
    model = TravelModel.from_matrix(
        [[0, 1.5], [2, 0]], {"x": {"x": 0, "y": 10}, "y": {"x": 12, "y": 0}}, places=["x", "y"]
    )
    assert (1.5, 2.0, 12.0) == (
        model.duration("x", "y"),
        model.duration("y", "x"),
        model.distance("y", "x"),
    )
    assert model == TravelModel(("x", "y"), [[0, 1.5], [2, 0]], distances=[[0, 10], [12, 0]])


def test_from_matrix_without_distances_leaves_them_unknown() -> None:
    """Without distances, every distance is None and the durations still work."""
    model = TravelModel.from_matrix([[0, 5], [5, 0]], places=[1, 2])
    assert (None, None, None, False) == (
        model.distance(1, 2),
        model.distances_matrix(),
        model.route_distance([1, 2, 1]),
        model.has_distances,
    )
    assert 10.0 == model.route_duration([1, 2, 1])


@pytest.mark.parametrize(
    ("durations", "kwargs", "expected"),
    [
        ([[0, 1], [1, 0]], {}, "a sequence of rows needs places="),
        ({"a": {"a": 0}}, {"places": ["a"]}, "places= is only for a sequence of rows"),
        ([[0, 1], [1, 0]], {"places": ["a"]}, "expected 1 rows of durations"),
        ([[0, 1], [1]], {"places": ["a", "b"]}, "the row of 'b' has 1 entries; expected 2"),
        ([[0, 1], [-1, 0]], {"places": "ab"}, "expected a sequence of places"),
        ([[0, -1], [1, 0]], {"places": ["a", "b"]}, "from 'a' to 'b' is -1; expected a finite"),
        ([[0, math.inf], [1, 0]], {"places": ["a", "b"]}, "from 'a' to 'b' is inf"),
        ([[0, math.nan], [1, 0]], {"places": ["a", "b"]}, "from 'a' to 'b' is nan"),
        ([[0, "1"], [1, 0]], {"places": ["a", "b"]}, "from 'a' to 'b' is '1'"),
        ([[0, True], [1, 0]], {"places": ["a", "b"]}, "from 'a' to 'b' is True"),
        ([[0, None], [1, 0]], {"places": ["a", "b"]}, "from 'a' to 'b' is None"),
        ([[0, 10**400], [1, 0]], {"places": ["a", "b"]}, "from 'a' to 'b' is 1000"),
        ([[0, 1], [1, 3]], {"places": ["a", "b"]}, "from 'b' to itself is 3; expected 0"),
        ([[0, 1], [1, 0]], {"places": ["a", "a"]}, "'a' is listed twice"),
        ([[0, 1], [1, 0]], {"places": [[1], "b"]}, r"\[1\] is not hashable"),
        ([[0, 1], 5], {"places": ["a", "b"]}, "expected a sequence of rows of numbers"),
        ({"a": {"a": 0, "b": 1}}, {}, r"the row of 'a' names places that are not in the matrix"),
        ({"a": {"a": 0}, "b": {"b": 0}}, {}, "nothing from 'a' to 'b'; nothing from 'b' to 'a'"),
        ({"a": [0]}, {}, "the row of 'a' is not a mapping"),
    ],
)
def test_from_matrix_refuses_bad_durations(
    durations: Any, kwargs: dict[str, Any], expected: str
) -> None:
    """Non-square, negative, non-finite, non-numeric or non-zero-diagonal entries fail."""
    with pytest.raises(RoutingError, match=expected):
        TravelModel.from_matrix(durations, **kwargs)


@pytest.mark.parametrize(
    ("distances", "expected"),
    [
        ([[0, 1]], "expected 2 rows of distances"),
        (
            [[0, 1], [-3, 0]],
            r"distances: from 'b' to 'a' is -3; expected a finite number of metres",
        ),
        ({"a": {"a": 0, "b": 1}}, "distances: no row for 'b'"),
        (
            {"a": {"a": 0, "b": 1}, "b": {"a": 1, "b": 0}, "c": {}},
            "rows for places that are not in the matrix: 'c'",
        ),
    ],
)
def test_from_matrix_refuses_bad_distances(distances: Any, expected: str) -> None:
    """Distances are checked like durations, against the same places."""
    with pytest.raises(RoutingError, match=expected):
        TravelModel.from_matrix([[0, 1], [1, 0]], distances, places=["a", "b"])


def test_from_matrix_names_every_problem_at_once() -> None:
    """Every bad entry is named in one error, with the count."""
    with pytest.raises(RoutingError) as caught:
        TravelModel.from_matrix([[1, -2, 0], [0, 0, math.nan], [0, 0, 0]], places=["x", "y", "z"])
    message = str(caught.value)
    assert "3 problems" in message
    for part in ("from 'x' to itself is 1", "from 'x' to 'y' is -2", "from 'y' to 'z' is nan"):
        assert part in message


@given(
    st.integers(min_value=1, max_value=6).flatmap(
        lambda n: st.lists(
            st.lists(st.floats(min_value=0, max_value=1e6), min_size=n, max_size=n),
            min_size=n,
            max_size=n,
        )
    ),
    st.data(),
)
def test_from_matrix_sub_selects_rows_and_columns(
    rows: list[list[float]], data: st.DataObject
) -> None:
    """``sub`` keeps the chosen places' entries, in the order asked."""
    for i in range(len(rows)):
        rows[i][i] = 0.0
    places = [f"p{i}" for i in range(len(rows))]
    model = TravelModel.from_matrix(rows, rows, places=places)
    chosen = data.draw(st.lists(st.sampled_from(range(len(rows))), min_size=1, unique=True))
    sub = model.sub(places[i] for i in chosen)
    expected = [[rows[i][j] for j in chosen] for i in chosen]
    assert (tuple(places[i] for i in chosen), expected, expected) == (
        sub.places,
        sub.durations_matrix(),
        sub.distances_matrix(),
    )


# -- lookups ----------------------------------------------------------------------------


@pytest.fixture
def triangle() -> TravelModel:
    """Three places with asymmetric durations and known distances."""
    return TravelModel.from_matrix(
        [[0, 60, 120], [70, 0, 50], [110, 40, 0]],
        [[0, 1_000, 2_000], [1_100, 0, 800], [1_900, 700, 0]],
        places=["home", "C-1", "C-2"],
    )


def test_lookups_by_place(triangle: TravelModel) -> None:
    """index, duration, distance, len and membership answer by place key."""
    assert (2, 50.0, 700.0, 3) == (
        triangle.index("C-2"),
        triangle.duration("C-1", "C-2"),
        triangle.distance("C-2", "C-1"),
        len(triangle),
    )
    assert "C-1" in triangle
    assert "C-9" not in triangle
    assert [1] not in triangle


def test_route_duration_and_distance_add_up_the_legs(triangle: TravelModel) -> None:
    """A route's duration and distance are the sums of its legs; fewer than 2 places is 0."""
    tour = ["home", "C-1", "C-2", "home"]
    assert (60.0 + 50.0 + 110.0, 1_000.0 + 800.0 + 1_900.0) == (
        triangle.route_duration(tour),
        triangle.route_distance(tour),
    )
    assert (0.0, 0.0, 0.0) == (
        triangle.route_duration([]),
        triangle.route_duration(["C-1"]),
        triangle.route_distance(iter(["home"])),
    )


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda m: m.duration("home", "C-9"), r"is not a place of this model \(3 places\): 'C-9'"),
        (lambda m: m.distance("X", "Y"), r"are not places of this model \(3 places\): 'X', 'Y'"),
        (lambda m: m.index(7), "is not a place of this model"),
        (lambda m: m.duration([1], "home"), r"\[1\]"),
        (lambda m: m.sub(["home", "C-8", "C-9"]), "are not places of this model.*'C-8', 'C-9'"),
        (lambda m: m.sub([[1]]), r"unhashable\): \[1\]"),
        (lambda m: m.route_duration(["home", "Z", "home"]), "'Z'"),
        (lambda m: m.route_distance(["Z"]), "'Z'"),
    ],
)
def test_unknown_places_are_named(triangle: TravelModel, call: Any, expected: str) -> None:
    """Every lookup of a place not in the model raises a RoutingError naming it."""
    with pytest.raises(RoutingError, match=expected):
        call(triangle)


def test_sub_keeps_order_and_drops_repeats(triangle: TravelModel) -> None:
    """``sub`` lists places in the order asked, each once."""
    sub = triangle.sub(["C-2", "home", "C-2"])
    assert (("C-2", "home"), [[0.0, 110.0], [120.0, 0.0]]) == (
        sub.places,
        sub.durations_matrix(),
    )


def test_model_is_immutable(triangle: TravelModel) -> None:
    """Matrices handed out are copies, and attributes cannot be set."""
    triangle.durations_matrix()[0][1] = 1e9
    distances = triangle.distances_matrix()
    assert distances is not None
    distances[0][1] = 1e9
    assert (60.0, 1_000.0) == (triangle.duration("home", "C-1"), triangle.distance("home", "C-1"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        triangle.places = ("x",)  # type: ignore[misc]


def test_models_compare_hash_and_pickle_by_value(triangle: TravelModel) -> None:
    """Equal matrices make equal models, with equal hashes, surviving pickling."""
    again = TravelModel.from_matrix(
        triangle.durations_matrix(), triangle.distances_matrix(), places=list(triangle.places)
    )
    assert (again, hash(again)) == (triangle, hash(triangle))
    assert triangle == pickle.loads(pickle.dumps(triangle))
    assert triangle != triangle.sub(["home", "C-1"])
    assert "<TravelModel: 3 places, durations in s, distances in m>" == repr(triangle)


def test_empty_model() -> None:
    """A model of no places is valid and empty."""
    places: list[Hashable] = []
    model = TravelModel.from_graph(nx.Graph(), places)
    assert ((), [], 0.0) == (model.places, model.durations_matrix(), model.route_duration([]))
