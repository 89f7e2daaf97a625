"""The organization: units, people, effective-dated positions, customers and territories.

A sales organization is a tree of :class:`Unit` records (company > districts > regions
> teams). :class:`Person` records hold positions in units through effective-dated
:class:`Assignment` records, and consultants own customers through effective-dated
:class:`TerritoryAssignment` records. People move: a transfer in the middle of a month
is two assignments, one ending the day before the other starts, and every query takes
``as_of`` (a date) to say which day it is asking about. The library never reads the
clock.

:meth:`Organization.from_records` checks the whole batch and reports every problem at
once (an :class:`~deepmarketing.errors.OrganizationValidationError`), each naming its
record, so a CRM can show them all against its own rows.

Dates are inclusive: ``end`` is the last day in the position, ``None`` while it is open.

Examples:
    >>> import pendulum
    >>> from deepmarketing.org import Assignment, Organization, Person, Role, Unit
    >>> day = pendulum.date(2026, 1, 1)
    >>> org = Organization.from_records(
    ...     units=[
    ...         Unit("HQ", "Feed Co.", level="company"),
    ...         Unit("R1", "Xinxiang", parent_id="HQ", level="region"),
    ...     ],
    ...     people=[Person("P1", "Wang Wei"), Person("P2", "Li Na")],
    ...     assignments=[
    ...         Assignment("P1", "HQ", role=Role.VP_SALES, start=day),
    ...         Assignment("P2", "R1", role=Role.CONSULTANT, start=day),
    ...     ],
    ... )
    >>> org.manager_of("P2", as_of=pendulum.date(2026, 7, 14)).name
    'Wang Wei'
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import attrs
import networkx as nx
import pendulum

from .errors import OrganizationError, OrganizationValidationError, UnknownRecordError
from .periods import _optional_date, to_date

__all__ = [
    "Assignment",
    "Customer",
    "CustomerKind",
    "GeoPoint",
    "Level",
    "Organization",
    "Person",
    "Role",
    "TerritoryAssignment",
    "Unit",
]


# -- enumerations -------------------------------------------------------------------------


class Level(enum.StrEnum):
    """The usual levels of a sales organization; a company may use its own labels too.

    ``Unit.level`` takes any non-empty string; these four are converted to members of
    this enum, so ``Level.REGION == "region"``.

    Examples:
        >>> Unit("R-1", "Xinxiang", parent_id="D-1", level="region").level == Level.REGION
        True
        >>> Unit("A-1", "North area", parent_id="HQ", level="area").level  # a custom label
        'area'
    """

    COMPANY = "company"
    DISTRICT = "district"
    REGION = "region"
    TEAM = "team"


class Role(enum.Enum):
    """The position a person holds in a unit.

    Every role but ``CONSULTANT`` manages its unit: a unit has at most one manager on
    any day. ``TEAM_LEADER`` manages a team inside a region, where a company has teams.

    Examples:
        >>> Role("regional_manager")
        <Role.REGIONAL_MANAGER: 'regional_manager'>
        >>> Role.REGIONAL_MANAGER.is_manager, Role.CONSULTANT.is_manager
        (True, False)
    """

    VP_SALES = "vp_sales"
    DISTRICT_MANAGER = "district_manager"
    REGIONAL_MANAGER = "regional_manager"
    TEAM_LEADER = "team_leader"
    CONSULTANT = "consultant"

    @property
    def is_manager(self) -> bool:
        """Whether the role manages the unit it is held in."""
        return self is not Role.CONSULTANT


class CustomerKind(enum.Enum):
    """Where a customer stands in the channel.

    ``DEALER`` buys from the manufacturer (经销商); ``SUB_DEALER`` buys from a dealer
    (二级分销商); ``RETAILER`` sells to end users (零售商); ``END_CUSTOMER`` uses the product,
    e.g. a farm (养殖场) buying feed.

    Examples:
        >>> CustomerKind("sub_dealer")
        <CustomerKind.SUB_DEALER: 'sub_dealer'>
        >>> Customer("C-9", "Muye Pig Farm", kind="end_customer").kind is CustomerKind.END_CUSTOMER
        True
    """

    DEALER = "dealer"
    SUB_DEALER = "sub_dealer"
    RETAILER = "retailer"
    END_CUSTOMER = "end_customer"


# -- validators ---------------------------------------------------------------------------


def _record_id(kind: str) -> Callable[[Any, attrs.Attribute[str], str], None]:
    def check(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value:
            raise OrganizationError(
                f"expected {attribute.name} to be a non-empty string, got {value!r}",
                record=f"{kind} {value!r}" if attribute.name == "id" else kind,
            )

    return check


def _optional_record_id(kind: str) -> Callable[[Any, attrs.Attribute[str | None], Any], None]:
    check = _record_id(kind)

    def optional(instance: Any, attribute: attrs.Attribute[str | None], value: Any) -> None:
        if value is not None:
            check(instance, attribute, value)  # type: ignore[arg-type]

    return optional


def _to_level(value: object) -> str:
    if isinstance(value, str) and value:
        try:
            return Level(value)
        except ValueError:
            return value
    raise OrganizationError(f"expected a non-empty level label, got {value!r}", record="unit level")


_E = TypeVar("_E", bound=enum.Enum)


def _to_enum(enum_type: type[_E], what: str) -> Callable[[object], _E]:
    def convert(value: object) -> _E:
        if isinstance(value, enum_type):
            return value
        try:
            return enum_type(value)
        except ValueError:
            expected = ", ".join(str(m.value) for m in enum_type)
            raise OrganizationError(
                f"expected one of {expected}, got {value!r}", record=what
            ) from None

    return convert


def _to_role(value: object) -> Role:
    return _to_enum(Role, "assignment role")(value)


def _to_customer_kind(value: object) -> CustomerKind:
    return _to_enum(CustomerKind, "customer kind")(value)


def _span_record(instance: Any) -> str:
    if isinstance(instance, Assignment):
        return f"assignment of {instance.person_id!r} to {instance.unit_id!r}"
    return f"territory of customer {instance.customer_id!r} for {instance.person_id!r}"


def _end_not_before_start(instance: Any, attribute: attrs.Attribute[Any], end: Any) -> None:
    if end is not None and end < instance.start:
        raise OrganizationError(
            f"ends on {end}, before it starts on {instance.start}; expected end >= start "
            "(end is the last day, inclusive)",
            record=_span_record(instance),
        )


def _check_coordinate(limit: float) -> Callable[[Any, attrs.Attribute[float], float], None]:
    def check(instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not -limit <= value <= limit
        ):
            raise OrganizationError(
                f"expected {attribute.name} between -{limit:g} and {limit:g}, got {value!r}",
                record="location",
            )

    return check


def _customer_record(instance: Any) -> str:
    return f"customer {getattr(instance, 'id', None)!r}"


def _type_name(value: object) -> str:
    return type(value).__name__


def _check_customer_location(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, GeoPoint):
        raise OrganizationError(
            f"expected location to be a GeoPoint or None, got {_type_name(value)} {value!r}",
            record=_customer_record(instance),
        )


def _check_customer_node(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | str)):
        raise OrganizationError(
            f"expected node to be a road-graph node (an int or a string) or None, got "
            f"{_type_name(value)} {value!r}",
            record=_customer_record(instance),
        )


def _check_customer_priority(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise OrganizationError(
            f"expected priority to be a whole number of 0 or more, got {_type_name(value)} "
            f"{value!r}",
            record=_customer_record(instance),
        )


_EARTH_RADIUS_M = 6_371_008.8


def _active(start: _dt.date, end: _dt.date | None, day: _dt.date) -> bool:
    return start <= day and (end is None or day <= end)


# -- records ------------------------------------------------------------------------------


@attrs.frozen
class GeoPoint:
    """A place on the map in WGS-84 degrees (latitude, longitude).

    Coordinates are floats: they locate, they are never added up as amounts.

    Examples:
        >>> GeoPoint(35.30, 113.93)
        GeoPoint(lat=35.3, lon=113.93)
    """

    lat: float = attrs.field(validator=_check_coordinate(90.0))
    lon: float = attrs.field(validator=_check_coordinate(180.0))

    def distance_to(self, other: GeoPoint) -> float:
        """Great-circle (haversine) distance to ``other`` in metres, on a 6,371 km sphere.

        Examples:
            >>> round(GeoPoint(34.75, 113.62).distance_to(GeoPoint(35.30, 113.93)))
            67357
        """
        lat1, lat2 = math.radians(self.lat), math.radians(other.lat)
        dlat = lat2 - lat1
        dlon = math.radians(other.lon - self.lon)
        h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
        return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@attrs.frozen
class Unit:
    """One node of the organization tree: the company, a district, a region or a team.

    Args:
        id: The unit's id, unique among units.
        name: A display name.
        parent_id: The id of the unit above; ``None`` only for the root (the company).
        level: :class:`Level` member or a company's own label, e.g. ``"area"``.

    Examples:
        >>> Unit("R-07", "Xinxiang region", parent_id="D-02", level="region").level
        <Level.REGION: 'region'>
    """

    id: str = attrs.field(validator=_record_id("unit"))
    name: str
    parent_id: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_record_id("unit")
    )
    level: str = attrs.field(kw_only=True, converter=_to_level)


@attrs.frozen
class Person:
    """Someone in the sales organization.

    Args:
        id: The person's id, unique among people.
        name: A display name.
        hired_on: First day of employment, if known; no position may start before it.

    Examples:
        >>> Person("P-1", "Zhang Min", hired_on=pendulum.date(2024, 3, 1)).hired_on
        Date(2024, 3, 1)
    """

    id: str = attrs.field(validator=_record_id("person"))
    name: str
    hired_on: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_optional_date
    )


@attrs.frozen
class Assignment:
    """A person holding a role in a unit from ``start`` to ``end`` (inclusive).

    A transfer is two assignments: the old one ends on the last day in the old unit,
    the new one starts the next day.

    Args:
        person_id: Who holds the position.
        unit_id: Where.
        role: The :class:`Role` held.
        start: First day in the position.
        end: Last day in the position, or ``None`` while it is open.

    Raises:
        OrganizationError: If ``end`` is before ``start``.

    Examples:
        >>> a = Assignment(
        ...     "P-1",
        ...     "R-07",
        ...     role=Role.CONSULTANT,
        ...     start=pendulum.date(2026, 1, 1),
        ...     end=pendulum.date(2026, 7, 14),
        ... )
        >>> a.active_on(pendulum.date(2026, 7, 14)), a.active_on(pendulum.date(2026, 7, 15))
        (True, False)
    """

    person_id: str = attrs.field(validator=_record_id("assignment"))
    unit_id: str = attrs.field(validator=_record_id("assignment"))
    role: Role = attrs.field(kw_only=True, converter=_to_role)
    start: pendulum.Date = attrs.field(kw_only=True, converter=to_date)
    end: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_optional_date, validator=_end_not_before_start
    )

    def active_on(self, day: _dt.date) -> bool:
        """Whether the position is held on ``day``."""
        return _active(self.start, self.end, to_date(day))


@attrs.frozen
class Customer:
    """A dealer, sub-dealer, retailer or end customer (farm) in a consultant's territory.

    Args:
        id: The customer's id, unique among customers.
        name: A display name.
        kind: Where the customer stands in the channel (:class:`CustomerKind`).
        location: Where the customer is, for routing by coordinates.
        node: The customer's node in a road graph, for routing on a network.
        priority: How much a visit matters, 0 (lowest) upwards; key accounts are higher.

    Raises:
        OrganizationError: Naming the customer, if ``location`` is not a
            :class:`GeoPoint`, ``node`` is not an int or a string, or ``priority`` is
            not a whole number of 0 or more.

    Examples:
        >>> Customer("C-1", "Huaxing Feed Store", kind=CustomerKind.RETAILER, priority=3).kind
        <CustomerKind.RETAILER: 'retailer'>
    """

    id: str = attrs.field(validator=_record_id("customer"))
    name: str
    kind: CustomerKind = attrs.field(kw_only=True, converter=_to_customer_kind)
    location: GeoPoint | None = attrs.field(
        default=None, kw_only=True, validator=_check_customer_location
    )
    node: int | str | None = attrs.field(default=None, kw_only=True, validator=_check_customer_node)
    priority: int = attrs.field(default=1, kw_only=True, validator=_check_customer_priority)


@attrs.frozen
class TerritoryAssignment:
    """A customer owned by a person (usually a consultant) from ``start`` to ``end``.

    Args:
        customer_id: The customer.
        person_id: Its owner.
        start: First day of ownership.
        end: Last day of ownership (inclusive), or ``None`` while it is open.

    Raises:
        OrganizationError: If ``end`` is before ``start``.

    Examples:
        >>> owned = TerritoryAssignment(
        ...     "C-1", "P-1", start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 6, 30)
        ... )
        >>> owned.active_on(pendulum.date(2026, 6, 30)), owned.active_on(pendulum.date(2026, 7, 1))
        (True, False)
    """

    customer_id: str = attrs.field(validator=_record_id("territory"))
    person_id: str = attrs.field(validator=_record_id("territory"))
    start: pendulum.Date = attrs.field(kw_only=True, converter=to_date)
    end: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_optional_date, validator=_end_not_before_start
    )

    def active_on(self, day: _dt.date) -> bool:
        """Whether the customer is owned by ``person_id`` on ``day``."""
        return _active(self.start, self.end, to_date(day))


# -- validation helpers -------------------------------------------------------------------

_OPEN_END = _dt.date.max.toordinal()
_Span = TypeVar("_Span", Assignment, TerritoryAssignment)


def _end_ordinal(span: Assignment | TerritoryAssignment) -> int:
    return _OPEN_END if span.end is None else span.end.toordinal()


def _overlapping(spans: list[_Span]) -> Iterator[tuple[_Span, _Span]]:
    """Pairs of spans that share a day; ``spans`` must be sorted by start."""
    latest: _Span | None = None
    for span in spans:
        if latest is not None and span.start.toordinal() <= _end_ordinal(latest):
            yield latest, span
        if latest is None or _end_ordinal(span) > _end_ordinal(latest):
            latest = span


def _span_text(span: Assignment | TerritoryAssignment) -> str:
    return f"{span.start}..{span.end if span.end is not None else 'open'}"


def _index_by_id(
    records: Sequence[Any], kind: str, problems: list[OrganizationError]
) -> dict[str, Any]:
    index: dict[str, Any] = {}
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        counts[record.id] += 1
        index.setdefault(record.id, record)
    if len(index) != len(records):
        for record_id, count in counts.items():
            if count > 1:
                problems.append(
                    OrganizationError(
                        f"id appears {count} times; expected each {kind} id once",
                        record=f"{kind} {record_id!r}",
                    )
                )
    return index


def _check_types(records: Iterable[Any], cls: type, kind: str) -> tuple[Any, ...]:
    result = tuple(records)
    for position, record in enumerate(result):
        if not isinstance(record, cls):
            raise OrganizationError(
                f"expected {cls.__name__} records, got {type(record).__name__} at position "
                f"{position}",
                record=f"{kind} list",
            )
    return result


# -- the organization ---------------------------------------------------------------------


class Organization:
    """A validated sales organization that answers who, where and whose on any date.

    Build it with :meth:`from_records`. It is immutable: to change it, build a new one
    from changed records (the records are frozen attrs classes; use ``attrs.evolve``).

    Notes:
        Building is linear in the number of records apart from sorting each person's,
        unit's and customer's history by date. Queries use indexes built once: a
        person's or customer's position on a date scans only that record's own history,
        and a recursive ``members`` query scans only the unit's subtree.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> org = sample_company().org
        >>> org
        <Organization root='HQ': 13 units, 59 people, ...>
        >>> moved = "P-D1-R1-C5"  # transferred from D1-R1 to D1-R2 on 2026-07-15
        >>> [org.position_of(moved, as_of=pendulum.date(2026, 7, d)).unit_id for d in (14, 15)]
        ['D1-R1', 'D1-R2']
    """

    __slots__ = (
        "_assignments",
        "_assignments_by_person",
        "_assignments_by_unit",
        "_children",
        "_customers",
        "_customers_by_id",
        "_graph",
        "_managers_by_unit",
        "_people",
        "_people_by_id",
        "_preorder",
        "_preorder_index",
        "_root",
        "_subtree_end",
        "_territories",
        "_territories_by_customer",
        "_territories_by_person",
        "_units",
        "_units_by_id",
    )

    _units: tuple[Unit, ...]
    _people: tuple[Person, ...]
    _assignments: tuple[Assignment, ...]
    _customers: tuple[Customer, ...]
    _territories: tuple[TerritoryAssignment, ...]
    _units_by_id: dict[str, Unit]
    _people_by_id: dict[str, Person]
    _customers_by_id: dict[str, Customer]
    _children: dict[str, list[str]]
    _root: Unit
    _preorder: list[str]
    _preorder_index: dict[str, int]
    _subtree_end: dict[str, int]
    _assignments_by_person: dict[str, list[Assignment]]
    _assignments_by_unit: dict[str, list[Assignment]]
    _managers_by_unit: dict[str, list[Assignment]]
    _territories_by_customer: dict[str, list[TerritoryAssignment]]
    _territories_by_person: dict[str, list[TerritoryAssignment]]
    _graph: Any

    def __init__(
        self,
        *,
        units: Iterable[Unit],
        people: Iterable[Person],
        assignments: Iterable[Assignment],
        customers: Iterable[Customer] = (),
        territories: Iterable[TerritoryAssignment] = (),
    ) -> None:
        self._units = _check_types(units, Unit, "unit")
        self._people = _check_types(people, Person, "person")
        self._assignments = _check_types(assignments, Assignment, "assignment")
        self._customers = _check_types(customers, Customer, "customer")
        self._territories = _check_types(territories, TerritoryAssignment, "territory")
        problems: list[OrganizationError] = []
        self._build_units(problems)
        self._build_positions(problems)
        self._build_territories(problems)
        if problems:
            count = len(problems)
            raise OrganizationValidationError(
                f"organization has {count} problem{'s' if count > 1 else ''}", problems
            )
        self._graph = self._build_graph()

    @classmethod
    def from_records(
        cls,
        units: Iterable[Unit],
        people: Iterable[Person],
        assignments: Iterable[Assignment],
        customers: Iterable[Customer] = (),
        territories: Iterable[TerritoryAssignment] = (),
    ) -> Organization:
        """Build and validate an organization from a CRM's records.

        Args:
            units: The unit tree, exactly one of them without a parent (the root).
            people: Everyone who holds or held a position or owns customers.
            assignments: Who held which position in which unit, when.
            customers: The customers.
            territories: Which person owned which customer, when.

        Returns:
            The validated organization.

        Raises:
            OrganizationValidationError: Listing every problem found, each an
                :class:`~deepmarketing.errors.OrganizationError` naming its record:
                duplicate ids; unknown unit, person or customer ids; a cycle in the
                unit tree; no root or more than one root; a position starting before
                the person was hired; a person in two positions at once; two managers
                of one unit at once; a customer owned by two people at once.
            OrganizationError: If a list holds something that is not a record of its
                type. (A record whose end is before its start cannot be built at all:
                its own constructor raises ``OrganizationError``.)

        Examples:
            >>> from deepmarketing.errors import OrganizationValidationError
            >>> day = pendulum.date(2026, 1, 1)
            >>> try:
            ...     Organization.from_records(
            ...         units=[
            ...             Unit("HQ", "Co", level="company"),
            ...             Unit("R1", "R", parent_id="D9", level="region"),
            ...         ],
            ...         people=[Person("P1", "A")],
            ...         assignments=[Assignment("P1", "R2", role=Role.CONSULTANT, start=day)],
            ...     )
            ... except OrganizationValidationError as err:
            ...     for problem in err.problems:
            ...         print(problem)
            unit 'R1': parent 'D9' does not exist; expected the id of a unit
            assignment of 'P1' to 'R2': unit 'R2' does not exist
        """
        return cls(
            units=units,
            people=people,
            assignments=assignments,
            customers=customers,
            territories=territories,
        )

    # -- building -------------------------------------------------------------------------

    def _build_units(self, problems: list[OrganizationError]) -> None:
        self._units_by_id = _index_by_id(self._units, "unit", problems)
        self._people_by_id = _index_by_id(self._people, "person", problems)
        self._customers_by_id = _index_by_id(self._customers, "customer", problems)
        children: dict[str, list[str]] = {unit_id: [] for unit_id in self._units_by_id}
        roots: list[str] = []
        for unit in self._units_by_id.values():
            if unit.parent_id is None:
                roots.append(unit.id)
            elif unit.parent_id not in self._units_by_id:
                problems.append(
                    OrganizationError(
                        f"parent {unit.parent_id!r} does not exist; expected the id of a unit",
                        record=f"unit {unit.id!r}",
                    )
                )
            elif unit.parent_id == unit.id:
                problems.append(OrganizationError("is its own parent", record=f"unit {unit.id!r}"))
            else:
                children[unit.parent_id].append(unit.id)
        for kids in children.values():
            kids.sort()
        self._children = children
        self._check_cycles(problems)
        if len(roots) != 1:
            found = ", ".join(repr(r) for r in sorted(roots)) or "none"
            problems.append(
                OrganizationError(
                    f"expected exactly one root unit (a unit without parent), found {len(roots)}: "
                    f"{found}",
                    record="organization",
                )
            )
        if roots:
            self._root = self._units_by_id[min(roots)]
        # Preorder numbering: a subtree is one contiguous slice of the preorder.
        preorder: list[str] = []
        index: dict[str, int] = {}
        subtree_end: dict[str, int] = {}
        for root in sorted(roots):
            stack: list[tuple[str, bool]] = [(root, False)]
            while stack:
                unit_id, done = stack.pop()
                if done:
                    subtree_end[unit_id] = len(preorder)
                    continue
                index[unit_id] = len(preorder)
                preorder.append(unit_id)
                stack.append((unit_id, True))
                stack.extend((child, False) for child in reversed(children[unit_id]))
        self._preorder = preorder
        self._preorder_index = index
        self._subtree_end = subtree_end

    def _check_cycles(self, problems: list[OrganizationError]) -> None:
        state: dict[str, int] = {}  # 1: on the current path, 2: known to reach a root
        for start in self._units_by_id:
            path: list[str] = []
            unit_id: str | None = start
            while unit_id is not None and unit_id in self._units_by_id and unit_id not in state:
                state[unit_id] = 1
                path.append(unit_id)
                parent = self._units_by_id[unit_id].parent_id
                unit_id = None if parent == unit_id else parent
            if unit_id is not None and state.get(unit_id) == 1:
                cycle = path[path.index(unit_id) :]
                first = min(cycle)
                at = cycle.index(first)
                ordered = [*cycle[at:], *cycle[:at], first]
                problems.append(
                    OrganizationError(
                        "is part of a cycle "
                        + " -> ".join(repr(u) for u in ordered)
                        + "; expected every unit to lead up to the root",
                        record=f"unit {first!r}",
                    )
                )
            for visited in path:
                state[visited] = 2

    def _build_positions(self, problems: list[OrganizationError]) -> None:
        by_person: dict[str, list[Assignment]] = defaultdict(list)
        by_unit: dict[str, list[Assignment]] = defaultdict(list)
        for assignment in self._assignments:
            record = _span_record(assignment)
            known = True
            person = self._people_by_id.get(assignment.person_id)
            if person is None:
                problems.append(
                    OrganizationError(
                        f"person {assignment.person_id!r} does not exist", record=record
                    )
                )
                known = False
            elif person.hired_on is not None and assignment.start < person.hired_on:
                problems.append(
                    OrganizationError(
                        f"starts on {assignment.start}, before the person was hired on "
                        f"{person.hired_on}",
                        record=record,
                    )
                )
            if assignment.unit_id not in self._units_by_id:
                problems.append(
                    OrganizationError(f"unit {assignment.unit_id!r} does not exist", record=record)
                )
                known = False
            if known:
                by_person[assignment.person_id].append(assignment)
                by_unit[assignment.unit_id].append(assignment)
        managers: dict[str, list[Assignment]] = {}
        for spans in by_person.values():
            spans.sort(key=_span_sort_key)
            for first, second in _overlapping(spans):
                problems.append(
                    OrganizationError(
                        f"holds two positions at once: {first.role.value} in {first.unit_id!r} "
                        f"({_span_text(first)}) and {second.role.value} in {second.unit_id!r} "
                        f"({_span_text(second)}); expected one position per day",
                        record=f"person {first.person_id!r}",
                    )
                )
        for unit_id, spans in by_unit.items():
            spans.sort(key=_span_sort_key)
            heads = [span for span in spans if span.role.is_manager]
            if heads:
                managers[unit_id] = heads
            for first, second in _overlapping(heads):
                problems.append(
                    OrganizationError(
                        f"has two managers at once: {first.person_id!r} ({_span_text(first)}) "
                        f"and {second.person_id!r} ({_span_text(second)}); expected at most one",
                        record=f"unit {unit_id!r}",
                    )
                )
        self._assignments_by_person = dict(by_person)
        self._assignments_by_unit = dict(by_unit)
        self._managers_by_unit = managers

    def _build_territories(self, problems: list[OrganizationError]) -> None:
        by_customer: dict[str, list[TerritoryAssignment]] = defaultdict(list)
        by_person: dict[str, list[TerritoryAssignment]] = defaultdict(list)
        customers = self._customers_by_id
        people = self._people_by_id
        for territory in self._territories:
            known = True
            if territory.customer_id not in customers:
                problems.append(
                    OrganizationError(
                        f"customer {territory.customer_id!r} does not exist",
                        record=_span_record(territory),
                    )
                )
                known = False
            if territory.person_id not in people:
                problems.append(
                    OrganizationError(
                        f"person {territory.person_id!r} does not exist",
                        record=_span_record(territory),
                    )
                )
                known = False
            if known:
                by_customer[territory.customer_id].append(territory)
                by_person[territory.person_id].append(territory)
        for customer_id, spans in by_customer.items():
            if len(spans) == 1:
                continue
            spans.sort(key=_span_sort_key)
            for first, second in _overlapping(spans):
                problems.append(
                    OrganizationError(
                        f"owned by two people at once: {first.person_id!r} ({_span_text(first)}) "
                        f"and {second.person_id!r} ({_span_text(second)}); expected one owner "
                        "per day",
                        record=f"customer {customer_id!r}",
                    )
                )
        for spans in by_person.values():
            spans.sort(key=_territory_person_key)
        self._territories_by_customer = dict(by_customer)
        self._territories_by_person = dict(by_person)

    def _build_graph(self) -> Any:
        graph = nx.DiGraph()
        for unit_id in self._preorder:
            unit = self._units_by_id[unit_id]
            graph.add_node(unit_id, name=unit.name, level=unit.level)
            if unit.parent_id is not None:
                graph.add_edge(unit.parent_id, unit_id)
        return nx.freeze(graph)

    # -- records --------------------------------------------------------------------------

    @property
    def units(self) -> tuple[Unit, ...]:
        """Every unit, as given."""
        return self._units

    @property
    def people(self) -> tuple[Person, ...]:
        """Every person, as given."""
        return self._people

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        """Every position held, past, present and future, as given."""
        return self._assignments

    @property
    def customers(self) -> tuple[Customer, ...]:
        """Every customer, as given."""
        return self._customers

    @property
    def territories(self) -> tuple[TerritoryAssignment, ...]:
        """Every customer ownership, past, present and future, as given."""
        return self._territories

    @property
    def root(self) -> Unit:
        """The top unit (the company)."""
        return self._root

    @property
    def graph(self) -> Any:
        """The unit tree as a frozen :class:`networkx.DiGraph` (edges point down).

        Nodes are unit ids with ``name`` and ``level`` attributes. The graph is frozen:
        copy it (``nx.DiGraph(org.graph)``) to change it.

        Examples:
            >>> import networkx as nx
            >>> org = Organization.from_records(
            ...     units=[
            ...         Unit("HQ", "Co", level="company"),
            ...         Unit("D1", "North", parent_id="HQ", level="district"),
            ...     ],
            ...     people=[],
            ...     assignments=[],
            ... )
            >>> list(nx.topological_sort(org.graph))
            ['HQ', 'D1']
        """
        return self._graph

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id.

        Raises:
            UnknownRecordError: If there is none (also a ``KeyError``).
        """
        return _lookup(self._units_by_id, unit_id, "unit")

    def person(self, person_id: str) -> Person:
        """The person with this id.

        Raises:
            UnknownRecordError: If there is none (also a ``KeyError``).
        """
        return _lookup(self._people_by_id, person_id, "person")

    def customer(self, customer_id: str) -> Customer:
        """The customer with this id.

        Raises:
            UnknownRecordError: If there is none (also a ``KeyError``).
        """
        return _lookup(self._customers_by_id, customer_id, "customer")

    # -- structure ------------------------------------------------------------------------

    def subunits(self, unit_id: str, *, recursive: bool = False) -> tuple[Unit, ...]:
        """The units directly below ``unit_id`` (all below it with ``recursive=True``).

        Units are listed in tree order (depth first, children sorted by id); the unit
        itself is not included.

        Raises:
            UnknownRecordError: If ``unit_id`` is not a unit.
        """
        self.unit(unit_id)
        if recursive:
            start = self._preorder_index[unit_id]
            ids = self._preorder[start + 1 : self._subtree_end[unit_id]]
        else:
            ids = self._children[unit_id]
        return tuple(self._units_by_id[u] for u in ids)

    def path_to_root(self, unit_id: str) -> tuple[Unit, ...]:
        """The unit and every unit above it, up to the root.

        Raises:
            UnknownRecordError: If ``unit_id`` is not a unit.
        """
        unit: Unit | None = self.unit(unit_id)
        path: list[Unit] = []
        while unit is not None:
            path.append(unit)
            unit = None if unit.parent_id is None else self._units_by_id[unit.parent_id]
        return tuple(path)

    def units_at_level(self, level: str) -> tuple[Unit, ...]:
        """Every unit of ``level`` (a :class:`Level` or a company's own label), in tree order."""
        return tuple(
            self._units_by_id[u] for u in self._preorder if self._units_by_id[u].level == level
        )

    # -- effective-dated queries ----------------------------------------------------------

    def position_of(self, person_id: str, *, as_of: _dt.date) -> Assignment | None:
        """The position ``person_id`` holds on ``as_of``, or ``None`` if none.

        Raises:
            UnknownRecordError: If ``person_id`` is not a person.
        """
        self.person(person_id)
        day = to_date(as_of, what="as_of")
        for assignment in self._assignments_by_person.get(person_id, ()):
            if assignment.start > day:
                break
            if assignment.end is None or day <= assignment.end:
                return assignment
        return None

    def assignments_of(self, person_id: str) -> tuple[Assignment, ...]:
        """Every position ``person_id`` held or will hold, in date order."""
        self.person(person_id)
        return tuple(self._assignments_by_person.get(person_id, ()))

    def assignments_in(
        self, unit_id: str, *, start: _dt.date | None = None, end: _dt.date | None = None
    ) -> tuple[Assignment, ...]:
        """The positions held in ``unit_id`` (not below it) that overlap ``start..end``.

        Args:
            unit_id: The unit.
            start: First day of the window (inclusive); ``None`` for no lower limit.
            end: Last day of the window (inclusive); ``None`` for no upper limit.

        Returns:
            The assignments in date order (by start, then end).

        Raises:
            UnknownRecordError: If ``unit_id`` is not a unit.

        Examples:
            >>> from deepmarketing.samples import sample_company
            >>> org = sample_company().org
            >>> july = (pendulum.date(2026, 7, 1), pendulum.date(2026, 7, 31))
            >>> [a.person_id for a in org.assignments_in("D1-R2", start=july[0], end=july[1])]
            ['P-D1-R2-M', 'P-D1-R2-C1', 'P-D1-R2-C2', 'P-D1-R2-C3', 'P-D1-R2-C4', 'P-D1-R1-C5']
        """
        self.unit(unit_id)
        first = None if start is None else to_date(start, what="start")
        last = None if end is None else to_date(end, what="end")
        return tuple(
            a
            for a in self._assignments_by_unit.get(unit_id, ())
            if (last is None or a.start <= last)
            and (first is None or a.end is None or first <= a.end)
        )

    def manager_of_unit(self, unit_id: str, *, as_of: _dt.date) -> Person | None:
        """Who manages ``unit_id`` on ``as_of`` (``None`` while the post is vacant).

        Raises:
            UnknownRecordError: If ``unit_id`` is not a unit.
        """
        self.unit(unit_id)
        day = to_date(as_of, what="as_of")
        for assignment in self._managers_by_unit.get(unit_id, ()):
            if assignment.start > day:
                break
            if assignment.end is None or day <= assignment.end:
                return self._people_by_id[assignment.person_id]
        return None

    def manager_of(self, person_id: str, *, as_of: _dt.date) -> Person | None:
        """Who ``person_id`` reports to on ``as_of``.

        A consultant reports to the manager of their unit; a manager reports to the
        manager of the unit above. Where a post is vacant, the line goes on up to the
        next unit with a manager. The person at the top reports to nobody (``None``).

        Raises:
            UnknownRecordError: If ``person_id`` is not a person.
            OrganizationError: If the person holds no position on ``as_of``.

        Examples:
            >>> from deepmarketing.samples import sample_company
            >>> org = sample_company().org
            >>> org.manager_of("P-D1-R1-C1", as_of=pendulum.date(2026, 7, 1)).id
            'P-D1-R1-M'
        """
        day = to_date(as_of, what="as_of")
        position = self.position_of(person_id, as_of=day)
        if position is None:
            raise OrganizationError(
                f"holds no position on {day}; expected an assignment covering that day",
                record=f"person {person_id!r}",
            )
        here = self._units_by_id[position.unit_id]
        unit = self._parent(here) if position.role.is_manager else here
        while unit is not None:
            manager = self.manager_of_unit(unit.id, as_of=day)
            if manager is not None and manager.id != person_id:
                return manager
            unit = self._parent(unit)
        return None

    def chain_of_command(self, person_id: str, *, as_of: _dt.date) -> tuple[Person, ...]:
        """Everyone above ``person_id`` on ``as_of``: their manager first, the top last.

        Raises:
            UnknownRecordError: If ``person_id`` is not a person.
            OrganizationError: If the person holds no position on ``as_of``.

        Examples:
            >>> from deepmarketing.samples import sample_company
            >>> org = sample_company().org
            >>> [p.id for p in org.chain_of_command("P-D1-R1-C1", as_of=pendulum.date(2026, 7, 1))]
            ['P-D1-R1-M', 'P-D1-M', 'P-VP']
        """
        chain: list[Person] = []
        current = self.manager_of(person_id, as_of=as_of)
        while current is not None:
            chain.append(current)
            current = self.manager_of(current.id, as_of=as_of)
        return tuple(chain)

    def members(
        self,
        unit_id: str,
        *,
        as_of: _dt.date,
        recursive: bool = True,
        role: Role | str | None = None,
    ) -> tuple[Person, ...]:
        """The people holding a position in ``unit_id`` (and below it) on ``as_of``.

        Args:
            unit_id: The unit.
            as_of: The day asked about.
            recursive: Include everyone in the units below (the default).
            role: Only people in this role, e.g. ``Role.CONSULTANT`` (or its value,
                ``"consultant"``).

        Returns:
            People in tree order of their units; within a unit, its manager first, then
            by person id.

        Raises:
            UnknownRecordError: If ``unit_id`` is not a unit.
            OrganizationError: If ``role`` names no :class:`Role`.
        """
        self.unit(unit_id)
        day = to_date(as_of, what="as_of")
        wanted = None if role is None else _to_role(role)
        if recursive:
            start = self._preorder_index[unit_id]
            unit_ids = self._preorder[start : self._subtree_end[unit_id]]
        else:
            unit_ids = [unit_id]
        found: list[Person] = []
        by_unit = self._assignments_by_unit
        people = self._people_by_id
        for uid in unit_ids:
            here = [
                a
                for a in by_unit.get(uid, ())
                if a.start <= day
                and (a.end is None or day <= a.end)
                and (wanted is None or a.role is wanted)
            ]
            here.sort(key=lambda a: (not a.role.is_manager, a.person_id))
            found.extend(people[a.person_id] for a in here)
        return tuple(found)

    def customers_of(self, person_id: str, *, as_of: _dt.date) -> tuple[Customer, ...]:
        """The customers ``person_id`` owns on ``as_of``, by customer id.

        Raises:
            UnknownRecordError: If ``person_id`` is not a person.
        """
        self.person(person_id)
        day = to_date(as_of, what="as_of")
        customers = self._customers_by_id
        return tuple(
            customers[t.customer_id]
            for t in self._territories_by_person.get(person_id, ())
            if t.start <= day and (t.end is None or day <= t.end)
        )

    def owner_of(self, customer_id: str, *, as_of: _dt.date) -> Person | None:
        """Who owns ``customer_id`` on ``as_of`` (``None`` while it has no owner).

        Raises:
            UnknownRecordError: If ``customer_id`` is not a customer.
        """
        self.customer(customer_id)
        day = to_date(as_of, what="as_of")
        for territory in self._territories_by_customer.get(customer_id, ()):
            if territory.start > day:
                break
            if territory.end is None or day <= territory.end:
                return self._people_by_id[territory.person_id]
        return None

    def territories_of(self, customer_id: str) -> tuple[TerritoryAssignment, ...]:
        """Every ownership of ``customer_id``, in date order."""
        self.customer(customer_id)
        return tuple(self._territories_by_customer.get(customer_id, ()))

    # -- dunder ---------------------------------------------------------------------------

    def _parent(self, unit: Unit) -> Unit | None:
        return None if unit.parent_id is None else self._units_by_id[unit.parent_id]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Organization):
            return NotImplemented
        return (
            self._units == other._units
            and self._people == other._people
            and self._assignments == other._assignments
            and self._customers == other._customers
            and self._territories == other._territories
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Organization root={self._root.id!r}: {len(self._units)} units, "
            f"{len(self._people)} people, {len(self._assignments)} assignments, "
            f"{len(self._customers)} customers, {len(self._territories)} territories>"
        )


_R = TypeVar("_R")


def _lookup(index: dict[str, _R], record_id: str, kind: str) -> _R:
    """``index[record_id]``, or an UnknownRecordError naming the record (never a KeyError)."""
    try:
        return index[record_id]
    except (KeyError, TypeError):
        raise UnknownRecordError(
            "does not exist in the organization", record=f"{kind} {record_id!r}"
        ) from None


def _span_sort_key(span: Assignment | TerritoryAssignment) -> tuple[int, int]:
    return (span.start.toordinal(), _end_ordinal(span))


def _territory_person_key(span: TerritoryAssignment) -> tuple[str, int]:
    return (span.customer_id, span.start.toordinal())
