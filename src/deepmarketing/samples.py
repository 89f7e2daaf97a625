"""A deterministic sample company for tests, examples and the demo.

:func:`sample_company` builds a feed manufacturer in Henan province with a VP of sales,
3 districts of 3 regions each, 5 customer consultants per region and about 40 customers
per consultant (dealers, sub-dealers, retailers and farms), every customer placed on a
synthetic road network. The same ``seed`` always gives the same company; nothing reads
the clock or global random state.

The history has the moves a real field force has, so effective-dated queries have
something to answer (with the default sizes; ``history=False`` leaves them out):

* 2026-04-01: the top consultant of ``D2-R3`` is promoted to regional manager of
  ``D2-R3``; the old manager moves to manage region ``D3-R1``, whose manager left on
  2026-03-31.
* 2026-06-30: the last consultant of ``D1-R2`` leaves; the regional manager covers the
  customers from 2026-07-01 to 2026-07-14.
* 2026-07-15: the last consultant of ``D1-R1`` transfers to ``D1-R2`` and takes over the
  vacant territory; a new hire takes over the old one the same day.

The road network follows osmnx's conventions: a :class:`networkx.MultiDiGraph` whose
nodes carry ``x`` (longitude) and ``y`` (latitude) and whose edges carry ``length`` in
metres and ``travel_time`` in seconds (plus ``speed_kph`` and ``highway``). Every node
can reach every other. Holidays in :attr:`SampleCompany.calendar` are illustrative, not
an official calendar.

Examples:
    >>> from deepmarketing.samples import sample_company
    >>> company = sample_company()
    >>> len(company.org.units), len(company.org.customers)
    (13, 1800)
    >>> company.org.owner_of("C-D1-R1-C1-01", as_of=company.as_of).name
    'Zheng Yong'
"""

from __future__ import annotations

import math
import random
import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import networkx as nx
import pendulum

from .errors import OrganizationError, RoutingError
from .org import (
    Assignment,
    Customer,
    CustomerKind,
    GeoPoint,
    Level,
    Organization,
    Person,
    Role,
    TerritoryAssignment,
    Unit,
)
from .periods import WorkCalendar
from .quantities import DECIMAL_CONTEXT

__all__ = [
    "SampleCompany",
    "sample_company",
    "sample_day",
    "sample_period",
    "sample_transactions",
]

_SURNAMES = [
    "Zhao",
    "Qian",
    "Sun",
    "Li",
    "Zhou",
    "Wu",
    "Zheng",
    "Wang",
    "Feng",
    "Chen",
    "Chu",
    "Wei",
    "Jiang",
    "Shen",
    "Han",
    "Yang",
    "Zhu",
    "Qin",
    "You",
    "Xu",
    "He",
    "Lü",
    "Shi",
    "Zhang",
    "Kong",
    "Cao",
    "Yan",
    "Hua",
    "Jin",
    "Tao",
]
_GIVEN = [
    "Wei",
    "Fang",
    "Min",
    "Jing",
    "Li",
    "Qiang",
    "Lei",
    "Jun",
    "Yang",
    "Yong",
    "Yan",
    "Jie",
    "Tao",
    "Ming",
    "Chao",
    "Xiu",
    "Xia",
    "Ping",
    "Gang",
    "Hui",
    "Hong",
    "Bo",
    "Lin",
    "Ning",
    "Peng",
    "Rui",
    "Shan",
    "Ting",
    "Xin",
    "Yu",
]
_DISTRICT_NAMES = ("Yubei", "Yuzhong", "Yunan", "Yuxi", "Yudong")
_TOWNS = [
    "Xinxiang",
    "Hebi",
    "Anyang",
    "Jiaozuo",
    "Puyang",
    "Kaifeng",
    "Zhengzhou",
    "Xuchang",
    "Luohe",
    "Zhoukou",
    "Pingdingshan",
    "Nanyang",
    "Zhumadian",
    "Xinyang",
    "Luoyang",
    "Sanmenxia",
    "Shangqiu",
    "Jiyuan",
    "Huaxian",
    "Qixian",
    "Weihui",
    "Huixian",
    "Changyuan",
    "Fengqiu",
    "Yanjin",
    "Huojia",
    "Wuzhi",
    "Boai",
    "Qinyang",
    "Mengzhou",
]
_KIND_WORDS = {
    CustomerKind.DEALER: "Feed Trading Co.",
    CustomerKind.SUB_DEALER: "Feed Distribution",
    CustomerKind.RETAILER: "Feed Store",
    CustomerKind.END_CUSTOMER: "Farm",
}
# Share of each consultant's customers by kind: a few dealers, many farms.
_KIND_MIX = (
    (CustomerKind.DEALER, 0.05),
    (CustomerKind.SUB_DEALER, 0.15),
    (CustomerKind.RETAILER, 0.30),
    (CustomerKind.END_CUSTOMER, 0.50),
)
# Prior-year sales range per kind, in yuan.
_SALES_RANGE = {
    CustomerKind.DEALER: (1_500_000, 4_000_000),
    CustomerKind.SUB_DEALER: (300_000, 900_000),
    CustomerKind.RETAILER: (60_000, 250_000),
    CustomerKind.END_CUSTOMER: (20_000, 600_000),
}
_ORIGIN = GeoPoint(34.40, 112.60)  # south-west corner of the map
_KM_PER_DEG_LAT = 111.32
_ROAD_SPACING_KM = 1.5
_CELL_KM = (12.0, 18.0)  # a consultant's territory: width (east-west), height (north-south)
_LOCAL_KPH = 40.0
_ARTERIAL_KPH = 70.0
_START = pendulum.Date(2024, 1, 1)
_CENT = Decimal("0.01")


# Read-only copies, so the frozen sample cannot be changed through its mappings.


def _read_only_nodes(value: Mapping[str, int]) -> Mapping[str, int]:
    return types.MappingProxyType(dict(value))


def _read_only_amounts(value: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    return types.MappingProxyType(dict(value))


@attrs.frozen
class SampleCompany:
    """The sample company: its organization, road network and figures for examples.

    Attributes:
        org: The validated organization, with its history of moves.
        roads: The road network (osmnx conventions, see the module docstring).
        as_of: The sample's "today", 2026-07-01: the day the demo and examples ask about.
        calendar: A work calendar for 2026 with illustrative holidays and make-up days.
        homes: Each person's home node on ``roads`` (where their working day starts).
        offices: Each unit's office node on ``roads``.
        prior_year_sales: Each customer's 2025 sales in yuan (a target-allocation driver).
        market_potential: Each customer's estimated yearly potential in yuan.

    The four mappings are read-only copies (:class:`types.MappingProxyType`): the
    sample is frozen, and they compare by content, so equal arguments still build
    equal samples.

    Examples:
        >>> company = sample_company()
        >>> company.as_of, company.calendar.is_workday(company.as_of)
        (Date(2026, 7, 1), True)
        >>> company.prior_year_sales["C-D1-R1-C1-01"], company.market_potential["C-D1-R1-C1-01"]
        (Decimal('764204.71'), Decimal('1192159.35'))
    """

    org: Organization
    roads: Any = attrs.field(eq=False)
    as_of: pendulum.Date
    calendar: WorkCalendar
    homes: Mapping[str, int] = attrs.field(converter=_read_only_nodes)
    offices: Mapping[str, int] = attrs.field(converter=_read_only_nodes)
    prior_year_sales: Mapping[str, Decimal] = attrs.field(converter=_read_only_amounts)
    market_potential: Mapping[str, Decimal] = attrs.field(converter=_read_only_amounts)


def sample_company(
    seed: int = 0,
    *,
    districts: int = 3,
    regions_per_district: int = 3,
    consultants_per_region: int = 5,
    customers_per_consultant: int = 40,
    history: bool = True,
) -> SampleCompany:
    """Build the deterministic sample feed company.

    Args:
        seed: Drives every random choice (names, places, kinds, figures, roads).
        districts: Number of districts under the VP (1 to 5).
        regions_per_district: Number of regions per district.
        consultants_per_region: Consultants per region at the start.
        customers_per_consultant: Customers per consultant (at most 60).
        history: Include the promotions, departure, transfer and new hire of 2026
            (needs at least 3 districts, 3 regions per district and 2 consultants per
            region).

    Returns:
        The sample company; the same arguments always give an equal one.

    Raises:
        OrganizationError: If a size is out of range.

    Examples:
        >>> small = sample_company(
        ...     districts=1,
        ...     regions_per_district=1,
        ...     consultants_per_region=2,
        ...     customers_per_consultant=5,
        ...     history=False,
        ... )
        >>> [p.id for p in small.org.members("HQ", as_of=small.as_of)]
        ['P-VP', 'P-D1-M', 'P-D1-R1-M', 'P-D1-R1-C1', 'P-D1-R1-C2']
    """
    _check_sizes(
        districts, regions_per_district, consultants_per_region, customers_per_consultant, history
    )
    rng = random.Random(seed)
    builder = _Builder(rng)
    roads, grid = _road_network(
        rng,
        columns=round(districts * consultants_per_region * _CELL_KM[0] / _ROAD_SPACING_KM),
        rows=round(regions_per_district * _CELL_KM[1] / _ROAD_SPACING_KM),
    )
    builder.unit("HQ", "Central Plains Feed Co.", None, Level.COMPANY)
    builder.manager("P-VP", "HQ", Role.VP_SALES)
    for d in range(1, districts + 1):
        district = f"D{d}"
        builder.unit(district, f"{_DISTRICT_NAMES[d - 1]} district", "HQ", Level.DISTRICT)
        builder.manager(f"P-{district}-M", district, Role.DISTRICT_MANAGER)
        for r in range(1, regions_per_district + 1):
            region = f"{district}-R{r}"
            town = _TOWNS[((d - 1) * regions_per_district + r - 1) % len(_TOWNS)]
            builder.unit(region, f"{town} region", district, Level.REGION)
            builder.manager(f"P-{region}-M", region, Role.REGIONAL_MANAGER)
            cells = []
            for c in range(1, consultants_per_region + 1):
                person = f"P-{region}-C{c}"
                builder.consultant(person, region)
                column = (d - 1) * consultants_per_region + (c - 1)
                cell = grid.cell(column, r - 1)
                cells.append(cell)
                builder.homes[person] = grid.centre_node(cell)
                for index, node in enumerate(
                    rng.sample(sorted(grid.nodes_in(cell)), customers_per_consultant), start=1
                ):
                    builder.customer(f"C-{region}-C{c}-{index:02d}", person, node, town, roads)
            builder.offices[region] = grid.centre_node(cells[len(cells) // 2])
            builder.homes[f"P-{region}-M"] = builder.offices[region]
        builder.offices[district] = builder.offices[
            f"{district}-R{(regions_per_district + 1) // 2}"
        ]
        builder.homes[f"P-{district}-M"] = builder.offices[district]
    builder.offices["HQ"] = builder.offices[f"D{(districts + 1) // 2}"]
    builder.homes["P-VP"] = builder.offices["HQ"]
    if history:
        builder.add_history(consultants_per_region)
    org = Organization.from_records(
        units=builder.units,
        people=builder.people,
        assignments=builder.assignments,
        customers=builder.customers,
        territories=builder.territories,
    )
    return SampleCompany(
        org=org,
        roads=roads,
        as_of=pendulum.Date(2026, 7, 1),
        calendar=_calendar_2026(),
        homes=builder.homes,
        offices=builder.offices,
        prior_year_sales=builder.sales,
        market_potential=builder.potential,
    )


def _check_sizes(
    districts: int, regions: int, consultants: int, customers: int, history: bool
) -> None:
    limits = {
        "districts": (districts, 1, len(_DISTRICT_NAMES)),
        "regions_per_district": (regions, 1, 10),
        "consultants_per_region": (consultants, 1, 20),
        "customers_per_consultant": (customers, 1, 60),
    }
    for name, (value, low, high) in limits.items():
        if not isinstance(value, int) or not low <= value <= high:
            raise OrganizationError(
                f"expected {name} between {low} and {high}, got {value!r}", record="sample company"
            )
    if history and (districts < 3 or regions < 3 or consultants < 2):
        raise OrganizationError(
            "history needs at least 3 districts, 3 regions per district and 2 consultants per "
            "region; pass history=False for a smaller company",
            record="sample company",
        )


class _Builder:
    """Collects the records of the sample company as it is laid out."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.units: list[Unit] = []
        self.people: list[Person] = []
        self.assignments: list[Assignment] = []
        self.customers: list[Customer] = []
        self.territories: list[TerritoryAssignment] = []
        self.homes: dict[str, int] = {}
        self.offices: dict[str, int] = {}
        self.sales: dict[str, Decimal] = {}
        self.potential: dict[str, Decimal] = {}
        self._names: set[str] = set()

    def name(self) -> str:
        while True:
            candidate = f"{self.rng.choice(_SURNAMES)} {self.rng.choice(_GIVEN)}"
            if candidate not in self._names:
                self._names.add(candidate)
                return candidate

    def hired_on(self, latest: pendulum.Date = _START) -> pendulum.Date:
        return pendulum.Date.fromordinal(latest.toordinal() - self.rng.randrange(0, 6 * 365))

    def unit(self, unit_id: str, name: str, parent: str | None, level: Level) -> None:
        self.units.append(Unit(unit_id, name, parent_id=parent, level=level))

    def manager(self, person_id: str, unit_id: str, role: Role) -> None:
        self.people.append(Person(person_id, self.name(), hired_on=self.hired_on()))
        self.assignments.append(Assignment(person_id, unit_id, role=role, start=_START))

    def consultant(self, person_id: str, unit_id: str) -> None:
        self.manager(person_id, unit_id, Role.CONSULTANT)

    def customer(self, customer_id: str, owner: str, node: int, town: str, roads: Any) -> None:
        rng = self.rng
        roll = rng.random()
        kind = _KIND_MIX[-1][0]
        for candidate, share in _KIND_MIX:
            if roll < share:
                kind = candidate
                break
            roll -= share
        low, high = _SALES_RANGE[kind]
        sales = DECIMAL_CONTEXT.multiply(Decimal(rng.randrange(low * 100, high * 100)), _CENT)
        priority = {
            CustomerKind.DEALER: 3,
            CustomerKind.SUB_DEALER: 2,
            CustomerKind.RETAILER: 1,
            CustomerKind.END_CUSTOMER: 2 if sales > 300_000 else 1,
        }[kind]
        attrs_of = roads.nodes[node]
        self.customers.append(
            Customer(
                customer_id,
                f"{town} {rng.choice(_GIVEN)}{rng.choice(_GIVEN).lower()} {_KIND_WORDS[kind]}",
                kind=kind,
                location=GeoPoint(attrs_of["y"], attrs_of["x"]),
                node=node,
                priority=priority,
            )
        )
        self.territories.append(TerritoryAssignment(customer_id, owner, start=_START))
        self.sales[customer_id] = sales
        uplift = DECIMAL_CONTEXT.divide(Decimal(rng.randrange(110, 181)), Decimal(100))
        self.potential[customer_id] = DECIMAL_CONTEXT.multiply(sales, uplift).quantize(
            _CENT, context=DECIMAL_CONTEXT
        )

    def _end(self, person_id: str, unit_id: str, last_day: pendulum.Date) -> None:
        for index, a in enumerate(self.assignments):
            if a.person_id == person_id and a.unit_id == unit_id and a.end is None:
                self.assignments[index] = attrs.evolve(a, end=last_day)
                return
        raise AssertionError(f"no open assignment of {person_id} in {unit_id}")  # pragma: no cover

    def _move_customers(
        self, old_owner: str, new_owner: str, first_day: pendulum.Date
    ) -> list[str]:
        moved = []
        last_day = pendulum.Date.fromordinal(first_day.toordinal() - 1)
        for index, t in enumerate(list(self.territories)):
            if t.person_id == old_owner and t.end is None:
                self.territories[index] = attrs.evolve(t, end=last_day)
                self.territories.append(
                    TerritoryAssignment(t.customer_id, new_owner, start=first_day)
                )
                moved.append(t.customer_id)
        return moved

    def add_history(self, consultants: int) -> None:
        # 2026-03-31: the manager of D3-R1 leaves; 2026-04-01: the manager of D2-R3 moves
        # there and the top consultant of D2-R3 is promoted in their place.
        april = pendulum.Date(2026, 4, 1)
        self._end("P-D3-R1-M", "D3-R1", pendulum.Date(2026, 3, 31))
        self._end("P-D2-R3-M", "D2-R3", pendulum.Date(2026, 3, 31))
        self.assignments.append(
            Assignment("P-D2-R3-M", "D3-R1", role=Role.REGIONAL_MANAGER, start=april)
        )
        self._end("P-D2-R3-C1", "D2-R3", pendulum.Date(2026, 3, 31))
        self.assignments.append(
            Assignment("P-D2-R3-C1", "D2-R3", role=Role.REGIONAL_MANAGER, start=april)
        )
        # The promoted consultant keeps their customers as the region's key accounts.
        # 2026-06-30: the last consultant of D1-R2 leaves; the regional manager covers.
        leaver = f"P-D1-R2-C{consultants}"
        self._end(leaver, "D1-R2", pendulum.Date(2026, 6, 30))
        covered = self._move_customers(leaver, "P-D1-R2-M", pendulum.Date(2026, 7, 1))
        # 2026-07-15: the last consultant of D1-R1 transfers to D1-R2 and takes over the
        # vacant territory; a new hire takes over the old one the same day.
        transfer = pendulum.Date(2026, 7, 15)
        mover = f"P-D1-R1-C{consultants}"
        self._end(mover, "D1-R1", pendulum.Date(2026, 7, 14))
        self.assignments.append(Assignment(mover, "D1-R2", role=Role.CONSULTANT, start=transfer))
        newcomer = f"P-D1-R1-C{consultants + 1}"
        self.people.append(Person(newcomer, self.name(), hired_on=transfer))
        self.assignments.append(Assignment(newcomer, "D1-R1", role=Role.CONSULTANT, start=transfer))
        self.homes[newcomer] = self.homes[mover]
        self._move_customers(mover, newcomer, transfer)
        last_day = pendulum.Date(2026, 7, 14)
        for index, t in enumerate(list(self.territories)):
            if t.customer_id in covered and t.person_id == "P-D1-R2-M" and t.end is None:
                self.territories[index] = attrs.evolve(t, end=last_day)
                self.territories.append(TerritoryAssignment(t.customer_id, mover, start=transfer))


@attrs.frozen
class _Grid:
    """Road nodes laid on a grid; territories are rectangles of grid cells."""

    columns: int
    rows: int
    cell_columns: int
    cell_rows: int
    alive: frozenset[int]

    def cell(self, column: int, row: int) -> tuple[int, int, int, int]:
        c0, r0 = column * self.cell_columns, row * self.cell_rows
        return (
            c0,
            r0,
            min(self.columns, c0 + self.cell_columns),
            min(self.rows, r0 + self.cell_rows),
        )

    def nodes_in(self, cell: tuple[int, int, int, int]) -> set[int]:
        c0, r0, c1, r1 = cell
        return {r * self.columns + c for r in range(r0, r1) for c in range(c0, c1)} & self.alive

    def centre_node(self, cell: tuple[int, int, int, int]) -> int:
        c0, r0, c1, r1 = cell
        cc, rc = (c0 + c1 - 1) / 2, (r0 + r1 - 1) / 2
        return min(
            self.nodes_in(cell),
            key=lambda n: ((n % self.columns - cc) ** 2 + (n // self.columns - rc) ** 2, n),
        )


def _road_network(rng: random.Random, *, columns: int, rows: int) -> tuple[Any, _Grid]:
    km_per_deg_lon = _KM_PER_DEG_LAT * math.cos(math.radians(_ORIGIN.lat))
    graph = nx.MultiDiGraph(crs="epsg:4326", name="sample roads")
    for r in range(rows):
        for c in range(columns):
            jitter_x, jitter_y = rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)
            graph.add_node(
                r * columns + c,
                x=round(_ORIGIN.lon + (c + jitter_x) * _ROAD_SPACING_KM / km_per_deg_lon, 6),
                y=round(_ORIGIN.lat + (r + jitter_y) * _ROAD_SPACING_KM / _KM_PER_DEG_LAT, 6),
            )

    def connect(u: int, v: int, arterial: bool) -> None:
        a = GeoPoint(graph.nodes[u]["y"], graph.nodes[u]["x"])
        b = GeoPoint(graph.nodes[v]["y"], graph.nodes[v]["x"])
        length = round(a.distance_to(b) * rng.uniform(1.02, 1.25), 1)
        speed = _ARTERIAL_KPH if arterial else _LOCAL_KPH
        for x, y in ((u, v), (v, u)):
            graph.add_edge(
                x,
                y,
                length=length,
                travel_time=round(length / (speed / 3.6), 1),
                speed_kph=speed,
                highway="primary" if arterial else "residential",
            )

    for r in range(rows):
        for c in range(columns):
            node = r * columns + c
            if c + 1 < columns:
                arterial = r % 6 == 3
                if arterial or rng.random() > 0.08:
                    connect(node, node + 1, arterial)
            if r + 1 < rows:
                arterial = c % 6 == 3
                if arterial or rng.random() > 0.08:
                    connect(node, node + columns, arterial)
    largest = max(
        nx.strongly_connected_components(graph), key=lambda nodes: (len(nodes), -min(nodes))
    )
    graph.remove_nodes_from([n for n in list(graph.nodes) if n not in largest])
    grid = _Grid(
        columns=columns,
        rows=rows,
        cell_columns=round(_CELL_KM[0] / _ROAD_SPACING_KM),
        cell_rows=round(_CELL_KM[1] / _ROAD_SPACING_KM),
        alive=frozenset(largest),
    )
    return graph, grid


def _calendar_2026() -> WorkCalendar:
    def days(month: int, first: int, last: int) -> set[pendulum.Date]:
        return {pendulum.Date(2026, month, d) for d in range(first, last + 1)}

    holidays = (
        days(1, 1, 2)
        | days(2, 16, 20)
        | days(2, 23, 23)
        | days(4, 6, 6)
        | days(5, 1, 1)
        | days(5, 4, 5)
        | days(6, 19, 19)
        | days(9, 25, 25)
        | days(10, 1, 2)
        | days(10, 5, 7)
    )
    extra = {
        pendulum.Date(2026, 2, 14),
        pendulum.Date(2026, 2, 28),
        pendulum.Date(2026, 5, 9),
        pendulum.Date(2026, 9, 27),
        pendulum.Date(2026, 10, 10),
    }
    return WorkCalendar(holidays=holidays, extra_workdays=extra)


_PURPOSES = {
    CustomerKind.DEALER: ("order", "collect", "order", "service"),
    CustomerKind.SUB_DEALER: ("order", "collect", "research"),
    CustomerKind.RETAILER: ("order", "service", "research"),
    CustomerKind.END_CUSTOMER: ("service", "develop", "complaint"),
}


def sample_day(
    company: SampleCompany,
    person: str = "P-D1-R1-C1",
    *,
    day: pendulum.Date | None = None,
    stops: int = 12,
    seed: int = 0,
    morning_meeting: bool = False,
) -> Any:
    """A day's visit problem for one consultant of the sample company.

    ``stops`` of the consultant's customers (chosen with ``seed``) are the candidates:
    dealers take longer visits and are worth more (the customer's priority), about a third
    of the stops have a two-hour window (a shop's opening hours, an appointment), and one
    in six of them, at most two, are required (a collection due, an agreed appointment).
    The shift runs 08:00 to 17:30 in Asia/Shanghai from the consultant's home, with a
    45-minute lunch between 11:30 and 13:30; travel comes from the sample road network.
    With ``morning_meeting``, the day starts at 09:00 from the regional office after the
    morning sales meeting (早会) and still ends at home.

    Args:
        company: The sample company.
        person: The consultant; their customers on ``day`` are the candidates.
        day: The day; the company's ``as_of`` when not given.
        stops: How many candidates, at most the customers the consultant owns.
        seed: Chooses the customers and their windows.
        morning_meeting: Start at the office at 09:00 instead of at home at 08:00.

    Returns:
        A :class:`~deepmarketing.routing.DayProblem`.

    Raises:
        RoutingError: If ``stops`` is more than the consultant's customers.

    Examples:
        >>> from deepmarketing.routing import plan_day
        >>> problem = sample_day(sample_company(), stops=8)
        >>> len(problem.stops), problem.start
        (8, 'home')
        >>> plan_day(problem).is_feasible()
        True
    """
    from .routing import Break, DayProblem, Stop, TravelModel

    when = day or company.as_of
    owned = sorted(company.org.customers_of(person, as_of=when), key=lambda c: c.id)
    if not 0 <= stops <= len(owned):
        raise RoutingError(
            f"expected 0 to {len(owned)} stops (the customers {person!r} owns), got {stops}",
            record="sample_day",
        )
    rng = random.Random(seed)
    chosen = sorted(rng.sample(owned, stops), key=lambda c: c.id)
    required = {c.id for c in rng.sample(chosen, min(stops, 12) // 6)}
    shift = pendulum.datetime(when.year, when.month, when.day, 8, tz="Asia/Shanghai")
    candidates = []
    for customer in chosen:
        windows = []
        if rng.random() < 1 / 3:
            opens = rng.choice((8, 9, 10, 13, 14, 15))
            windows.append((shift.set(hour=opens), shift.set(hour=opens + 2)))
        purpose = rng.choice(_PURPOSES[customer.kind])
        candidates.append(
            Stop(
                customer.id,
                service=pendulum.duration(
                    minutes=45 if customer.kind is CustomerKind.DEALER else rng.choice((20, 30))
                ),
                windows=windows,
                priority=customer.priority,
                required=customer.id in required,
                purpose=purpose,
            )
        )
    places = {"home": company.homes[person]} | {c.id: c.node for c in chosen}
    position = company.org.position_of(person, as_of=when)
    if morning_meeting and position is not None:
        places["office"] = company.offices[position.unit_id]
    return DayProblem(
        TravelModel.from_graph(company.roads, places),
        candidates,
        start="office" if "office" in places else "home",
        end="home",
        shift_start=shift.set(hour=9) if "office" in places else shift,
        shift_end=shift.set(hour=17, minute=30),
        lunch=Break(
            shift.set(hour=11, minute=30),
            shift.set(hour=13, minute=30),
            duration=pendulum.duration(minutes=45),
        ),
    )


def sample_period(
    company: SampleCompany,
    person: str = "P-D1-R1-C1",
    *,
    start: pendulum.Date | None = None,
    weeks: int = 4,
    seed: int = 0,
) -> Any:
    """A few weeks of visits to plan for one consultant of the sample company.

    Every customer the consultant owns on ``start`` is an account: dealers weekly,
    sub-dealers every two weeks, retailers and farms every four weeks (large farms every
    two). About one retailer in four is closed one weekday and about one account in five
    receives visits only in the morning (08:00-11:30) or the afternoon (14:00-17:00). The
    last visit lies somewhere in the last interval before ``start``. Days start and end at
    the consultant's home, 08:00 to 17:30 with a 45-minute lunch between 11:30 and 13:30,
    on the company's work calendar.

    Args:
        company: The sample company.
        person: The consultant.
        start: The first day of the window; the Monday on or after the company's
            ``as_of`` when not given.
        weeks: The window's length in weeks.
        seed: Chooses the last visits, the closed days and the windows.

    Returns:
        A :class:`~deepmarketing.routing.PeriodProblem`.

    Examples:
        >>> problem = sample_period(sample_company())
        >>> len(problem.accounts), problem.window
        (40, (Date(2026, 7, 6), Date(2026, 8, 2)))
    """
    from .routing import Account, Frequency, PeriodProblem, TravelModel

    first = start or company.as_of.add(days=(7 - company.as_of.weekday()) % 7)
    rng = random.Random(seed)
    owned = sorted(company.org.customers_of(person, as_of=first), key=lambda c: c.id)
    accounts = []
    for customer in owned:
        kind = customer.kind
        if kind is CustomerKind.DEALER:
            frequency = Frequency.per_week()
        elif kind is CustomerKind.SUB_DEALER or customer.priority >= 2:
            frequency = Frequency.per_fortnight()
        else:
            frequency = Frequency.per_month()
        weekdays = set(range(5))
        if kind is CustomerKind.RETAILER and rng.random() < 0.25:
            weekdays.discard(rng.randrange(5))
        windows: list[tuple[pendulum.Time, pendulum.Time]] = []
        roll = rng.random()
        if roll < 0.1:
            windows.append((pendulum.time(8), pendulum.time(11, 30)))
        elif roll < 0.2:
            windows.append((pendulum.time(14), pendulum.time(17)))
        interval = int(frequency.interval)
        accounts.append(
            Account(
                customer.id,
                frequency=frequency,
                weekdays=weekdays,
                windows=windows,
                service=pendulum.duration(minutes=45 if kind is CustomerKind.DEALER else 25),
                purpose="order" if kind is not CustomerKind.END_CUSTOMER else "service",
                priority=customer.priority,
                last_visit=first.subtract(days=rng.randint(1, interval)),
            )
        )
    places = {"home": company.homes[person]} | {c.id: c.node for c in owned}
    return PeriodProblem(
        TravelModel.from_graph(company.roads, places),
        accounts,
        window=(first, first.add(days=7 * weeks - 1)),
        calendar=company.calendar,
        start="home",
    )


def sample_transactions(company: SampleCompany, month: str = "2026-07", *, seed: int = 0) -> Any:
    """A simulated month of sales, collections and refunds for the sample company.

    About two customers in three buy during the month, each for roughly a twelfth of their
    prior-year sales (between a third and five thirds of it, to the cent); about three
    sales in four are paid within the month, most in full, some in part; about one sale in
    fifty is partly refunded. Transaction ids are ``S-``, ``K-`` and ``R-`` numbers; dates
    fall on the month's working days. Ids carry the month (``S-2026-07-00042``), so several
    months can be credited in one batch.

    Args:
        company: The sample company.
        month: The month, as a period string (``"2026-07"``).
        seed: Drives every choice.

    Returns:
        A tuple of :class:`~deepmarketing.incentives.Transaction`, in date order.

    Examples:
        >>> from deepmarketing.incentives import TransactionKind
        >>> july = sample_transactions(sample_company())
        >>> sorted({t.kind for t in july}) == sorted(TransactionKind)
        True
    """
    from .incentives import Transaction, TransactionKind
    from .periods import Period

    period = Period.parse(month)
    days = company.calendar.workdays(period)
    rng = random.Random(seed)
    made: list[Any] = []
    for number, customer in enumerate(sorted(company.org.customers, key=lambda c: c.id)):
        if rng.random() >= 2 / 3:
            continue
        yearly = company.prior_year_sales.get(customer.id, Decimal(0))
        factor = DECIMAL_CONTEXT.divide(Decimal(rng.randrange(33, 167)), Decimal(1200))
        amount = DECIMAL_CONTEXT.multiply(yearly, factor).quantize(_CENT, context=DECIMAL_CONTEXT)
        if amount <= 0:
            continue
        at = rng.randrange(len(days))
        sale = Transaction(f"S-{period}-{number:05d}", days[at], customer.id, amount)
        made.append(sale)
        if rng.random() < 0.75 and at + 1 < len(days):
            half = DECIMAL_CONTEXT.divide(amount, Decimal(2)).quantize(
                _CENT, context=DECIMAL_CONTEXT
            )
            paid = amount if rng.random() < 0.8 else half
            when = days[rng.randrange(at + 1, len(days))]
            made.append(
                Transaction(
                    f"K-{period}-{number:05d}",
                    when,
                    customer.id,
                    paid,
                    kind=TransactionKind.COLLECTION,
                    original=sale.id,
                )
            )
        if rng.random() < 0.02 and at + 1 < len(days):
            refund = DECIMAL_CONTEXT.multiply(amount, Decimal("0.2")).quantize(
                _CENT, context=DECIMAL_CONTEXT
            )
            when = days[rng.randrange(at + 1, len(days))]
            made.append(
                Transaction(
                    f"R-{period}-{number:05d}",
                    when,
                    customer.id,
                    refund,
                    kind=TransactionKind.REFUND,
                    original=sale.id,
                )
            )
    return tuple(sorted(made, key=lambda t: (t.date, t.id)))
