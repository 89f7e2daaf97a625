"""Hypothesis strategies for the value objects of ``deepmarketing.org``.

Ids come from a small alphabet so that collisions, prefixes ("A" < "AB" < "B") and shared
ids across record kinds (a unit and a person both called "A") are frequent. Dates of
:func:`org_histories` lie in a short window so that overlaps, adjacent spans (a transfer:
one span ends on the 14th, the next starts on the 15th) and one-day spans are common.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pendulum
from hypothesis import strategies as st

from deepmarketing.org import (
    Assignment,
    Customer,
    CustomerKind,
    GeoPoint,
    Level,
    Person,
    Role,
    TerritoryAssignment,
    Unit,
)

__all__ = [
    "ID_ALPHABET",
    "WINDOW_END",
    "WINDOW_START",
    "assignments",
    "customers",
    "geo_points",
    "levels",
    "names",
    "org_histories",
    "people",
    "record_ids",
    "shift",
    "territory_assignments",
    "units",
    "window_days",
]

#: Every id is one or two of these letters: 20 ids in all, so they collide often.
ID_ALPHABET = "ABCD"

#: The window :func:`org_histories` draws its dates from (spans may run a little past it).
WINDOW_START = pendulum.Date(2026, 1, 1)
WINDOW_END = pendulum.Date(2026, 3, 31)


def shift(day: dt.date, days: int) -> pendulum.Date:
    """``day`` moved by ``days`` (negative: earlier), as a ``pendulum.Date``."""
    return pendulum.Date.fromordinal(day.toordinal() + days)


def record_ids() -> st.SearchStrategy[str]:
    """Record ids of one or two letters from :data:`ID_ALPHABET`."""
    return st.text(alphabet=ID_ALPHABET, min_size=1, max_size=2)


def names() -> st.SearchStrategy[str]:
    """Display names: any short text (names are not validated)."""
    return st.text(max_size=6)


def levels() -> st.SearchStrategy[str]:
    """Unit levels: the four :class:`Level` members or a company's own non-empty label."""
    return st.one_of(
        st.sampled_from(Level),
        st.sampled_from(["area", "zone", "region"]),
        st.text(min_size=1, max_size=4),
    )


def window_days(
    start: dt.date = WINDOW_START, end: dt.date = WINDOW_END
) -> st.SearchStrategy[pendulum.Date]:
    """Days from ``start`` to ``end`` inclusive (the history window unless told)."""
    return st.integers(start.toordinal(), end.toordinal()).map(pendulum.Date.fromordinal)


def geo_points() -> st.SearchStrategy[GeoPoint]:
    """Any valid WGS-84 point, poles and the antimeridian included."""
    return st.builds(
        GeoPoint,
        st.floats(min_value=-90.0, max_value=90.0),
        st.floats(min_value=-180.0, max_value=180.0),
    )


def units() -> st.SearchStrategy[Unit]:
    """Single units, with or without a parent id (not necessarily a valid tree)."""
    return st.builds(
        Unit,
        record_ids(),
        names(),
        parent_id=st.none() | record_ids(),
        level=levels(),
    )


def people() -> st.SearchStrategy[Person]:
    """People, hired on a known day or not."""
    return st.builds(Person, record_ids(), names(), hired_on=st.none() | window_days())


@st.composite
def _span_dates(draw: st.DrawFn) -> tuple[pendulum.Date, pendulum.Date | None]:
    start = draw(window_days())
    length = draw(st.none() | st.integers(min_value=0, max_value=60))
    return start, None if length is None else shift(start, length)


@st.composite
def _assignments(draw: st.DrawFn) -> Assignment:
    start, end = draw(_span_dates())
    return Assignment(
        draw(record_ids()),
        draw(record_ids()),
        role=draw(st.sampled_from(Role)),
        start=start,
        end=end,
    )


def assignments() -> st.SearchStrategy[Assignment]:
    """Single assignments in any role: open, one-day (end == start) or longer."""
    return _assignments()


def customers() -> st.SearchStrategy[Customer]:
    """Customers of every kind, with or without location and road node."""
    return st.builds(
        Customer,
        record_ids(),
        names(),
        kind=st.sampled_from(CustomerKind),
        location=st.none() | geo_points(),
        node=st.none() | st.integers() | st.text(max_size=3),
        priority=st.integers(min_value=0, max_value=5),
    )


@st.composite
def _territory_assignments(draw: st.DrawFn) -> TerritoryAssignment:
    start, end = draw(_span_dates())
    return TerritoryAssignment(draw(record_ids()), draw(record_ids()), start=start, end=end)


def territory_assignments() -> st.SearchStrategy[TerritoryAssignment]:
    """Single customer ownerships: open, one-day (end == start) or longer."""
    return _territory_assignments()


# -- whole histories ------------------------------------------------------------------------

_Span = tuple[pendulum.Date, pendulum.Date | None]


@st.composite
def _span_chain(draw: st.DrawFn, max_spans: int) -> list[_Span]:
    """Non-overlapping spans in date order: adjacent, one-day, gapped, the last maybe open."""
    spans: list[_Span] = []
    start = draw(window_days(shift(WINDOW_START, -3), WINDOW_END))
    for _ in range(draw(st.integers(min_value=0, max_value=max_spans))):
        length = draw(
            st.one_of(
                st.just(0),  # one day: end == start
                st.integers(min_value=1, max_value=20),
                st.integers(min_value=21, max_value=80),
                st.none(),  # open
            )
        )
        if length is None:
            spans.append((start, None))
            break
        end = shift(start, length)
        spans.append((start, end))
        # Often adjacent (a transfer: the next span starts the day after), else a gap.
        gap = draw(st.one_of(st.just(0), st.integers(min_value=1, max_value=15)))
        start = shift(end, 1 + gap)
    return spans


def _overlaps(a: _Span, b: _Span) -> bool:
    (a_start, a_end), (b_start, b_end) = a, b
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


@st.composite
def _org_histories(
    draw: st.DrawFn, max_units: int, max_people: int, max_customers: int
) -> dict[str, list[Any]]:
    # The unit tree: the first unit is the root, every other one hangs below an earlier one.
    unit_ids = draw(st.lists(record_ids(), min_size=1, max_size=max_units, unique=True))
    unit_list = [
        Unit(
            unit_id,
            draw(names()),
            parent_id=None if i == 0 else unit_ids[draw(st.integers(0, i - 1))],
            level=draw(levels()),
        )
        for i, unit_id in enumerate(unit_ids)
    ]
    # People and their positions: one chain of non-overlapping spans per person.
    person_ids = draw(st.lists(record_ids(), max_size=max_people, unique=True))
    person_list: list[Person] = []
    assignment_list: list[Assignment] = []
    managed: dict[str, list[_Span]] = defaultdict(list)
    for person_id in person_ids:
        chain = draw(_span_chain(max_spans=3))
        hiring = draw(st.sampled_from(["unknown", "first day", "any day"]))
        hired_on: pendulum.Date | None = None
        if hiring == "first day" and chain:
            hired_on = chain[0][0]
        elif hiring == "any day":
            hired_on = draw(window_days())
        person_list.append(Person(person_id, draw(names()), hired_on=hired_on))
        for span in chain:
            if hired_on is not None and span[0] < hired_on:
                continue  # would start before the hire: drop it
            unit_id = draw(st.sampled_from(unit_ids))
            role = draw(st.sampled_from(Role))
            if role.is_manager:
                if any(_overlaps(span, other) for other in managed[unit_id]):
                    role = Role.CONSULTANT  # the unit already has a manager then
                else:
                    managed[unit_id].append(span)
            assignment_list.append(
                Assignment(person_id, unit_id, role=role, start=span[0], end=span[1])
            )
    # Customers and their owners: one chain of non-overlapping ownerships per customer.
    customer_ids = draw(st.lists(record_ids(), max_size=max_customers, unique=True))
    customer_list: list[Customer] = []
    territory_list: list[TerritoryAssignment] = []
    for customer_id in customer_ids:
        customer_list.append(
            Customer(
                customer_id,
                draw(names()),
                kind=draw(st.sampled_from(CustomerKind)),
                priority=draw(st.integers(min_value=0, max_value=3)),
            )
        )
        if not person_ids:
            continue
        for start, end in draw(_span_chain(max_spans=3)):
            owner = draw(st.sampled_from(person_ids))
            territory_list.append(TerritoryAssignment(customer_id, owner, start=start, end=end))
    # The library must not depend on the order of the records: shuffle every list.
    return {
        "units": draw(st.permutations(unit_list)),
        "people": draw(st.permutations(person_list)),
        "assignments": draw(st.permutations(assignment_list)),
        "customers": draw(st.permutations(customer_list)),
        "territories": draw(st.permutations(territory_list)),
    }


def org_histories(
    *, max_units: int = 8, max_people: int = 10, max_customers: int = 10
) -> st.SearchStrategy[dict[str, list[Any]]]:
    """Valid organization histories: keyword arguments for ``Organization.from_records``.

    A random unit tree (one root), people with an optional hire date, each holding a
    chain of non-overlapping positions in random units and roles (no position before the
    hire, at most one manager per unit per day: a clashing manager span is held as a
    consultant instead), and customers each with a chain of non-overlapping owners. Spans
    are open, one-day, short or long, adjacent (transfers) or gapped; every list comes
    shuffled.

    Args:
        max_units: At most this many units (at least one, the root).
        max_people: At most this many people.
        max_customers: At most this many customers.
    """
    return _org_histories(max_units, max_people, max_customers)
