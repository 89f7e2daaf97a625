"""A small reader for TSPLIB files: ``.tsp`` instances (EUC_2D) and ``.opt.tour`` tours.

Benchmarks only; not part of the library's API. Distances follow TSPLIB's EUC_2D rule,
``d(i, j) = nint(sqrt((xi - xj)^2 + (yi - yj)^2))`` with ``nint(x) = int(x + 0.5)``.
"""

from __future__ import annotations

import math
from itertools import pairwise
from pathlib import Path

import attrs
import networkx as nx


@attrs.frozen
class Instance:
    """A TSPLIB instance: its name and the coordinates of nodes ``1..n``."""

    name: str
    coordinates: dict[int, tuple[float, float]]

    @property
    def n(self) -> int:
        """The number of nodes."""
        return len(self.coordinates)

    def distance(self, i: int, j: int) -> int:
        """The EUC_2D distance between nodes ``i`` and ``j``."""
        (xi, yi), (xj, yj) = self.coordinates[i], self.coordinates[j]
        return int(math.sqrt((xi - xj) ** 2 + (yi - yj) ** 2) + 0.5)

    def graph(self) -> nx.Graph:
        """The complete graph, with the distance as every edge's ``weight``."""
        graph = nx.Graph()
        nodes = sorted(self.coordinates)
        graph.add_nodes_from(nodes)
        graph.add_weighted_edges_from(
            (i, j, self.distance(i, j)) for a, i in enumerate(nodes) for j in nodes[a + 1 :]
        )
        return graph

    def length(self, tour: list[int]) -> int:
        """The length of a tour (closed or not: the closing leg is always counted)."""
        cycle = tour if tour[0] == tour[-1] else [*tour, tour[0]]
        return sum(self.distance(u, v) for u, v in pairwise(cycle))


def _header_and_body(path: Path, section: str) -> tuple[dict[str, str], list[str]]:
    header: dict[str, str] = {}
    body: list[str] = []
    in_body = False
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if in_body:
            body.append(line)
        elif line.startswith(section):
            in_body = True
        elif ":" in line:
            key, value = line.split(":", 1)
            header[key.strip()] = value.strip()
    return header, body


def read_instance(path: Path) -> Instance:
    """Read a ``.tsp`` file with ``EDGE_WEIGHT_TYPE: EUC_2D`` node coordinates."""
    header, body = _header_and_body(path, "NODE_COORD_SECTION")
    kind = header.get("EDGE_WEIGHT_TYPE")
    if kind != "EUC_2D":
        raise ValueError(f"{path.name}: expected EDGE_WEIGHT_TYPE EUC_2D, got {kind}")
    coordinates: dict[int, tuple[float, float]] = {}
    for line in body:
        number, x, y = line.split()[:3]
        coordinates[int(number)] = (float(x), float(y))
    dimension = int(header["DIMENSION"])
    if len(coordinates) != dimension:
        raise ValueError(f"{path.name}: DIMENSION {dimension}, found {len(coordinates)} nodes")
    return Instance(name=header.get("NAME", path.stem), coordinates=coordinates)


def read_tour(path: Path) -> list[int]:
    """Read a ``.opt.tour`` file: the node numbers of its TOUR_SECTION, up to ``-1``."""
    _, body = _header_and_body(path, "TOUR_SECTION")
    tour: list[int] = []
    for line in body:
        for token in line.split():
            if token == "-1":
                return tour
            tour.append(int(token))
    return tour
