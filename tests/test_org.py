from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepmarketing.errors import (
    DateTypeError,
    OrganizationError,
    OrganizationValidationError,
    UnknownRecordError,
)
from deepmarketing.org import (
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
from deepmarketing.samples import SampleCompany, sample_company
from org_strategies import (
    WINDOW_END,
    WINDOW_START,
    assignments,
    customers,
    geo_points,
    org_histories,
    people,
    shift,
    territory_assignments,
    units,
    window_days,
)

History = dict[str, list[Any]]
JAN_1 = pendulum.Date(2026, 1, 1)
JAN_14 = pendulum.Date(2026, 1, 14)
JAN_15 = pendulum.Date(2026, 1, 15)


# -- the naive model: answers recomputed by scanning the raw record lists -----------------


def _active(span: Assignment | TerritoryAssignment, day: dt.date) -> bool:
    return span.start <= day and (span.end is None or day <= span.end)


def naive_unit(history: History, unit_id: str) -> Unit:
    """The unit with this id, found by scanning the unit records."""
    (unit,) = [u for u in history["units"] if u.id == unit_id]
    return unit


def naive_person(history: History, person_id: str) -> Person:
    """The person with this id, found by scanning the people records."""
    (person,) = [p for p in history["people"] if p.id == person_id]
    return person


def naive_position(history: History, person_id: str, day: dt.date) -> Assignment | None:
    """The one assignment of ``person_id`` covering ``day``, or None."""
    held = [a for a in history["assignments"] if a.person_id == person_id and _active(a, day)]
    assert len(held) <= 1
    return held[0] if held else None


def naive_manager_of_unit(history: History, unit_id: str, day: dt.date) -> Person | None:
    """Whoever holds a managing role in ``unit_id`` on ``day``, or None."""
    heads = [
        a
        for a in history["assignments"]
        if a.unit_id == unit_id and a.role is not Role.CONSULTANT and _active(a, day)
    ]
    assert len(heads) <= 1
    return naive_person(history, heads[0].person_id) if heads else None


def naive_manager_of(history: History, person_id: str, day: dt.date) -> Person | None:
    """Consultants report to their unit's manager, managers to the parent's; skip vacancies."""
    position = naive_position(history, person_id, day)
    assert position is not None
    unit_id: str | None = position.unit_id
    if position.role is not Role.CONSULTANT:
        unit_id = naive_unit(history, position.unit_id).parent_id
    while unit_id is not None:
        boss = naive_manager_of_unit(history, unit_id, day)
        if boss is not None and boss.id != person_id:
            return boss
        unit_id = naive_unit(history, unit_id).parent_id
    return None


def naive_chain(history: History, person_id: str, day: dt.date) -> list[Person]:
    """The managers above ``person_id``, nearest first."""
    chain: list[Person] = []
    boss = naive_manager_of(history, person_id, day)
    while boss is not None:
        assert boss not in chain, "a chain of command must not loop"
        chain.append(boss)
        boss = naive_manager_of(history, boss.id, day)
    return chain


def naive_path_to_root(history: History, unit_id: str) -> list[Unit]:
    """The unit and its ancestors, up to the root."""
    path = [naive_unit(history, unit_id)]
    while path[-1].parent_id is not None:
        path.append(naive_unit(history, path[-1].parent_id))
    return path


def naive_children(history: History, unit_id: str) -> list[Unit]:
    """The units whose parent is ``unit_id``, by id."""
    return sorted((u for u in history["units"] if u.parent_id == unit_id), key=lambda u: u.id)


def naive_below(history: History, unit_id: str) -> Iterator[Unit]:
    """Every unit below ``unit_id``, depth first, children by id (the documented tree order)."""
    for child in naive_children(history, unit_id):
        yield child
        yield from naive_below(history, child.id)


def naive_tree_order(history: History) -> list[Unit]:
    """Every unit, depth first from the root, children by id."""
    (root,) = [u for u in history["units"] if u.parent_id is None]
    return [root, *naive_below(history, root.id)]


def naive_members(
    history: History, unit_id: str, day: dt.date, *, recursive: bool, role: Role | None
) -> list[Person]:
    """People active in the unit (and below), tree order, managers first, then by id."""
    tree = [naive_unit(history, unit_id)]
    if recursive:
        tree.extend(naive_below(history, unit_id))
    order = {unit.id: index for index, unit in enumerate(tree)}
    here = [
        a
        for a in history["assignments"]
        if a.unit_id in order and _active(a, day) and (role is None or a.role is role)
    ]
    here.sort(key=lambda a: (order[a.unit_id], a.role is Role.CONSULTANT, a.person_id))
    return [naive_person(history, a.person_id) for a in here]


def naive_customers_of(history: History, person_id: str, day: dt.date) -> list[Customer]:
    """The customers ``person_id`` owns on ``day``, by id."""
    owned = {
        t.customer_id
        for t in history["territories"]
        if t.person_id == person_id and _active(t, day)
    }
    return sorted((c for c in history["customers"] if c.id in owned), key=lambda c: c.id)


def naive_owner_of(history: History, customer_id: str, day: dt.date) -> Person | None:
    """The one owner of ``customer_id`` on ``day``, or None."""
    owners = [t for t in history["territories"] if t.customer_id == customer_id and _active(t, day)]
    assert len(owners) <= 1
    return naive_person(history, owners[0].person_id) if owners else None


def query_days(history: History, extra: list[pendulum.Date]) -> list[pendulum.Date]:
    """The window's edges, the days around every span boundary and hire, and ``extra``."""
    days = {shift(WINDOW_START, -1), WINDOW_START, WINDOW_END, shift(WINDOW_END, 1), *extra}
    for span in [*history["assignments"], *history["territories"]]:
        days.update((shift(span.start, -1), span.start))
        if span.end is not None:
            days.update((span.end, shift(span.end, 1)))
    for person in history["people"]:
        if person.hired_on is not None:
            days.update((shift(person.hired_on, -1), person.hired_on))
    return sorted(days)


extra_days = st.lists(window_days(), max_size=3)


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def small_records() -> History:
    """HQ > North (D1) > R1, R2: a VP, a district manager, a regional manager, three consultants."""
    return {
        "units": [
            Unit("HQ", "Feed Co.", level="company"),
            Unit("D1", "North", parent_id="HQ", level="district"),
            Unit("R1", "Xinxiang", parent_id="D1", level="region"),
            Unit("R2", "Hebi", parent_id="D1", level="region"),
        ],
        "people": [
            Person("VP", "Wang Wei"),
            Person("DM", "Li Na"),
            Person("RM1", "Zhao Min"),
            Person("C1", "Sun Li", hired_on=JAN_1),
            Person("C2", "Zhou Jie"),
            Person("C3", "Wu Tao"),
        ],
        "assignments": [
            Assignment("VP", "HQ", role=Role.VP_SALES, start=JAN_1),
            Assignment("DM", "D1", role=Role.DISTRICT_MANAGER, start=JAN_1),
            Assignment("RM1", "R1", role=Role.REGIONAL_MANAGER, start=JAN_1),
            Assignment("C1", "R1", role=Role.CONSULTANT, start=JAN_1),
            Assignment("C2", "R1", role=Role.CONSULTANT, start=JAN_1),
            Assignment("C3", "R2", role=Role.CONSULTANT, start=JAN_1),
        ],
        "customers": [
            Customer("K1", "Huaxing Feed Store", kind=CustomerKind.RETAILER),
            Customer("K2", "Qixian Farm", kind=CustomerKind.END_CUSTOMER),
            Customer("K3", "Hebi Feed Trading Co.", kind=CustomerKind.DEALER),
        ],
        "territories": [
            TerritoryAssignment("K1", "C1", start=JAN_1),
            TerritoryAssignment("K2", "C2", start=JAN_1),
            TerritoryAssignment("K3", "C3", start=JAN_1),
        ],
    }


@pytest.fixture
def small_org(small_records: History) -> Organization:
    """The organization built from ``small_records``."""
    return Organization.from_records(**small_records)


@pytest.fixture
def transfer_org(small_records: History) -> Organization:
    """C1 moves from R1 to R2 mid-month: last day in R1 the 14th, first in R2 the 15th.

    R2 gets a regional manager (RM2); C1 hands K1 to C2 and takes over K3 from C3.
    """
    records = dict(small_records)
    records["people"] = [*small_records["people"], Person("RM2", "Feng Hui")]
    records["assignments"] = [
        *[a for a in small_records["assignments"] if a.person_id != "C1"],
        Assignment("C1", "R1", role=Role.CONSULTANT, start=JAN_1, end=JAN_14),
        Assignment("C1", "R2", role=Role.CONSULTANT, start=JAN_15),
        Assignment("RM2", "R2", role=Role.REGIONAL_MANAGER, start=JAN_1),
    ]
    records["territories"] = [
        TerritoryAssignment("K1", "C1", start=JAN_1, end=JAN_14),
        TerritoryAssignment("K1", "C2", start=JAN_15),
        TerritoryAssignment("K2", "C2", start=JAN_1),
        TerritoryAssignment("K3", "C3", start=JAN_1, end=JAN_14),
        TerritoryAssignment("K3", "C1", start=JAN_15),
    ]
    return Organization.from_records(**records)


@pytest.fixture(scope="module")
def company() -> SampleCompany:
    """The default sample company (seed 0, with its 2026 history)."""
    return sample_company()


def ids(records: Any) -> list[str]:
    """The ids of a sequence of records (or ``None`` for a missing one)."""
    return [r.id for r in records]


def validation_problems(records: History) -> list[OrganizationError]:
    """Build ``records``, expecting an OrganizationValidationError; return its problems."""
    with pytest.raises(OrganizationValidationError) as info:
        Organization.from_records(**records)
    error = info.value
    assert isinstance(error, OrganizationError)
    assert isinstance(error, ExceptionGroup)
    assert all(isinstance(e, OrganizationError) for e in error.exceptions)
    assert list(error.problems) == [str(e) for e in error.exceptions]
    return list(error.exceptions)


def assert_names(problem: Exception, *names: str) -> None:
    """The problem's message quotes every one of ``names``."""
    message = str(problem)
    missing = [name for name in names if repr(name) not in message]
    assert [] == missing, message


# -- value objects --------------------------------------------------------------------------


@given(point=geo_points(), other=geo_points())
def test_distance_is_symmetric_and_never_negative(point: GeoPoint, other: GeoPoint) -> None:
    """The haversine distance is symmetric, zero to itself and never negative."""
    assert 0.0 == point.distance_to(point)
    assert point.distance_to(other) == pytest.approx(other.distance_to(point), abs=1e-6)
    assert point.distance_to(other) >= 0.0


@given(unit=units())
def test_standard_level_labels_become_level_members(unit: Unit) -> None:
    """A unit's level equal to a standard label is held as that Level member."""
    if unit.level in {level.value for level in Level}:
        assert Level(unit.level) is unit.level


@given(span=st.one_of(assignments(), territory_assignments()), day=window_days())
def test_active_on_covers_start_to_end_inclusive(
    span: Assignment | TerritoryAssignment, day: pendulum.Date
) -> None:
    """A span is active from its start day to its end day inclusive (open: forever)."""
    expected = span.start <= day and (span.end is None or day <= span.end)
    assert expected == span.active_on(day)
    assert span.active_on(span.start)


@given(person=people(), customer=customers())
def test_people_and_customers_are_frozen_values(person: Person, customer: Customer) -> None:
    """People and customers compare by value and can be rebuilt from their fields."""
    assert person == Person(person.id, person.name, hired_on=person.hired_on)
    assert customer == Customer(
        customer.id,
        customer.name,
        kind=customer.kind.value,
        location=customer.location,
        node=customer.node,
        priority=customer.priority,
    )


def test_assignment_ending_before_it_starts_is_refused() -> None:
    """An assignment whose end is before its start names the person and unit."""
    with pytest.raises(OrganizationError) as info:
        Assignment("P7", "R3", role=Role.CONSULTANT, start=JAN_15, end=JAN_14)
    assert_names(info.value, "P7", "R3")
    assert "assignment of 'P7' to 'R3'" == info.value.record


def test_territory_ending_before_it_starts_is_refused() -> None:
    """A territory assignment whose end is before its start names the customer and person."""
    with pytest.raises(OrganizationError) as info:
        TerritoryAssignment("K9", "P7", start=JAN_15, end=JAN_14)
    assert_names(info.value, "K9", "P7")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"priority": "3"}, "priority"),
        ({"priority": 2.0}, "priority"),
        ({"priority": True}, "priority"),
        ({"priority": -1}, "priority"),
        ({"location": (35.3, 113.9)}, "location"),
        ({"location": "35.3,113.9"}, "location"),
        ({"node": 1.5}, "node"),
        ({"node": [4]}, "node"),
    ],
)
def test_a_customer_with_a_wrong_field_is_refused_naming_it(
    fields: dict[str, Any], expected: str
) -> None:
    """A wrong priority, location or node raises OrganizationError naming the customer."""
    with pytest.raises(OrganizationError, match=expected) as info:
        Customer("C-1", "Huaxing Feed Store", kind="retailer", **fields)
    assert "customer 'C-1'" == info.value.record


def test_a_customers_optional_fields_take_their_types() -> None:
    """Location, node (an int or a string) and priority 0 or more are accepted."""
    point = GeoPoint(35.3, 113.9)
    for node in (None, 17, "n-17"):
        customer = Customer("C-1", "x", kind="dealer", location=point, node=node, priority=0)
        assert (point, node, 0) == (customer.location, customer.node, customer.priority)


def test_one_day_span_is_allowed() -> None:
    """An assignment may end on the day it starts (one day in the position)."""
    one_day = Assignment("P7", "R3", role=Role.CONSULTANT, start=JAN_14, end=JAN_14)
    assert [False, True, False] == [
        one_day.active_on(d) for d in (shift(JAN_14, -1), JAN_14, JAN_15)
    ]


# -- brute force: the organization agrees with the naive model -----------------------------


@given(history=org_histories())
def test_valid_histories_build_and_keep_records_as_given(history: History) -> None:
    """Every valid history builds, and the organization returns its records as given."""
    org = Organization.from_records(**history)
    assert tuple(history["units"]) == org.units
    assert tuple(history["people"]) == org.people
    assert tuple(history["assignments"]) == org.assignments
    assert tuple(history["customers"]) == org.customers
    assert tuple(history["territories"]) == org.territories
    assert naive_tree_order(history)[0] == org.root


@given(history=org_histories(), extra=extra_days)
def test_position_of_matches_naive(history: History, extra: list[pendulum.Date]) -> None:
    """position_of returns the one assignment covering the day, or None."""
    org = Organization.from_records(**history)
    for day in query_days(history, extra):
        for person in history["people"]:
            assert naive_position(history, person.id, day) == org.position_of(person.id, as_of=day)


@given(history=org_histories(), extra=extra_days)
def test_manager_of_unit_matches_naive(history: History, extra: list[pendulum.Date]) -> None:
    """manager_of_unit returns whoever holds a managing role in the unit that day, or None."""
    org = Organization.from_records(**history)
    for day in query_days(history, extra):
        for unit in history["units"]:
            assert naive_manager_of_unit(history, unit.id, day) == org.manager_of_unit(
                unit.id, as_of=day
            )


@given(history=org_histories(), extra=extra_days)
def test_manager_of_matches_naive(history: History, extra: list[pendulum.Date]) -> None:
    """manager_of follows the reporting rule; a person without a position raises."""
    org = Organization.from_records(**history)
    for day in query_days(history, extra):
        for person in history["people"]:
            if naive_position(history, person.id, day) is None:
                with pytest.raises(OrganizationError, match=repr(person.id)):
                    org.manager_of(person.id, as_of=day)
                continue
            expected = naive_manager_of(history, person.id, day)
            actual = org.manager_of(person.id, as_of=day)
            assert expected == actual
            assert actual is None or actual.id != person.id


@given(history=org_histories(), extra=extra_days)
def test_chain_of_command_matches_naive(history: History, extra: list[pendulum.Date]) -> None:
    """chain_of_command lists the managers upwards, nearest first, without repeats."""
    org = Organization.from_records(**history)
    for day in query_days(history, extra):
        for person in history["people"]:
            if naive_position(history, person.id, day) is None:
                with pytest.raises(OrganizationError, match=repr(person.id)):
                    org.chain_of_command(person.id, as_of=day)
                continue
            actual = org.chain_of_command(person.id, as_of=day)
            assert naive_chain(history, person.id, day) == list(actual)
            assert len(set(ids(actual))) == len(actual)
            assert person.id not in ids(actual)


@pytest.mark.parametrize("recursive", [True, False])
@given(
    history=org_histories(),
    extra=extra_days,
    role=st.none() | st.sampled_from(Role),
)
def test_members_match_naive(
    history: History, extra: list[pendulum.Date], role: Role | None, recursive: bool
) -> None:
    """The members query lists the same people as the naive scan, in tree order, managers first."""
    org = Organization.from_records(**history)
    for day in query_days(history, extra):
        for unit in history["units"]:
            expected = naive_members(history, unit.id, day, recursive=recursive, role=role)
            actual = org.members(unit.id, as_of=day, recursive=recursive, role=role)
            assert set(ids(expected)) == set(ids(actual))
            assert expected == list(actual)


@given(history=org_histories(max_people=0, max_customers=0))
def test_structure_matches_naive(history: History) -> None:
    """subunits, path_to_root, units_at_level and the graph follow the unit records."""
    org = Organization.from_records(**history)
    tree = naive_tree_order(history)
    for unit in history["units"]:
        below = list(naive_below(history, unit.id))
        assert set(ids(below)) == set(ids(org.subunits(unit.id, recursive=True)))
        assert below == list(org.subunits(unit.id, recursive=True))
        assert naive_children(history, unit.id) == list(org.subunits(unit.id))
        assert naive_path_to_root(history, unit.id) == list(org.path_to_root(unit.id))
        expected_level = [u for u in tree if u.level == unit.level]
        assert expected_level == list(org.units_at_level(unit.level))
    assert {u.id for u in history["units"]} == set(org.graph.nodes)
    assert {(u.parent_id, u.id) for u in history["units"] if u.parent_id is not None} == set(
        org.graph.edges
    )


@given(history=org_histories(), extra=extra_days)
def test_customers_of_and_owner_of_match_naive(
    history: History, extra: list[pendulum.Date]
) -> None:
    """customers_of lists a person's customers by id; owner_of names the one owner or None."""
    org = Organization.from_records(**history)
    for day in query_days(history, extra):
        for person in history["people"]:
            assert naive_customers_of(history, person.id, day) == list(
                org.customers_of(person.id, as_of=day)
            )
        for customer in history["customers"]:
            assert naive_owner_of(history, customer.id, day) == org.owner_of(customer.id, as_of=day)


@st.composite
def histories_with_a_clash(draw: st.DrawFn) -> tuple[History, str]:
    """A valid history plus one overlapping span, and the record the clash must name."""
    history = draw(org_histories())
    held = history["assignments"]
    heads = [a for a in held if a.role.is_manager]
    owned = history["territories"]
    kinds = [
        kind
        for kind, spans in (("position", held), ("manager", heads), ("ownership", owned))
        if spans
    ]
    if not kinds:
        history["units"].append(Unit("ZZ", "Z", parent_id="ZZ", level="team"))
        return history, "unit 'ZZ'"
    kind = draw(st.sampled_from(kinds))
    if kind == "ownership":
        span = draw(st.sampled_from(owned))
        day = draw(window_days(span.start, span.end or shift(span.start, 30)))
        other = draw(st.sampled_from(history["people"]))
        owned.append(TerritoryAssignment(span.customer_id, other.id, start=day, end=day))
        return history, f"customer {span.customer_id!r}"
    span = draw(st.sampled_from(heads if kind == "manager" else held))
    day = draw(window_days(span.start, span.end or shift(span.start, 30)))
    if kind == "manager":
        # A newcomer (an id outside the alphabet) managing the same unit on the same day.
        history["people"].append(Person("ZZ", "Newcomer"))
        held.append(Assignment("ZZ", span.unit_id, role=Role.TEAM_LEADER, start=day, end=day))
        return history, f"unit {span.unit_id!r}"
    unit = draw(st.sampled_from(history["units"]))
    held.append(Assignment(span.person_id, unit.id, role=Role.CONSULTANT, start=day, end=day))
    return history, f"person {span.person_id!r}"


@given(case=histories_with_a_clash())
def test_a_clash_added_to_a_valid_history_is_reported(case: tuple[History, str]) -> None:
    """One overlapping span added to a valid history is reported against the right record."""
    history, record = case
    problems = validation_problems(history)
    assert {record} == {p.record for p in problems}


# -- validation: every problem named, all at once -------------------------------------------


def test_unknown_parent_unit_is_reported(small_records: History) -> None:
    """A unit whose parent does not exist is reported naming the unit and the parent."""
    small_records["units"].append(Unit("R9", "Lost", parent_id="D9", level="region"))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "R9", "D9")
    assert "unit 'R9'" == problem.record


def test_assignment_to_unknown_person_is_reported(small_records: History) -> None:
    """An assignment of a person who does not exist names the person and the unit."""
    small_records["assignments"].append(Assignment("P9", "R2", role=Role.CONSULTANT, start=JAN_1))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "P9", "R2")


def test_assignment_to_unknown_unit_is_reported(small_records: History) -> None:
    """An assignment to a unit that does not exist names the person and the unit."""
    small_records["people"].append(Person("P9", "New"))
    small_records["assignments"].append(Assignment("P9", "R9", role=Role.CONSULTANT, start=JAN_1))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "P9", "R9")


def test_territory_of_unknown_customer_is_reported(small_records: History) -> None:
    """A territory for a customer that does not exist names the customer and the owner."""
    small_records["territories"].append(TerritoryAssignment("K9", "C1", start=JAN_1))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "K9", "C1")


def test_territory_of_unknown_person_is_reported(small_records: History) -> None:
    """A territory owned by a person who does not exist names the customer and the person."""
    small_records["customers"].append(Customer("K9", "New Farm", kind=CustomerKind.END_CUSTOMER))
    small_records["territories"].append(TerritoryAssignment("K9", "P9", start=JAN_1))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "K9", "P9")


def test_cycle_in_unit_tree_is_reported(small_records: History) -> None:
    """Units A -> B -> A form a cycle, reported once naming both units."""
    small_records["units"] += [
        Unit("A", "Loop A", parent_id="B", level="region"),
        Unit("B", "Loop B", parent_id="A", level="region"),
    ]
    (problem,) = validation_problems(small_records)
    assert_names(problem, "A", "B")
    assert "cycle" in str(problem)


def test_unit_that_is_its_own_parent_is_reported(small_records: History) -> None:
    """A unit that names itself as parent is reported."""
    small_records["units"].append(Unit("A", "Self", parent_id="A", level="region"))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "A")


def test_more_than_one_root_is_reported(small_records: History) -> None:
    """Two units without a parent are reported together, naming both roots."""
    small_records["units"].append(Unit("HQ2", "Other Co.", level="company"))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "HQ", "HQ2")


def test_no_root_is_reported() -> None:
    """A tree without a unit lacking a parent is reported as having no root."""
    records: History = {
        "units": [
            Unit("A", "Loop A", parent_id="B", level="region"),
            Unit("B", "Loop B", parent_id="A", level="region"),
        ],
        "people": [],
        "assignments": [],
    }
    problems = validation_problems(records)
    assert 2 == len(problems)
    assert any("found 0" in str(p) and "root" in str(p) for p in problems)
    assert any("cycle" in str(p) for p in problems)


def test_empty_unit_list_has_no_root() -> None:
    """An organization without any unit is reported as having no root."""
    (problem,) = validation_problems({"units": [], "people": [], "assignments": []})
    assert "root" in str(problem)


@pytest.mark.parametrize(
    ("kind", "duplicate"),
    [
        ("units", Unit("R1", "Copy", parent_id="D1", level="region")),
        ("people", Person("C1", "Copy")),
        ("customers", Customer("K1", "Copy", kind=CustomerKind.DEALER)),
    ],
)
def test_duplicate_ids_are_reported(small_records: History, kind: str, duplicate: Any) -> None:
    """A unit, person or customer id given twice is reported naming the id."""
    small_records[kind].append(duplicate)
    (problem,) = validation_problems(small_records)
    assert_names(problem, duplicate.id)
    assert "2 times" in str(problem)


def test_person_in_two_positions_at_once_is_reported(small_records: History) -> None:
    """A person holding two overlapping positions is reported with both units."""
    small_records["assignments"].append(
        Assignment("C1", "R2", role=Role.CONSULTANT, start=JAN_14, end=JAN_15)
    )
    (problem,) = validation_problems(small_records)
    assert_names(problem, "C1", "R1", "R2")
    assert "person 'C1'" == problem.record


def test_two_managers_of_one_unit_at_once_are_reported(small_records: History) -> None:
    """Two people managing one unit on the same day are reported with the unit and both."""
    small_records["people"].append(Person("RM9", "Han Bo"))
    small_records["assignments"].append(
        Assignment("RM9", "R1", role=Role.TEAM_LEADER, start=JAN_15, end=JAN_15)
    )
    (problem,) = validation_problems(small_records)
    assert_names(problem, "R1", "RM1", "RM9")
    assert "unit 'R1'" == problem.record


def test_customer_owned_by_two_at_once_is_reported(small_records: History) -> None:
    """A customer owned by two people on the same day is reported with all three ids."""
    small_records["territories"].append(TerritoryAssignment("K1", "C2", start=JAN_14, end=JAN_15))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "K1", "C1", "C2")
    assert "customer 'K1'" == problem.record


def test_assignment_before_hire_is_reported(small_records: History) -> None:
    """A position starting before the person was hired names the person and the unit."""
    small_records["people"].append(Person("P9", "Late", hired_on=JAN_15))
    small_records["assignments"].append(Assignment("P9", "R2", role=Role.CONSULTANT, start=JAN_14))
    (problem,) = validation_problems(small_records)
    assert_names(problem, "P9", "R2")


def test_assignment_on_hire_day_is_accepted(small_records: History) -> None:
    """A position may start on the day the person is hired."""
    small_records["people"].append(Person("P9", "On time", hired_on=JAN_15))
    small_records["assignments"].append(Assignment("P9", "R2", role=Role.CONSULTANT, start=JAN_15))
    org = Organization.from_records(**small_records)
    assert ["P9"] == [a.person_id for a in org.assignments_of("P9")]


def test_adjacent_spans_are_not_overlaps(transfer_org: Organization) -> None:
    """Spans ending on the 14th and starting on the 15th build without problems."""
    assert 2 == len(transfer_org.assignments_of("C1"))
    assert 2 == len(transfer_org.territories_of("K1"))


def test_every_problem_of_a_batch_is_reported_at_once(small_records: History) -> None:
    """A batch with five different problems reports all five, each naming its record."""
    small_records["units"].append(Unit("R9", "Lost", parent_id="D9", level="region"))
    small_records["assignments"] += [
        Assignment("P9", "R2", role=Role.CONSULTANT, start=JAN_1),
        Assignment("C2", "R2", role=Role.CONSULTANT, start=JAN_15),
    ]
    small_records["customers"].append(Customer("K1", "Copy", kind=CustomerKind.DEALER))
    small_records["territories"].append(TerritoryAssignment("K3", "C1", start=JAN_15))
    problems = validation_problems(small_records)
    expected = Counter(
        [
            "unit 'R9'",
            "assignment of 'P9' to 'R2'",
            "customer 'K1'",
            "person 'C2'",
            "customer 'K3'",
        ]
    )
    assert expected == Counter(p.record for p in problems)
    by_record = {p.record: p for p in problems}
    assert_names(by_record["unit 'R9'"], "D9")
    assert_names(by_record["assignment of 'P9' to 'R2'"], "P9")
    assert_names(by_record["person 'C2'"], "R1", "R2")
    assert_names(by_record["customer 'K3'"], "C1", "C3")
    with pytest.raises(OrganizationValidationError) as info:
        Organization.from_records(**small_records)
    assert "organization has 5 problems" == info.value.message


def test_a_record_of_the_wrong_type_is_refused(small_records: History) -> None:
    """A list holding something that is not a record of its type raises OrganizationError."""
    small_records["people"].append("C9")
    with pytest.raises(OrganizationError, match="position 6"):
        Organization.from_records(**small_records)


# -- a mid-month transfer -------------------------------------------------------------------


def test_transfer_members(transfer_org: Organization) -> None:
    """C1 is a member of R1 up to the 14th and of R2 from the 15th, of D1 throughout."""
    assert [["RM1", "C1", "C2"], ["RM2", "C3"]] == [
        ids(transfer_org.members(u, as_of=JAN_14)) for u in ("R1", "R2")
    ]
    assert [["RM1", "C2"], ["RM2", "C1", "C3"]] == [
        ids(transfer_org.members(u, as_of=JAN_15)) for u in ("R1", "R2")
    ]
    for day in (JAN_14, JAN_15):
        assert "C1" in ids(transfer_org.members("D1", as_of=day))


def test_members_take_a_role_by_its_value(transfer_org: Organization) -> None:
    """role="consultant" selects the same people as Role.CONSULTANT; a bad name raises."""
    for role in Role:
        assert transfer_org.members("D1", as_of=JAN_15, role=role.value) == transfer_org.members(
            "D1", as_of=JAN_15, role=role
        )
    assert ["C2", "C1", "C3"] == ids(transfer_org.members("D1", as_of=JAN_15, role="consultant"))
    with pytest.raises(OrganizationError, match="consultants"):
        transfer_org.members("D1", as_of=JAN_15, role="consultants")


def test_transfer_manager_of(transfer_org: Organization) -> None:
    """C1 reports to R1's manager on the 14th and to R2's manager on the 15th."""
    assert ["RM1", "RM2"] == [
        transfer_org.manager_of("C1", as_of=day).id for day in (JAN_14, JAN_15)
    ]
    assert ["RM2", "DM", "VP"] == ids(transfer_org.chain_of_command("C1", as_of=JAN_15))


def test_transfer_position_of(transfer_org: Organization) -> None:
    """position_of gives the R1 assignment on the 14th and the R2 assignment on the 15th."""
    positions = [transfer_org.position_of("C1", as_of=day) for day in (JAN_14, JAN_15)]
    assert [("R1", JAN_14), ("R2", None)] == [(p.unit_id, p.end) for p in positions]


def test_transfer_customers_of(transfer_org: Organization) -> None:
    """C1 owns K1 up to the 14th and K3 from the 15th; K1 passes to C2 and K3 from C3."""
    assert [["K1"], ["K3"]] == [
        ids(transfer_org.customers_of("C1", as_of=day)) for day in (JAN_14, JAN_15)
    ]
    assert [["K2"], ["K1", "K2"]] == [
        ids(transfer_org.customers_of("C2", as_of=day)) for day in (JAN_14, JAN_15)
    ]
    assert ["C3", "C1"] == [transfer_org.owner_of("K3", as_of=day).id for day in (JAN_14, JAN_15)]


# -- queries: unknown ids and bad dates -----------------------------------------------------

UNKNOWN_ID_QUERIES: list[Any] = [
    pytest.param(lambda org, x: org.unit(x), id="unit"),
    pytest.param(lambda org, x: org.person(x), id="person"),
    pytest.param(lambda org, x: org.customer(x), id="customer"),
    pytest.param(lambda org, x: org.subunits(x), id="subunits"),
    pytest.param(lambda org, x: org.subunits(x, recursive=True), id="subunits-recursive"),
    pytest.param(lambda org, x: org.path_to_root(x), id="path_to_root"),
    pytest.param(lambda org, x: org.members(x, as_of=JAN_1), id="members"),
    pytest.param(lambda org, x: org.manager_of_unit(x, as_of=JAN_1), id="manager_of_unit"),
    pytest.param(lambda org, x: org.position_of(x, as_of=JAN_1), id="position_of"),
    pytest.param(lambda org, x: org.assignments_of(x), id="assignments_of"),
    pytest.param(lambda org, x: org.manager_of(x, as_of=JAN_1), id="manager_of"),
    pytest.param(lambda org, x: org.chain_of_command(x, as_of=JAN_1), id="chain_of_command"),
    pytest.param(lambda org, x: org.customers_of(x, as_of=JAN_1), id="customers_of"),
    pytest.param(lambda org, x: org.owner_of(x, as_of=JAN_1), id="owner_of"),
    pytest.param(lambda org, x: org.territories_of(x), id="territories_of"),
]


@pytest.mark.parametrize("query", UNKNOWN_ID_QUERIES)
@pytest.mark.parametrize("unknown", ["NOPE", "hq", ""])
def test_unknown_id_raises_unknown_record_error(
    small_org: Organization, query: Callable[[Organization, str], Any], unknown: str
) -> None:
    """A query with an id that names no record raises UnknownRecordError naming it."""
    with pytest.raises(UnknownRecordError) as info:
        query(small_org, unknown)
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, OrganizationError)
    assert_names(info.value, unknown)


@pytest.mark.parametrize("query", UNKNOWN_ID_QUERIES)
def test_unhashable_id_raises_unknown_record_error(
    small_org: Organization, query: Callable[[Organization, Any], Any]
) -> None:
    """A query with an unhashable id raises UnknownRecordError, not a TypeError."""
    with pytest.raises(UnknownRecordError):
        query(small_org, ["HQ"])


DATED_QUERIES: list[Any] = [
    pytest.param(lambda org, day: org.members("HQ", as_of=day), id="members"),
    pytest.param(lambda org, day: org.manager_of_unit("R1", as_of=day), id="manager_of_unit"),
    pytest.param(lambda org, day: org.position_of("C1", as_of=day), id="position_of"),
    pytest.param(lambda org, day: org.manager_of("C1", as_of=day), id="manager_of"),
    pytest.param(lambda org, day: org.chain_of_command("C1", as_of=day), id="chain_of_command"),
    pytest.param(lambda org, day: org.customers_of("C1", as_of=day), id="customers_of"),
    pytest.param(lambda org, day: org.owner_of("K1", as_of=day), id="owner_of"),
]


@pytest.mark.parametrize("query", DATED_QUERIES)
@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC), id="datetime"),
        pytest.param(pendulum.datetime(2026, 1, 15, 9, 30), id="pendulum-datetime"),
        pytest.param("2026-01-15", id="string"),
    ],
)
def test_non_date_as_of_raises_date_type_error(
    small_org: Organization, query: Callable[[Organization, Any], Any], moment: Any
) -> None:
    """A datetime or string as_of raises DateTypeError (also a TypeError)."""
    with pytest.raises(DateTypeError) as info:
        query(small_org, moment)
    assert isinstance(info.value, TypeError)


@pytest.mark.parametrize("query", DATED_QUERIES)
def test_plain_date_as_of_equals_pendulum_date(
    small_org: Organization, query: Callable[[Organization, Any], Any]
) -> None:
    """A datetime.date as_of gives the same answer as the equal pendulum.Date."""
    assert query(small_org, JAN_15) == query(small_org, dt.date(2026, 1, 15))


def test_manager_of_without_position_raises(small_org: Organization) -> None:
    """Asking who someone reports to before their first day raises OrganizationError."""
    with pytest.raises(OrganizationError, match="'C1'") as info:
        small_org.manager_of("C1", as_of=shift(JAN_1, -1))
    assert not isinstance(info.value, UnknownRecordError)


# -- the unit graph -------------------------------------------------------------------------


def test_graph_is_frozen(small_org: Organization) -> None:
    """The unit graph cannot be changed: adding an edge raises NetworkXError."""
    graph = small_org.graph
    assert nx.is_frozen(graph)
    with pytest.raises(nx.NetworkXError):
        graph.add_edge("R1", "HQ")
    assert 3 == graph.number_of_edges()


def test_graph_nodes_and_edges(small_org: Organization) -> None:
    """Graph nodes are unit ids carrying name and level; edges point parent -> child."""
    graph = small_org.graph
    assert isinstance(graph, nx.DiGraph)
    assert {
        "HQ": {"name": "Feed Co.", "level": Level.COMPANY},
        "D1": {"name": "North", "level": Level.DISTRICT},
        "R1": {"name": "Xinxiang", "level": Level.REGION},
        "R2": {"name": "Hebi", "level": Level.REGION},
    } == dict(graph.nodes(data=True))
    assert {("HQ", "D1"), ("D1", "R1"), ("D1", "R2")} == set(graph.edges)
    assert nx.is_arborescence(graph)


def test_units_at_level(small_org: Organization) -> None:
    """units_at_level lists the units of a level in tree order, by Level or by label."""
    assert ["R1", "R2"] == ids(small_org.units_at_level(Level.REGION))
    assert ["R1", "R2"] == ids(small_org.units_at_level("region"))
    assert ["HQ"] == ids(small_org.units_at_level(Level.COMPANY))
    assert [] == ids(small_org.units_at_level(Level.TEAM))
    assert [] == ids(small_org.units_at_level("area"))


# -- the sample company ---------------------------------------------------------------------

JUL_1 = pendulum.Date(2026, 7, 1)


def test_sample_company_is_deterministic(company: SampleCompany) -> None:
    """The same seed gives an equal organization and the same road network."""
    again = sample_company()
    assert company == again
    assert company.org == again.org
    assert list(company.roads.edges(keys=True, data=True)) == list(
        again.roads.edges(keys=True, data=True)
    )
    assert dict(company.roads.nodes(data=True)) == dict(again.roads.nodes(data=True))


def test_sample_company_mappings_are_read_only(company: SampleCompany) -> None:
    """The frozen sample's four mappings cannot be cleared or written to."""
    for mapping in (
        company.homes,
        company.offices,
        company.prior_year_sales,
        company.market_potential,
    ):
        assert mapping
        with pytest.raises(AttributeError):
            mapping.clear()  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            mapping["X"] = 1  # type: ignore[index]
    assert 1800 == len(company.prior_year_sales)
    assert sample_company() == company


def test_sample_company_depends_on_seed(company: SampleCompany) -> None:
    """A different seed gives a different company and different roads."""
    other = sample_company(1)
    assert company.org != other.org
    assert list(company.roads.edges(data=True)) != list(other.roads.edges(data=True))


def test_sample_company_size(company: SampleCompany) -> None:
    """13 units: HQ, 3 districts and 9 regions; 1800 customers; as_of is 2026-07-01."""
    org = company.org
    assert 13 == len(org.units)
    assert [1, 3, 9] == [len(org.units_at_level(level)) for level in list(Level)[:3]]
    assert 1800 == len(org.customers)
    assert JUL_1 == company.as_of


@pytest.mark.parametrize(
    ("day", "consultants"),
    [
        # Before the moves: 3 districts x 3 regions x 5 consultants.
        (pendulum.Date(2026, 3, 31), 45),
        # One consultant promoted on 04-01, one left on 06-30.
        (JUL_1, 43),
        # A new hire on 07-15.
        (pendulum.Date(2026, 7, 15), 44),
    ],
)
def test_sample_company_head_count(
    company: SampleCompany, day: pendulum.Date, consultants: int
) -> None:
    """1 VP, 3 district and 9 regional managers; consultants follow the 2026 history."""
    org = company.org
    counts = {role: len(org.members("HQ", as_of=day, role=role)) for role in Role}
    assert {
        Role.VP_SALES: 1,
        Role.DISTRICT_MANAGER: 3,
        Role.REGIONAL_MANAGER: 9,
        Role.TEAM_LEADER: 0,
        Role.CONSULTANT: consultants,
    } == counts


def test_sample_company_without_history_has_45_consultants() -> None:
    """Without history, the as_of day has 1 VP, 3 + 9 managers and 45 consultants."""
    company = sample_company(history=False)
    org = company.org
    assert [1, 3, 9, 45] == [
        len(org.members("HQ", as_of=company.as_of, role=role))
        for role in (Role.VP_SALES, Role.DISTRICT_MANAGER, Role.REGIONAL_MANAGER, Role.CONSULTANT)
    ]
    assert {40} == {
        len(org.customers_of(p.id, as_of=company.as_of))
        for p in org.members("HQ", as_of=company.as_of, role=Role.CONSULTANT)
    }


@pytest.mark.parametrize(
    "day",
    [
        pendulum.Date(2026, 1, 1),
        pendulum.Date(2026, 6, 30),
        JUL_1,
        pendulum.Date(2026, 7, 14),
        pendulum.Date(2026, 7, 15),
        pendulum.Date(2026, 12, 31),
    ],
)
def test_sample_company_every_customer_has_an_owner_with_40(
    company: SampleCompany, day: pendulum.Date
) -> None:
    """On any day of 2026 every customer has one owner, and every owner has 40 customers."""
    org = company.org
    owners = Counter(org.owner_of(c.id, as_of=day).id for c in org.customers)
    assert 1800 == sum(owners.values())
    assert {40} == set(owners.values())
    for person_id, count in owners.items():
        assert count == len(org.customers_of(person_id, as_of=day))


def test_sample_company_customers_sit_on_the_road_network(company: SampleCompany) -> None:
    """Every customer's node is in the road graph, at the customer's location."""
    roads = company.roads
    for customer in company.org.customers:
        assert customer.node in roads
        node = roads.nodes[customer.node]
        assert (node["y"], node["x"]) == (customer.location.lat, customer.location.lon)
    assert set(company.homes.values()) <= set(roads.nodes)
    assert set(company.offices.values()) <= set(roads.nodes)
    assert {u.id for u in company.org.units} == set(company.offices)


def test_sample_company_roads_are_strongly_connected(company: SampleCompany) -> None:
    """Every road node reaches every other; every edge has positive length and travel time."""
    roads = company.roads
    assert isinstance(roads, nx.MultiDiGraph)
    assert nx.is_strongly_connected(roads)
    bad = [
        (u, v)
        for u, v, data in roads.edges(data=True)
        if not (data["length"] > 0 and data["travel_time"] > 0)
    ]
    assert [] == bad


def test_sample_history_promotion_and_move(company: SampleCompany) -> None:
    """On 04-01 D2-R3's top consultant manages D2-R3 and its old manager manages D3-R1."""
    org = company.org
    mar_31, apr_1 = pendulum.Date(2026, 3, 31), pendulum.Date(2026, 4, 1)
    assert [["P-D3-R1-M", "P-D2-R3-M"], ["P-D2-R3-M", "P-D2-R3-C1"]] == [
        [org.manager_of_unit(u, as_of=day).id for day in (mar_31, apr_1)]
        for u in ("D3-R1", "D2-R3")
    ]
    assert org.position_of("P-D3-R1-M", as_of=apr_1) is None
    promoted = org.position_of("P-D2-R3-C1", as_of=apr_1)
    assert (Role.REGIONAL_MANAGER, "D2-R3") == (promoted.role, promoted.unit_id)
    assert Role.CONSULTANT is org.position_of("P-D2-R3-C1", as_of=mar_31).role
    assert "P-D2-M" == org.manager_of("P-D2-R3-C1", as_of=apr_1).id
    assert "P-D2-R3-C1" == org.manager_of("P-D2-R3-C2", as_of=apr_1).id
    assert "P-D3-M" == org.manager_of("P-D2-R3-M", as_of=apr_1).id
    # The promoted consultant keeps their customers.
    assert 40 == len(org.customers_of("P-D2-R3-C1", as_of=apr_1))


def test_sample_history_departure_and_cover(company: SampleCompany) -> None:
    """D1-R2's last consultant leaves after 06-30; the regional manager covers 07-01..07-14."""
    org = company.org
    leaver, jun_30 = "P-D1-R2-C5", pendulum.Date(2026, 6, 30)
    jul_14, jul_15 = pendulum.Date(2026, 7, 14), pendulum.Date(2026, 7, 15)
    assert org.position_of(leaver, as_of=jun_30) is not None
    assert org.position_of(leaver, as_of=JUL_1) is None
    left_behind = org.customers_of(leaver, as_of=jun_30)
    assert 40 == len(left_behind)
    assert () == org.customers_of(leaver, as_of=JUL_1)
    assert leaver not in ids(org.members("D1-R2", as_of=JUL_1))
    owners = {
        day: {org.owner_of(c.id, as_of=day).id for c in left_behind}
        for day in (JUL_1, jul_14, jul_15)
    }
    assert {JUL_1: {"P-D1-R2-M"}, jul_14: {"P-D1-R2-M"}, jul_15: {"P-D1-R1-C5"}} == owners


def test_sample_history_transfer_and_new_hire(company: SampleCompany) -> None:
    """On 07-15 D1-R1's last consultant moves to D1-R2 and a new hire takes the old customers."""
    org = company.org
    mover, newcomer = "P-D1-R1-C5", "P-D1-R1-C6"
    jul_14, jul_15 = pendulum.Date(2026, 7, 14), pendulum.Date(2026, 7, 15)
    assert ["D1-R1", "D1-R2"] == [
        org.position_of(mover, as_of=day).unit_id for day in (jul_14, jul_15)
    ]
    assert ["P-D1-R1-M", "P-D1-R2-M"] == [
        org.manager_of(mover, as_of=day).id for day in (jul_14, jul_15)
    ]
    assert jul_15 == org.person(newcomer).hired_on
    assert org.position_of(newcomer, as_of=jul_14) is None
    assert "D1-R1" == org.position_of(newcomer, as_of=jul_15).unit_id
    old_book = org.customers_of(mover, as_of=jul_14)
    assert old_book == org.customers_of(newcomer, as_of=jul_15)
    assert () == org.customers_of(newcomer, as_of=jul_14)
    assert "P-D1-R1-C6" in ids(org.members("D1-R1", as_of=jul_15))
    assert mover in ids(org.members("D1-R2", as_of=jul_15))
    assert mover not in ids(org.members("D1-R1", as_of=jul_15))


@pytest.mark.parametrize(
    "sizes",
    [
        {"districts": 0},
        {"districts": 6},
        {"districts": 2.0},
        {"regions_per_district": 0},
        {"regions_per_district": 11},
        {"consultants_per_region": 0},
        {"consultants_per_region": 21},
        {"customers_per_consultant": 0},
        {"customers_per_consultant": 61},
        {"districts": 1},  # too small for the history
        {"consultants_per_region": 1},  # too small for the history
    ],
)
def test_sample_company_bad_sizes_raise(sizes: dict[str, Any]) -> None:
    """Sizes out of range (or too small for the history) raise OrganizationError."""
    with pytest.raises(OrganizationError, match="sample company"):
        sample_company(**sizes)


@settings(max_examples=10)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_small_sample_companies_are_valid(seed: int) -> None:
    """Any seed gives a small company whose customers all sit on its road network."""
    small = sample_company(
        seed,
        districts=1,
        regions_per_district=1,
        consultants_per_region=2,
        customers_per_consultant=5,
        history=False,
    )
    assert ["P-VP", "P-D1-M", "P-D1-R1-M", "P-D1-R1-C1", "P-D1-R1-C2"] == ids(
        small.org.members("HQ", as_of=small.as_of)
    )
    assert all(c.node in small.roads for c in small.org.customers)
    assert nx.is_strongly_connected(small.roads)
