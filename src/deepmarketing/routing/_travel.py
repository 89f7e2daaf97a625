"""Travel models: how long, and how far, from each place to each other place.

A :class:`TravelModel` is a square matrix of travel durations (seconds) and, when known,
distances (metres) between a fixed set of places. The places are any hashable keys:
road-graph nodes, customer ids, ``"home"``. Route solvers read durations from a model and
never look at the road network themselves, so a model can come from any of three
sources:

* :meth:`TravelModel.from_graph`: shortest paths on a networkx road graph (osmnx
  conventions: edges carry ``travel_time`` in seconds and ``length`` in metres);
* :meth:`TravelModel.from_coordinates`: great-circle distances times a detour factor,
  at an average speed, when there is no road graph;
* :meth:`TravelModel.from_matrix`: a matrix the caller already has, e.g. from a routing
  server.

A model is immutable: :meth:`TravelModel.sub` and the ``from_*`` constructors return new
ones. Every problem is reported as a :class:`~deepmarketing.errors.RoutingError` (also a
``ValueError``) naming the places, pairs or edges at fault.

Examples:
    >>> from deepmarketing.routing import TravelModel
    >>> from deepmarketing.samples import sample_company
    >>> company = sample_company()
    >>> customers = company.org.customers_of("P-D1-R1-C1", as_of=company.as_of)
    >>> places = {"home": company.homes["P-D1-R1-C1"]} | {c.id: c.node for c in customers}
    >>> model = TravelModel.from_graph(company.roads, places)
    >>> len(model), model.places[:2]
    (41, ('home', 'C-D1-R1-C1-01'))
    >>> (
    ...     round(model.duration("home", "C-D1-R1-C1-01")),
    ...     round(model.distance("home", "C-D1-R1-C1-01")),
    ... )
    (149, 2894)
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import networkx as nx

from deepmarketing.errors import RoutingError
from deepmarketing.org import GeoPoint

__all__ = ["TravelModel"]

#: How many places, pairs or problems one error message names before "and N more".
_MAX_NAMED = 10
_RECORD = "travel model"

Rows = tuple[tuple[float, ...], ...]


# -- helpers for messages -----------------------------------------------------------------


def _listing(items: Sequence[str]) -> str:
    """``a, b, c`` for up to :data:`_MAX_NAMED` items, then ``and N more``."""
    shown = ", ".join(items[:_MAX_NAMED])
    if len(items) > _MAX_NAMED:
        shown += f" and {len(items) - _MAX_NAMED} more"
    return shown


def _raise_problems(problems: Sequence[str], what: str) -> None:
    """Raise one RoutingError naming every problem (up to a limit), if there are any."""
    if len(problems) == 1:
        raise RoutingError(f"{what}: {problems[0]}", record=_RECORD)
    if problems:
        shown = "; ".join(problems[:_MAX_NAMED])
        if len(problems) > _MAX_NAMED:
            shown += f"; and {len(problems) - _MAX_NAMED} more"
        raise RoutingError(f"{what}, {len(problems)} problems: {shown}", record=_RECORD)


def _is_hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _as_float(value: object) -> float:
    """``value`` as a float if it is a real number (not a bool) that fits, else NaN."""
    if type(value) is float:
        return value
    if not _is_real(value):
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (OverflowError, ValueError, TypeError):
        return math.nan


# -- the plain constructor's converters ---------------------------------------------------


def _to_places(value: Iterable[Hashable]) -> tuple[Hashable, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise RoutingError(f"expected a sequence of places, got {value!r}", record=_RECORD)
    return tuple(value)


def _to_rows(value: Iterable[Iterable[float]]) -> tuple[tuple[Any, ...], ...]:
    if isinstance(value, Mapping):
        raise RoutingError(
            "expected a sequence of rows, one per place; use TravelModel.from_matrix for a "
            "mapping of mappings",
            record=_RECORD,
        )
    try:
        return tuple(tuple(row) for row in value)
    except TypeError:
        raise RoutingError(
            f"expected a sequence of rows of numbers, got {value!r}", record=_RECORD
        ) from None


def _to_optional_rows(
    value: Iterable[Iterable[float]] | None,
) -> tuple[tuple[Any, ...], ...] | None:
    return None if value is None else _to_rows(value)


def _checked_rows(
    rows: tuple[tuple[Any, ...], ...], places: tuple[Hashable, ...], what: str, unit: str
) -> Rows:
    """Check a square matrix of finite numbers >= 0 with a zero diagonal; return floats."""
    problems: list[str] = []
    if len(rows) != len(places):
        raise RoutingError(
            f"expected {len(places)} rows of {what} (one per place), got {len(rows)}",
            record=_RECORD,
        )
    result: list[tuple[float, ...]] = []
    for i, (here, row) in enumerate(zip(places, rows, strict=True)):
        if len(row) != len(places):
            problems.append(
                f"the row of {here!r} has {len(row)} entries; expected {len(places)} "
                "(one per place)"
            )
            continue
        floats: list[float] = []
        for j, (there, value) in enumerate(zip(places, row, strict=True)):
            number = _as_float(value)
            if not (math.isfinite(number) and number >= 0):
                problems.append(
                    f"from {here!r} to {there!r} is {value!r}; expected a finite number of "
                    f"{unit} >= 0"
                )
            elif i == j and number != 0:
                problems.append(f"from {here!r} to itself is {value!r}; expected 0 on the diagonal")
            floats.append(number)
        result.append(tuple(floats))
    _raise_problems(problems, what)
    return tuple(result)


# -- the model ----------------------------------------------------------------------------


@attrs.frozen(repr=False)
class TravelModel:
    """Travel durations (seconds) and distances (metres) between a fixed set of places.

    Build one with :meth:`from_graph`, :meth:`from_coordinates` or :meth:`from_matrix`;
    the plain constructor takes rows already aligned with ``places`` and checks them the
    same way :meth:`from_matrix` does. The matrices may be asymmetric (one-way streets):
    ``duration(a, b)`` is the trip from ``a`` to ``b``.

    Args:
        places: The places, any hashable keys, each once; row and column ``i`` of each
            matrix belong to ``places[i]``.
        durations: ``durations[i][j]`` is the travel time from ``places[i]`` to
            ``places[j]`` in seconds: a finite number >= 0, 0 on the diagonal.
        distances: The same for distances in metres, or ``None`` when they are not known
            (then :meth:`distance` returns ``None``).

    Raises:
        RoutingError: If a place is repeated or unhashable, a matrix is not square, or an
            entry is negative, not finite, not a number, or non-zero on the diagonal.
            Every problem is named, each with its pair of places.

    Examples:
        >>> model = TravelModel(("depot", "farm"), [[0, 600], [660, 0]], distances=None)
        >>> model.duration("depot", "farm"), model.duration("farm", "depot")
        (600.0, 660.0)
        >>> model.distance("depot", "farm") is None
        True
        >>> model
        <TravelModel: 2 places, durations in s, distances unknown>
    """

    places: tuple[Hashable, ...] = attrs.field(converter=_to_places)
    _durations: Rows = attrs.field(converter=_to_rows, alias="durations")
    _distances: Rows | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_rows, alias="distances"
    )
    _index: dict[Hashable, int] = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        index: dict[Hashable, int] = {}
        problems: list[str] = []
        for i, place in enumerate(self.places):
            if not _is_hashable(place):
                problems.append(f"{place!r} is not hashable; expected a key such as a node or id")
            elif place in index:
                problems.append(f"{place!r} is listed twice; expected each place once")
            else:
                index[place] = i
        _raise_problems(problems, "places")
        object.__setattr__(self, "_index", index)
        object.__setattr__(
            self, "_durations", _checked_rows(self._durations, self.places, "durations", "seconds")
        )
        if self._distances is not None:
            object.__setattr__(
                self,
                "_distances",
                _checked_rows(self._distances, self.places, "distances", "metres"),
            )

    # -- sources --------------------------------------------------------------------------

    @classmethod
    def from_graph(
        cls,
        G: Any,  # noqa: N803  (networkx's name for the graph argument)
        places: Iterable[Hashable] | Mapping[Hashable, Hashable] | None = None,
        *,
        weight: str = "travel_time",
        length: str | None = "length",
    ) -> TravelModel:
        """Shortest travel times between ``places`` on a road graph.

        The duration from ``a`` to ``b`` is the least total ``weight`` over the paths
        from ``a``'s node to ``b``'s node; the distance is the total ``length`` along that
        fastest path (of several equally fast paths, the shortest). Directed graphs give
        asymmetric matrices; on a multigraph each hop uses its fastest parallel edge.

        Args:
            G: A networkx ``Graph``, ``DiGraph``, ``MultiGraph`` or ``MultiDiGraph``, e.g.
                an osmnx road network.
            places: The nodes to connect (repeats are kept once, at their first position),
                or a mapping from each place's key (a customer id, ``"home"``) to its node,
                where several keys may share a node. ``None`` (the default) means every
                node of ``G``, which only suits small graphs.
            weight: The edge attribute to minimise: seconds, as osmnx's ``travel_time``.
            length: The edge attribute with each edge's metres, or ``None`` when the graph
                has none (then :meth:`distance` returns ``None``).

        Returns:
            The model, its places in the order given.

        Raises:
            RoutingError: If ``G`` is not a networkx graph; if places are not nodes of
                ``G`` (all of them are named); if an edge the search reaches lacks
                ``weight`` or ``length`` or holds a negative, non-finite or non-numeric
                value (the edge is named); if some place cannot reach another (every such
                pair is named, up to ten, with the count).

        Notes:
            One single-source Dijkstra search per distinct place node (on an undirected
            graph, one fewer, each searching only for the places after it); each search
            stops once it has settled every place it looks for, so places close together
            on a large network are cheap. The search orders labels by (time, metres), so
            the distance along the fastest path is well defined. Each node's outgoing
            edges are read from ``G`` once and reused across searches. For k places on a
            graph with n nodes and m edges: O(k (m + n log n)) time, O(n + m) memory.

            Places spread over a large graph make every search cross most of it. Once the
            searches have read half the graph, the rest is read, and if every edge takes
            some time (at least 2w > 0 seconds) the later searches use a bucket queue of
            width w instead of the heap: buckets are emptied in time order, each in any
            order, which settles every node with exactly the label the heap would give
            (an edge cannot lead back into its own bucket) at O(k (m + n)) plus the
            buckets. Zero-time edges keep the heap.

            This is the textbook algorithm written over ``G``'s adjacency rather than a
            call to ``networkx.single_source_dijkstra``: on a 100,000-node road graph
            networkx's function took 2.5 to 4 times as long per source as a search here
            (0.55 s against 0.14 to 0.2 s, on a busy 2-core machine), and it cannot
            break ties by length. ``benchmarks/routing_travel.py``: 60 places in one
            territory take 0.06 s; 60 spread over that graph 8 to 11 s of CPU on that
            busy machine, against 11 to 14 s with the heap alone.

            Unlike networkx, which takes a missing weight as 1, a missing attribute is an
            error: a road without a travel time is a data problem worth hearing about.

        Examples:
            >>> from deepmarketing.samples import sample_company
            >>> company = sample_company()
            >>> home = company.homes["P-D1-R1-C1"]
            >>> nodes = [home, 363, 1206]
            >>> model = TravelModel.from_graph(company.roads, nodes)
            >>> model.places
            (603, 363, 1206)
            >>> [round(seconds) for seconds in model.durations_matrix()[0]]
            [0, 149, 808]
            >>> round(model.distance(603, 1206)), round(model.distance(1206, 603))
            (13646, 13646)

            Places not on the graph are all named:

            >>> TravelModel.from_graph(company.roads, [603, -1, "x"])
            Traceback (most recent call last):
            ...
            deepmarketing.errors.RoutingError: travel model: 2 places are not nodes of ... -1, 'x'
        """
        if not isinstance(G, nx.Graph):
            raise RoutingError(f"expected a networkx graph, got {type(G).__name__}", record=_RECORD)
        for name, value, optional in (("weight", weight, False), ("length", length, True)):
            if not (isinstance(value, str) or (optional and value is None)):
                expected = "an edge attribute name" + (" or None" if optional else "")
                raise RoutingError(
                    f"expected {name} to be {expected}, got {value!r}", record=_RECORD
                )
        keys, nodes = _graph_places(G, places)
        distinct = list(dict.fromkeys(nodes))
        labels = _node_labels(keys, nodes)
        times, metres = _shortest_paths(G, distinct, labels, weight=weight, length=length)
        position = {node: i for i, node in enumerate(distinct)}
        at = [position[node] for node in nodes]
        durations = [[times[i][j] for j in at] for i in at]
        distances = None if metres is None else [[metres[i][j] for j in at] for i in at]
        return cls(keys, durations, distances=distances)

    @classmethod
    def from_coordinates(
        cls,
        points: Mapping[Hashable, GeoPoint],
        *,
        speed_kmh: float,
        detour: float = 1.3,
    ) -> TravelModel:
        """Travel estimated from coordinates: great-circle distance x detour at a speed.

        The distance between two places is their haversine distance
        (:meth:`GeoPoint.distance_to <deepmarketing.org.GeoPoint.distance_to>`) times
        ``detour``, since roads are longer than the straight line; the duration is that
        distance at ``speed_kmh``. The matrices are symmetric.

        Args:
            points: Each place's key and its location.
            speed_kmh: The average travel speed in km/h, > 0.
            detour: Road distance over straight-line distance, >= 1. The default 1.3 is a
                common rule of thumb for rural road networks.

        Returns:
            The model, its places in the order of ``points``.

        Raises:
            RoutingError: If ``points`` is not a mapping, a value is not a
                :class:`~deepmarketing.org.GeoPoint` (every such place is named), or
                ``speed_kmh`` or ``detour`` is out of range.

        Notes:
            k (k - 1) / 2 haversine evaluations for k places.

        Examples:
            >>> from deepmarketing.org import GeoPoint
            >>> model = TravelModel.from_coordinates(
            ...     {"office": GeoPoint(34.75, 113.62), "dealer": GeoPoint(35.30, 113.93)},
            ...     speed_kmh=60,
            ... )
            >>> round(model.distance("office", "dealer")), round(model.duration("office", "dealer"))
            (87565, 5254)
        """
        if not isinstance(points, Mapping):
            raise RoutingError(
                f"expected a mapping of place to GeoPoint, got {type(points).__name__}",
                record=_RECORD,
            )
        speed, factor = _as_float(speed_kmh), _as_float(detour)
        if not (math.isfinite(speed) and speed > 0):
            raise RoutingError(
                f"expected speed_kmh to be a finite number > 0, got {speed_kmh!r}", record=_RECORD
            )
        if not (math.isfinite(factor) and factor >= 1):
            raise RoutingError(
                f"expected detour to be a finite number >= 1 (roads are never shorter than "
                f"the great circle), got {detour!r}",
                record=_RECORD,
            )
        bad = [
            f"{key!r} is at {value!r}"
            for key, value in points.items()
            if not isinstance(value, GeoPoint)
        ]
        if bad:
            raise RoutingError(
                f"expected a GeoPoint for every place: {_listing(bad)}", record=_RECORD
            )
        keys = tuple(points)
        locations = [points[key] for key in keys]
        metres_per_second = speed / 3.6
        k = len(keys)
        distances = [[0.0] * k for _ in range(k)]
        durations = [[0.0] * k for _ in range(k)]
        for i in range(k):
            for j in range(i + 1, k):
                metres = locations[i].distance_to(locations[j]) * factor
                distances[i][j] = distances[j][i] = metres
                durations[i][j] = durations[j][i] = metres / metres_per_second
        return cls(keys, durations, distances=distances)

    @classmethod
    def from_matrix(
        cls,
        durations: Mapping[Hashable, Mapping[Hashable, float]] | Sequence[Sequence[float]],
        distances: Mapping[Hashable, Mapping[Hashable, float]]
        | Sequence[Sequence[float]]
        | None = None,
        *,
        places: Sequence[Hashable] | None = None,
    ) -> TravelModel:
        """A model from the caller's own matrices, e.g. a routing server's answer.

        Args:
            durations: Seconds from each place to each place, either as a mapping of
                mappings (``durations[a][b]``; the places are the outer keys, in order,
                and every row lists every place, itself included with 0) or as a
                sequence of rows aligned with ``places``.
            distances: Metres in the same form, or ``None`` when only durations are known:
                then :meth:`distance` returns ``None`` for every pair.
            places: The place of each row and column; required with rows, not allowed
                with a mapping (its keys are the places).

        Returns:
            The model. Entries are stored as floats; nothing else is assumed (the triangle
            inequality need not hold, matrices may be asymmetric).

        Raises:
            RoutingError: If the matrix is not square over the places, lacks or adds a
                place, or holds a negative, non-finite or non-numeric entry or a non-zero
                diagonal entry. Every problem is named, each with its pair of places.

        Examples:
            >>> model = TravelModel.from_matrix(
            ...     {"home": {"home": 0, "C-1": 900}, "C-1": {"home": 960, "C-1": 0}}
            ... )
            >>> model.places, model.duration("C-1", "home"), model.distance("C-1", "home")
            (('home', 'C-1'), 960.0, None)
            >>> TravelModel.from_matrix([[0, 5], [-5, 0]], places=["a", "b"])
            Traceback (most recent call last):
            ...
            deepmarketing.errors.RoutingError: travel model: durations: from 'b' to 'a' is -5; ...
        """
        if isinstance(durations, Mapping):
            if places is not None:
                raise RoutingError(
                    "places= is only for a sequence of rows; the keys of a mapping are its places",
                    record=_RECORD,
                )
            keys: tuple[Hashable, ...] = tuple(durations)
            duration_rows: Any = _rows_of_mapping(durations, keys, "durations")
        elif places is None:
            raise RoutingError(
                "a sequence of rows needs places=, the place of each row and column",
                record=_RECORD,
            )
        else:
            keys = _to_places(places)
            duration_rows = _to_rows(durations)
        if isinstance(distances, Mapping):
            distance_rows: Any = _rows_of_mapping(distances, keys, "distances")
        else:
            distance_rows = distances
        return cls(keys, duration_rows, distances=distance_rows)

    # -- lookups --------------------------------------------------------------------------

    @property
    def has_distances(self) -> bool:
        """Whether distances are known (otherwise :meth:`distance` returns ``None``).

        Examples:
            >>> TravelModel.from_matrix([[0, 60], [90, 0]], places=["a", "b"]).has_distances
            False
        """
        return self._distances is not None

    def index(self, place: Hashable) -> int:
        """The row (and column) of ``place`` in the matrices.

        Raises:
            RoutingError: If ``place`` is not a place of the model.

        Examples:
            >>> TravelModel.from_matrix([[0, 1], [1, 0]], places=["a", "b"]).index("b")
            1
        """
        return self._indices((place,))[0]

    def duration(self, origin: Hashable, destination: Hashable) -> float:
        """Seconds from ``origin`` to ``destination``.

        Raises:
            RoutingError: If either is not a place of the model (both are named).

        Examples:
            >>> TravelModel.from_matrix([[0, 60], [90, 0]], places=["a", "b"]).duration("b", "a")
            90.0
        """
        try:
            return self._durations[self._index[origin]][self._index[destination]]
        except (KeyError, TypeError):
            self._indices((origin, destination))
            raise  # pragma: no cover  (_indices raised)

    def distance(self, origin: Hashable, destination: Hashable) -> float | None:
        """Metres from ``origin`` to ``destination``, or ``None`` if distances are unknown.

        Raises:
            RoutingError: If either is not a place of the model (both are named).

        Examples:
            >>> model = TravelModel.from_matrix(
            ...     [[0, 60], [90, 0]], [[0, 1000], [1200, 0]], places=["a", "b"]
            ... )
            >>> model.distance("b", "a")
            1200.0
        """
        i, j = self._indices((origin, destination))
        return None if self._distances is None else self._distances[i][j]

    def durations_matrix(self) -> list[list[float]]:
        """A copy of the durations, in seconds: row ``i`` is ``places[i]``.

        Examples:
            >>> TravelModel.from_matrix([[0, 60], [90, 0]], places=["a", "b"]).durations_matrix()
            [[0.0, 60.0], [90.0, 0.0]]
        """
        return [list(row) for row in self._durations]

    def distances_matrix(self) -> list[list[float]] | None:
        """A copy of the distances in metres, or ``None`` if they are unknown.

        Examples:
            >>> model = TravelModel.from_matrix(
            ...     [[0, 60], [90, 0]], [[0, 800], [950, 0]], places=["a", "b"]
            ... )
            >>> model.distances_matrix()
            [[0.0, 800.0], [950.0, 0.0]]
        """
        return None if self._distances is None else [list(row) for row in self._distances]

    def sub(self, places: Iterable[Hashable]) -> TravelModel:
        """The model restricted to ``places`` (repeats kept once), in the order given.

        Raises:
            RoutingError: If some are not places of the model (all are named).

        Examples:
            >>> model = TravelModel.from_matrix(
            ...     [[0, 1, 2], [3, 0, 4], [5, 6, 0]], places=["a", "b", "c"]
            ... )
            >>> model.sub(["c", "a"]).durations_matrix()
            [[0.0, 5.0], [2.0, 0.0]]
        """
        keys = tuple(dict.fromkeys(self._hashable(places)))
        at = self._indices(keys)
        durations = [[self._durations[i][j] for j in at] for i in at]
        distances = (
            None if self._distances is None else [[self._distances[i][j] for j in at] for i in at]
        )
        return TravelModel(keys, durations, distances=distances)

    def route_duration(self, route: Iterable[Hashable]) -> float:
        """Seconds to travel along ``route``, place after place (0 for fewer than two).

        A closed tour lists its start again at the end.

        Raises:
            RoutingError: If some are not places of the model (all are named).

        Examples:
            >>> model = TravelModel.from_matrix([[0, 60], [90, 0]], places=["a", "b"])
            >>> model.route_duration(["a", "b", "a"])
            150.0
        """
        at = self._indices(tuple(route))
        durations = self._durations
        return sum((durations[i][j] for i, j in itertools.pairwise(at)), 0.0)

    def route_distance(self, route: Iterable[Hashable]) -> float | None:
        """Metres along ``route`` (0 for fewer than two places), ``None`` if unknown.

        Raises:
            RoutingError: If some are not places of the model (all are named).

        Examples:
            >>> model = TravelModel.from_matrix(
            ...     [[0, 60], [90, 0]], [[0, 800], [950, 0]], places=["a", "b"]
            ... )
            >>> model.route_distance(["a", "b", "a"])
            1750.0
        """
        at = self._indices(tuple(route))
        if self._distances is None:
            return None
        distances = self._distances
        return sum((distances[i][j] for i, j in itertools.pairwise(at)), 0.0)

    def __contains__(self, place: object) -> bool:
        try:
            return place in self._index
        except TypeError:
            return False

    def __len__(self) -> int:
        return len(self.places)

    def __repr__(self) -> str:
        known = "distances in m" if self._distances is not None else "distances unknown"
        return f"<TravelModel: {len(self.places)} places, durations in s, {known}>"

    # -- internals ------------------------------------------------------------------------

    def _hashable(self, places: Iterable[Hashable]) -> list[Hashable]:
        items = list(places)
        bad = [repr(p) for p in items if not _is_hashable(p)]
        if bad:
            raise RoutingError(
                f"not places of this model (unhashable): {_listing(bad)}", record=_RECORD
            )
        return items

    def _indices(self, places: Sequence[Hashable]) -> list[int]:
        """The index of each place; one error naming every unknown place."""
        index = self._index
        try:
            return [index[p] for p in places]
        except (KeyError, TypeError):
            pass
        unknown = list(dict.fromkeys(repr(p) for p in places if p not in self))
        raise RoutingError(
            f"{'is not a place' if len(unknown) == 1 else 'are not places'} of this model "
            f"({len(self.places)} places): {_listing(unknown)}",
            record=_RECORD,
        )


# -- from_matrix ------------------------------------------------------------------------


def _rows_of_mapping(
    matrix: Mapping[Hashable, Any], keys: tuple[Hashable, ...], what: str
) -> list[list[Any]]:
    """Rows aligned with ``keys`` from ``matrix[a][b]``; every gap and extra is named."""
    problems: list[str] = []
    wanted = set(keys)
    extra_rows = [repr(k) for k in matrix if k not in wanted]
    if extra_rows:
        problems.append(f"rows for places that are not in the matrix: {_listing(extra_rows)}")
    rows: list[list[Any]] = []
    for here in keys:
        row = matrix.get(here)
        if not isinstance(row, Mapping):
            problems.append(
                f"no row for {here!r}" if row is None else f"the row of {here!r} is not a mapping"
            )
            continue
        missing = [repr(there) for there in keys if there not in row]
        if missing:
            problems.append(f"nothing from {here!r} to {_listing(missing)}")
        extra = [repr(there) for there in row if there not in wanted]
        if extra:
            problems.append(
                f"the row of {here!r} names places that are not in the matrix: {_listing(extra)}"
            )
        rows.append([row.get(there, math.nan) for there in keys])
    _raise_problems(problems, what)
    return rows


# -- from_graph -------------------------------------------------------------------------


def _graph_places(
    G: Any,  # noqa: N803
    places: Iterable[Hashable] | Mapping[Hashable, Hashable] | None,
) -> tuple[tuple[Hashable, ...], list[Hashable]]:
    """The model's keys and each key's node; every place not in ``G`` is named."""
    if places is None:
        nodes = list(G)
        return tuple(nodes), nodes
    if isinstance(places, Mapping):
        keys = tuple(places)
        nodes = [places[key] for key in keys]
        missing = [
            f"{key!r} (node {node!r})"
            for key, node in zip(keys, nodes, strict=True)
            if not (_is_hashable(node) and node in G)
        ]
    else:
        if isinstance(places, str | bytes) or not isinstance(places, Iterable):
            raise RoutingError(
                f"expected places to be nodes or a mapping of place to node, got {places!r}",
                record=_RECORD,
            )
        given = list(places)
        unhashable = [repr(node) for node in given if not _is_hashable(node)]
        if unhashable:
            raise RoutingError(
                f"places are not nodes of the graph (unhashable): {_listing(unhashable)}",
                record=_RECORD,
            )
        nodes = list(dict.fromkeys(given))
        keys = tuple(nodes)
        missing = [repr(node) for node in nodes if node not in G]
    if missing:
        raise RoutingError(
            f"{len(missing)} place{'s are' if len(missing) > 1 else ' is'} not "
            f"node{'s' if len(missing) > 1 else ''} of the graph: {_listing(missing)}",
            record=_RECORD,
        )
    return keys, nodes


def _node_labels(keys: tuple[Hashable, ...], nodes: list[Hashable]) -> dict[Hashable, str]:
    """How to name each node in a message: the node, or its first key and the node."""
    labels: dict[Hashable, str] = {}
    for key, node in zip(keys, nodes, strict=True):
        if node not in labels:
            labels[node] = repr(node) if key == node else f"{key!r} (node {node!r})"
    return labels


def _edge_name(u: Hashable, v: Hashable, key: Hashable, multi: bool) -> str:
    return f"edge ({u!r}, {v!r}, {key!r})" if multi else f"edge ({u!r}, {v!r})"


def _edge_value(data: Any, attribute: str) -> float | None:
    """The edge's ``attribute`` as a float >= 0, or ``None`` if it is missing or invalid."""
    try:
        value = data[attribute]
    except (KeyError, TypeError):
        return None
    number = _as_float(value)
    return number if 0 <= number < math.inf else None


def _bad_edge(data: Any, attribute: str, edge: str) -> RoutingError:
    """The error for an edge whose ``attribute`` :func:`_edge_value` refused."""
    try:
        value = data[attribute]
    except (KeyError, TypeError):
        return RoutingError(
            f"has no {attribute!r} attribute; expected a number >= 0 on every edge",
            record=edge,
        )
    return RoutingError(f"{attribute!r} is {value!r}; expected a finite number >= 0", record=edge)


#: A node's outgoing edges as ``(neighbour number, seconds, metres)``.
Row = list[tuple[int, float, float]]
#: The labels a search leaves: each node's best seconds and metres (``inf`` if unreached).
Labels = tuple[list[float], list[float]]


def _shortest_paths(
    G: Any,  # noqa: N803
    sources: list[Hashable],
    labels: Mapping[Hashable, str],
    *,
    weight: str,
    length: str | None,
    buckets: float | bool = True,
) -> tuple[list[list[float]], list[list[float]] | None]:
    """Times and lengths of the fastest paths between every pair of ``sources``.

    Nodes are numbered once so the searches run on lists; each node's outgoing edges are
    turned into a :data:`Row` the first time a search settles it (checking the attributes
    then), and that row is reused by later searches.

    The first searches use a binary heap (:func:`_heap_search`). Once the searches have
    read at least half the graph's rows, the rest are read too (quietly: a row with a bad
    edge is left for a search to report) and, if every edge then takes at least
    ``2 w > 0`` seconds, the remaining searches use a bucket queue of width ``w``
    (:func:`_bucket_search`), which gives the same labels without a heap.
    ``buckets=False`` keeps to the heap; a number is a width to use from the start (the
    tests use both; a width too wide for some edge falls back to the heap, exactly).
    """
    k = len(sources)
    directed = G.is_directed()
    multi = G.is_multigraph()
    # The raw adjacency dicts networkx's own shortest-path code reads (G.adj wraps each
    # level in a read-only view, which triples the cost of reading a large graph).
    adjacency = G._succ if directed else G._adj
    node_of: list[Hashable] = list(G)
    n = len(node_of)
    number = {node: i for i, node in enumerate(node_of)}
    rows: list[Row | None] = [None] * n
    built = 0
    inf = math.inf

    def edge_costs(data: Any, u: Hashable, v: Hashable, key: Hashable) -> tuple[float, float]:
        try:  # the common case first: both attributes plain floats in range
            seconds = data[weight]
            metres = 0.0 if length is None else data[length]
            if (
                type(seconds) is float
                and type(metres) is float
                and 0.0 <= seconds < inf
                and 0.0 <= metres < inf
            ):
                return seconds, metres
        except (KeyError, TypeError):
            pass
        checked_seconds = _edge_value(data, weight)
        checked_metres = 0.0 if length is None else _edge_value(data, length)
        if checked_seconds is None or checked_metres is None:
            attribute = weight if checked_seconds is None else length
            raise _bad_edge(data, str(attribute), _edge_name(u, v, key, multi))
        return checked_seconds, checked_metres

    def row_of(u: int) -> Row:
        nonlocal built
        node = node_of[u]
        row: Row = []
        for neighbour, data in adjacency[node].items():
            v = number[neighbour]
            if v == u:
                continue  # a self-loop never shortens a path (weights are >= 0)
            if not multi:
                seconds, metres = edge_costs(data, node, neighbour, None)
            elif len(data) == 1:
                ((key, edge),) = data.items()
                seconds, metres = edge_costs(edge, node, neighbour, key)
            else:
                seconds, metres = min(
                    edge_costs(edge, node, neighbour, key) for key, edge in data.items()
                )
            row.append((v, seconds, metres))
        rows[u] = row
        built += 1
        return row

    def shortest_edge() -> float:
        """Read every row not read yet (leaving bad ones unread); the least seconds."""
        for u in range(n):
            if rows[u] is None:
                with contextlib.suppress(RoutingError):  # reported if a search settles u
                    row_of(u)
        # Lay the rows out afresh in node order: the searches walk them faster (~15 %
        # on the benchmark's grid) than in the order the first searches happened to read.
        rows[:] = [None if row is None else [(v, dt, dm) for v, dt, dm in row] for row in rows]
        return min((dt for row in rows if row is not None for _, dt, _ in row), default=inf)

    times = [[0.0] * k for _ in range(k)]
    metres_matrix = [[0.0] * k for _ in range(k)]
    unreachable: list[str] = []
    source_numbers = [number[s] for s in sources]
    # slot[u] >= 0 while u is a place some search still looks for; on an undirected graph
    # search i only looks for the places after i, so a searched source leaves the slots.
    slot = [-1] * n
    for j, s in enumerate(source_numbers):
        slot[s] = j
    undecided = buckets is True
    width = None if isinstance(buckets, bool) else float(buckets)
    for i, s in enumerate(source_numbers):
        slot[s] = -1
        wanted = [j for j in range(k) if slot[source_numbers[j]] >= 0]
        if not wanted:
            continue
        found: Labels | None = None
        if width is not None:
            found = _bucket_search(s, rows, row_of, slot, len(wanted), 1.0 / width)
            if found is None:  # an edge shorter than the buckets: never again this call
                width = None
        if found is None:
            found = _heap_search(s, rows, row_of, slot, len(wanted))
        if directed:
            slot[s] = i
        best_time, best_metres = found
        for j in wanted:
            node = source_numbers[j]
            times[i][j] = best_time[node]
            metres_matrix[i][j] = best_metres[node]
            if not directed:
                times[j][i] = best_time[node]
                metres_matrix[j][i] = best_metres[node]
        if any(best_time[source_numbers[j]] == inf for j in wanted):
            arrow = " -> " if directed else " <-> "
            here = labels[sources[i]]
            unreachable.extend(
                here + arrow + labels[sources[j]]
                for j in wanted
                if best_time[source_numbers[j]] == inf
            )
        if undecided and 2 * built >= n:
            undecided = False
            half = shortest_edge() / 2
            width = half if 1e-300 < half < inf else None
    if unreachable:
        kind = "from -> to" if directed else "either way"
        raise RoutingError(
            f"no path for {len(unreachable)} pair{'s' if len(unreachable) > 1 else ''} of "
            f"places ({kind}): {_listing(unreachable)}; expected every place to reach every "
            "other",
            record=_RECORD,
        )
    return times, (None if length is None else metres_matrix)


def _heap_search(
    source: int,
    rows: list[Row | None],
    row_of: Callable[[int], Row],
    slot: list[int],
    left: int,
) -> Labels:
    """Dijkstra from ``source`` with labels ordered by (seconds, metres) in a binary heap.

    Stops once it has settled the ``left`` nodes whose ``slot`` is >= 0 (or run out of
    nodes). Every label it settles is final: the least (seconds, metres) over the paths.
    """
    inf = math.inf
    best_time = [inf] * len(rows)
    best_metres = [inf] * len(rows)
    best_time[source] = best_metres[source] = 0.0
    heap: list[tuple[float, float, int]] = [(0.0, 0.0, source)]
    heappush, heappop = heapq.heappush, heapq.heappop
    while heap:
        t, m, u = heappop(heap)
        if t > best_time[u] or m > best_metres[u]:
            continue  # a stale label: u was reached faster (or as fast but shorter)
        if slot[u] >= 0:
            left -= 1
            if not left:
                break
        row = rows[u]
        if row is None:
            row = row_of(u)
        for v, dt, dm in row:
            nt = t + dt
            if nt <= best_time[v]:
                nm = m + dm
                if nt < best_time[v] or nm < best_metres[v]:
                    best_time[v] = nt
                    best_metres[v] = nm
                    heappush(heap, (nt, nm, v))
    return best_time, best_metres


def _bucket_search(
    source: int,
    rows: list[Row | None],
    row_of: Callable[[int], Row],
    slot: list[int],
    left: int,
    per_second: float,
) -> Labels | None:
    """:func:`_heap_search`'s labels from a bucket queue, or ``None`` if it cannot.

    Node ``v`` waits in bucket ``int(seconds * per_second)``; buckets are emptied in
    order, each in any order. That settles every node with its final label as long as no
    edge leads from a bucket back into itself, which holds when every edge takes at least
    two bucket widths; the search checks it on every improvement and returns ``None``
    (labels possibly wrong) the moment it fails, and on arithmetic overflow.

    Why the labels are exactly the heap's: ``int(x * per_second)`` never decreases as
    ``x`` grows, so a node in a later bucket is strictly slower than every node in an
    earlier one, and an edge out of it cannot improve them. Within one bucket nothing
    improves anything (checked), so each node is settled with the least label offered by
    the nodes settled before it, the same offers, hence the same label, as in the heap.
    """
    inf = math.inf
    best_time = [inf] * len(rows)
    best_metres = [inf] * len(rows)
    best_time[source] = best_metres[source] = 0.0
    done = [False] * len(rows)
    order = [0]
    pending = {0: [source]}
    heappush, heappop = heapq.heappush, heapq.heappop
    try:
        while order:
            b = heappop(order)
            for u in pending.pop(b):
                if done[u]:
                    continue  # settled already, from this bucket or an earlier one
                done[u] = True
                if slot[u] >= 0:
                    left -= 1
                    if not left:
                        return best_time, best_metres
                t = best_time[u]
                m = best_metres[u]
                row = rows[u]
                if row is None:
                    row = row_of(u)
                for v, dt, dm in row:
                    nt = t + dt
                    if nt <= best_time[v]:
                        nm = m + dm
                        if nt < best_time[v] or nm < best_metres[v]:
                            best_time[v] = nt
                            best_metres[v] = nm
                            c = int(nt * per_second)
                            if c <= b:
                                return None  # an edge within one bucket: order matters
                            bucket = pending.get(c)
                            if bucket is None:
                                pending[c] = [v]
                                heappush(order, c)
                            else:
                                bucket.append(v)
    except OverflowError:  # a sum of huge times reached inf
        return None
    return best_time, best_metres
