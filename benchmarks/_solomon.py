"""A small reader for Solomon VRPTW instances in VRPLIB format, and their ``.sol`` files.

Benchmarks only; not part of the library's API. The DIMACS convention applies: the
distance between two nodes is the Euclidean distance truncated to one decimal, and it
is both the travel time (one unit = one second from an arbitrary horizon start) and the
distance; the objective is total distance.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum

from deepmarketing.routing import Delivery, DeliveryProblem, TravelModel, Vehicle

#: Where every instance's clock starts (any time-zone-aware time would do).
HORIZON_START = pendulum.datetime(2026, 1, 5, tz="UTC")


def truncated(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The DIMACS distance: Euclidean, truncated to one decimal."""
    return math.floor(10 * math.hypot(a[0] - b[0], a[1] - b[1])) / 10


@attrs.frozen
class Instance:
    """A Solomon instance as read from its VRPLIB file (node 1 is the depot)."""

    name: str
    vehicles: int
    capacity: int
    service: int
    coordinates: dict[int, tuple[float, float]]
    demands: dict[int, int]
    windows: dict[int, tuple[int, int]]
    depot: int

    def problem(self) -> DeliveryProblem:
        """The instance as a :class:`DeliveryProblem` with the distance objective."""
        nodes = sorted(self.coordinates)
        rows = [[truncated(self.coordinates[i], self.coordinates[j]) for j in nodes] for i in nodes]
        travel = TravelModel.from_matrix(rows, rows, places=nodes)
        start = HORIZON_START
        at = start.add
        opens, closes = self.windows[self.depot]
        deliveries = [
            Delivery(
                node - 1,  # the .sol files number customers from 1, the depot being 0
                node,
                demand=Decimal(self.demands[node]),
                service=pendulum.duration(seconds=self.service),
                windows=[(at(seconds=self.windows[node][0]), at(seconds=self.windows[node][1]))],
            )
            for node in nodes
            if node != self.depot
        ]
        vehicles = [Vehicle(f"V{k + 1:02d}", Decimal(self.capacity)) for k in range(self.vehicles)]
        return DeliveryProblem(
            travel,
            self.depot,
            vehicles=vehicles,
            deliveries=deliveries,
            start=at(seconds=opens),
            end=at(seconds=closes),
            objective="distance",
        )


def read_instance(path: Path) -> Instance:
    """Read a VRPLIB ``.vrp`` file of type CVRPTW with EUC_2D coordinates."""
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            current = sections.setdefault(line, [])
        elif ":" in line and current is None:
            key, value = line.split(":", 1)
            header[key.strip()] = value.strip()
        elif current is not None:
            current.append(line.split())
    coordinates = {int(r[0]): (float(r[1]), float(r[2])) for r in sections["NODE_COORD_SECTION"]}
    demands = {int(r[0]): int(r[1]) for r in sections["DEMAND_SECTION"]}
    windows = {int(r[0]): (int(r[1]), int(r[2])) for r in sections["TIME_WINDOW_SECTION"]}
    depots = [int(r[0]) for r in sections["DEPOT_SECTION"] if r[0] != "-1"]
    if int(header["DIMENSION"]) != len(coordinates):
        raise ValueError(f"{path.name}: DIMENSION {header['DIMENSION']}, {len(coordinates)} nodes")
    return Instance(
        name=header.get("NAME", path.stem),
        vehicles=int(header["VEHICLES"]),
        capacity=int(header["CAPACITY"]),
        service=int(header.get("SERVICE_TIME", "0")),
        coordinates=coordinates,
        demands=demands,
        windows=windows,
        depot=depots[0],
    )


def read_solution(path: Path) -> tuple[list[list[int]], float]:
    """Read a ``.sol`` file: its routes (customers numbered from 1) and its stated cost."""
    routes: list[list[int]] = []
    cost = math.nan
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line.startswith("Route"):
            routes.append([int(token) for token in line.split(":", 1)[1].split()])
        elif line.startswith("Cost"):
            cost = float(line.split()[1])
    return routes, cost
