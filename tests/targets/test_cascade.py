"""Tests for deepmarketing.targets.cascade and prorate: the level-by-level split down the org.

The properties run over random valid organization histories (``org_histories``: a random
unit tree, people moving between units, joining and leaving, in January to March 2026)
and compare the plan with a reference worked out here from the docstring: each unit's
target (times ``1 + over-assignment``, rounded half-even to the quantum) is split among
its subunits and its consultants' seats by :func:`apportion`, a subunit weighing its
weight and a seat its holder's weight times the share of the period's working days the
holder spent in the unit.
"""

from __future__ import annotations

import decimal
import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

import attrs
import pendulum
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from deepmarketing.errors import AllocationError, AmountTypeError, TargetError
from deepmarketing.org import Assignment, Organization, Person, Role, Unit
from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.quantities import SALES_CNY, Metric, Rounding, quantize
from deepmarketing.samples import sample_company
from deepmarketing.targets import (
    Blend,
    Even,
    FromCustomers,
    FromPeople,
    OwnerKind,
    Target,
    TargetNegotiation,
    TargetPlan,
    apportion,
    cascade,
    prorate,
)
from org_strategies import window_days
from strategies import dates, org_histories, weights, work_calendars

QUANTA = tuple(Decimal(q) for q in ("1", "0.01", "0.05", "0.001"))
PERIODS = (Period.parse("2026-Q1"), Period.parse("2026-02"), Period.parse("2026-01"))
EXACT = decimal.Context(prec=100, traps=[decimal.Inexact])
DAY = pendulum.Date


# -- brute force from the organization's records ----------------------------------------------


Span = tuple[pendulum.Date, pendulum.Date]


def seats(
    org: Organization, period: Period, roles: frozenset[Role] = frozenset({Role.CONSULTANT})
) -> dict[tuple[str, str], list[Span]]:
    """Each (person, unit) with a position in ``roles`` during ``period``: its clipped spans."""
    found: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for a in org.assignments:
        if a.role not in roles or a.start > period.end:
            continue
        if a.end is not None and a.end < period.start:
            continue
        first = max(a.start, period.start)
        last = period.end if a.end is None else min(a.end, period.end)
        found[(a.person_id, a.unit_id)].append((first, last))
    return dict(found)


def days_of(spans: list[Span]) -> set[pendulum.Date]:
    """Every day of the spans."""
    return {
        DAY.fromordinal(n)
        for first, last in spans
        for n in range(first.toordinal(), last.toordinal() + 1)
    }


def workdays(days: set[pendulum.Date], calendar: WorkCalendar | None) -> int:
    """How many of ``days`` are working days (all of them without a calendar)."""
    return sum(1 for d in days if calendar is None or calendar.is_workday(d))


def children_of(org: Organization) -> dict[str, list[str]]:
    """Each unit's direct subunits, from the records."""
    children: dict[str, list[str]] = defaultdict(list)
    for unit in org.units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.id)
    return children


def person_keys(plan: TargetPlan) -> set[tuple[str, str]]:
    """The (person, unit) pairs the plan has a target for."""
    return {(t.owner_id, t.unit_id) for t in plan if t.kind is OwnerKind.PERSON}


def level_label(unit: Unit) -> str:
    """The label over-assignment keys a unit's level by."""
    return str(unit.level)


# -- cases ----------------------------------------------------------------------------------


class Case(NamedTuple):
    """One call of ``cascade``."""

    org: Organization
    metric: Metric
    period: Period
    total: Decimal
    weights: Any
    calendar: WorkCalendar | None
    raw: Mapping[str, Decimal | int | str] | None  # the weights as a mapping, if random

    def run(self, **options: Any) -> TargetPlan:
        """Cascade the case, with extra keyword options."""
        return cascade(
            self.org,
            self.metric,
            self.period,
            self.total,
            weights=options.pop("weights", self.weights),
            calendar=options.pop("calendar", self.calendar),
            **options,
        )

    def weight_of(self, owner_id: str) -> Fraction:
        """The raw weight of a unit or person id."""
        if self.raw is None:
            return Fraction(1)
        return Fraction(Decimal(str(self.raw[owner_id])))


def all_ids(org: Organization) -> list[str]:
    """Every unit and person id."""
    return sorted({u.id for u in org.units} | {p.id for p in org.people})


def person_ids_apart(history: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The history with every person id prefixed by "p", so no unit shares an id with a person."""

    def rename(record: Any, field: str) -> Any:
        return attrs.evolve(record, **{field: "p" + getattr(record, field)})

    return {
        **history,
        "people": [rename(p, "id") for p in history["people"]],
        "assignments": [rename(a, "person_id") for a in history["assignments"]],
        "territories": [rename(t, "person_id") for t in history["territories"]],
    }


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    even: bool | None = None,
    with_calendar: bool | None = None,
    ids_apart: bool = False,
) -> Case:
    """A random org history, quantum, period, total, weights and calendar.

    Args:
        draw: Hypothesis' draw function.
        even: Even() weights (True), random weights (False), or either.
        with_calendar: A calendar (True), none (False), or either.
        ids_apart: Keep person ids apart from unit ids (a lock names one record only).
    """
    history = draw(org_histories())
    org = Organization.from_records(**(person_ids_apart(history) if ids_apart else history))
    quantum = draw(st.sampled_from(QUANTA))
    steps = draw(st.one_of(st.integers(0, 40), st.integers(0, 10**9)))
    if even is None:
        even = draw(st.booleans())
    raw = None
    if even:
        given_weights: Any = Even()
    else:
        raw = draw(
            st.fixed_dictionaries(
                dict.fromkeys(all_ids(org), weights(max_value=1000, max_places=3))
            )
        )
        # A mapping may not name an id that is both a unit's and a person's (cascade
        # refuses to guess which is meant); a callable gets the bare id either way.
        shared = {u.id for u in org.units} & {p.id for p in org.people}
        given_weights = raw if not shared and draw(st.booleans()) else raw.__getitem__
    if with_calendar is None:
        with_calendar = draw(st.booleans())
    calendar = draw(work_calendars(dates(DAY(2025, 12, 25), DAY(2026, 4, 5))))
    return Case(
        org=org,
        metric=Metric("sales", "CNY", quantum),
        period=draw(st.sampled_from(PERIODS)),
        total=EXACT.multiply(Decimal(steps), quantum),
        weights=given_weights,
        calendar=calendar if with_calendar else None,
        raw=raw,
    )


# -- the reference shares ---------------------------------------------------------------------


def child_weights(
    case: Case, plan: TargetPlan, unit_id: str
) -> dict[tuple[str, str, str], Fraction]:
    """The weight of each child of ``unit_id``, from the records, by target key.

    A subunit weighs its weight times every working day of the period, a seat its
    holder's weight times the working days they spent in the unit: weight x share of
    the period, on one scale. Where every member of the group weighs zero, each weighs 1.
    """
    org, period = case.org, case.period
    total_days = workdays(set(period.dates()), case.calendar)
    subunits = children_of(org).get(unit_id, [])
    held = {
        person: spans for (person, unit), spans in seats(org, period).items() if unit == unit_id
    }
    raw = {owner: case.weight_of(owner) for owner in [*subunits, *held]}
    if not any(raw.values()):
        raw = dict.fromkeys(raw, Fraction(1))  # a group that weighs nothing: 1 each
    result: dict[tuple[str, str, str], Fraction] = {}
    for unit in subunits:
        result[("unit", unit, unit)] = raw[unit] * total_days
    for person, spans in held.items():
        days = workdays(days_of(spans), case.calendar)
        result[("person", person, unit_id)] = raw[person] * days
    return result


def assert_shares_follow_weights(case: Case, plan: TargetPlan) -> None:
    """Each unlocked child is within one quantum of its exact share of what is left to share."""
    quantum = Fraction(case.metric.quantum)
    for target in plan:
        if target.kind is not OwnerKind.UNIT:
            continue
        children = plan.children(target.owner_id)
        expected = child_weights(case, plan, target.owner_id)
        assert set(expected) == {c.key for c in children}, target.owner_id
        free = [c for c in children if not c.locked]
        if not free:
            continue
        assert target.children_total is not None
        rest = Fraction(target.children_total) - sum(
            Fraction(c.amount) for c in children if c.locked
        )
        weights = {c.key: expected[c.key] for c in free}
        total = sum(weights.values())
        for child in free:
            # All-zero weights split evenly.
            exact = rest * weights[child.key] / total if total else rest / len(free)
            assert abs(Fraction(child.amount) - exact) < quantum, (target.owner_id, child.key)


# -- conservation and the reference -----------------------------------------------------------


@settings(max_examples=60)
@given(cases())
def test_plan_passes_its_check(case: Case) -> None:
    """The cascade's plan passes TargetPlan.check(): conservation at every level."""
    assert [] == case.run().check()


@settings(max_examples=60)
@given(cases())
def test_children_add_up_to_children_total(case: Case) -> None:
    """Every unit's children (subunits and people) add up exactly to its children_total."""
    plan = case.run()
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for target in plan:
        if target.parent_id is not None:
            sums[target.parent_id] += target.amount
        if target.kind is OwnerKind.PERSON:
            assert target.children_total is None
    for target in plan:
        if target.kind is OwnerKind.UNIT and target.owner_id in sums:
            assert target.children_total == sums[target.owner_id], target.owner_id
            assert target.amount == target.children_total  # no over-assignment
    assert case.total == plan.root.amount


@settings(max_examples=80)
@given(cases())
def test_amounts_follow_weights_times_share_of_the_period(case: Case) -> None:
    """Each child gets apportion's share by weight x share of the period's working days."""
    plan = case.run()
    assert_shares_follow_weights(case, plan)


def test_even_splits_evenly_between_a_subunit_and_a_consultant() -> None:
    """Even() gives a subunit and a full-period consultant of the same unit the same share."""
    day = DAY(2025, 1, 1)
    org = Organization.from_records(
        units=[Unit("HQ", "Co", level="company"), Unit("R1", "R", parent_id="HQ", level="region")],
        people=[Person("P1", "Wang"), Person("P2", "Li")],
        assignments=[
            Assignment("P1", "HQ", role=Role.CONSULTANT, start=day),
            Assignment("P2", "R1", role=Role.CONSULTANT, start=day),
        ],
    )
    plan = cascade(org, SALES_CNY, Period.parse("2026-Q1"), Decimal("100.00"), weights=Even())
    assert Decimal("50.00") == plan.for_unit("R1")
    assert Decimal("50.00") == plan.for_person("P1")


# -- who gets a target ------------------------------------------------------------------------


@settings(max_examples=80)
@given(cases())
def test_every_consultant_of_the_period_has_a_target_and_nobody_else(case: Case) -> None:
    """Exactly the (person, unit) pairs with a consultant position in the period have targets."""
    plan = case.run()
    assert set(seats(case.org, case.period)) == person_keys(plan)
    assert {u.id for u in case.org.units} == {t.owner_id for t in plan if t.kind is OwnerKind.UNIT}
    assert len(plan) == len({t.key for t in plan})


@settings(max_examples=80)
@given(cases())
def test_a_seat_covers_the_days_its_holder_sat_there(case: Case) -> None:
    """A person's target covers the first to the last day they sat in the unit in the period."""
    plan = case.run()
    held = seats(case.org, case.period)
    for target in plan:
        if target.kind is OwnerKind.PERSON:
            days = days_of(held[(target.owner_id, target.unit_id)])
            assert (min(days), max(days)) == (target.period.start, target.period.end)
            assert case.period.kind == target.period.kind
            assert case.period.contains(target.period)


@settings(max_examples=80)
@given(cases())
def test_a_movers_targets_partition_their_time_in_the_period(case: Case) -> None:
    """The runs of one person's targets do not overlap and cover exactly their days in post."""
    plan = case.run()
    held = seats(case.org, case.period)
    for person in plan.people():
        targets = plan.person_targets(person)
        covered = [set(run.dates()) for t in targets for run in t.runs]
        assert sum(len(c) for c in covered) == len(set().union(*covered)), person
        in_post = set().union(*(days_of(held[(person, t.unit_id)]) for t in targets))
        assert in_post == set().union(*covered), person
        for target in targets:
            # spans only where the seat is more than one run, each a clipped period.
            assert 1 != len(target.spans)
            assert all(case.period.kind == run.kind for run in target.runs)
            assert (target.period.start, target.period.end) == (
                target.runs[0].start,
                target.runs[-1].end,
            )


@settings(max_examples=80)
@given(cases(even=True, with_calendar=True))
def test_seat_weights_are_the_working_days_in_the_unit(case: Case) -> None:
    """With equal weights and a calendar, each seat weighs in proportion to its working days."""
    plan = case.run()
    held = seats(case.org, case.period)
    people = [t for t in plan if t.kind is OwnerKind.PERSON]
    for target in people:
        assert target.weight is not None
        days = workdays(days_of(held[(target.owner_id, target.unit_id)]), case.calendar)
        other = people[0]
        assert other.weight is not None
        other_days = workdays(days_of(held[(other.owner_id, other.unit_id)]), case.calendar)
        # weight / days is the same for every seat (cross-multiplied: exact).
        assert target.weight * other_days == other.weight * days


@st.composite
def zero_weight_cases(draw: st.DrawFn) -> Case:
    """A case whose weights are zero for everyone, or for many: groups that weigh nothing."""
    case = draw(cases(even=False, ids_apart=True))
    assert case.raw is not None
    if draw(st.booleans()):
        raw: dict[str, Decimal | int | str] = dict.fromkeys(case.raw, 0)
    else:
        raw = {k: draw(st.sampled_from([0, 0, 0, v])) for k, v in case.raw.items()}
    return case._replace(weights=raw if draw(st.booleans()) else raw.__getitem__, raw=raw)


@settings(max_examples=80)
@given(zero_weight_cases())
def test_seats_are_prorated_by_working_days_whatever_the_weights(case: Case) -> None:
    """A seat weighs its holder's weight (1 each where the whole group weighs 0) x its days."""
    plan = case.run()
    assert [] == plan.check()
    for target in plan:
        if target.kind is not OwnerKind.UNIT:
            continue
        expected = child_weights(case, plan, target.owner_id)
        for child in plan.children(target.owner_id):
            assert child.weight is not None
            assert expected[child.key] == Fraction(child.weight), child.key
    assert_shares_follow_weights(case, plan)


def test_a_group_without_weight_is_still_prorated() -> None:
    """All-zero weights (a new region, no prior sales) split by working days, not evenly."""
    org = Organization.from_records(
        units=[
            Unit("HQ", "Co", level="company"),
            Unit("R1", "North", parent_id="HQ", level="region"),
        ],
        people=[Person("A", "full year"), Person("B", "joins 1 Dec")],
        assignments=[
            Assignment("A", "R1", role=Role.CONSULTANT, start=DAY(2025, 1, 1)),
            Assignment("B", "R1", role=Role.CONSULTANT, start=DAY(2026, 12, 1)),
        ],
    )
    year = Period.parse("2026")
    total = Decimal("365000.00")
    zero = cascade(org, SALES_CNY, year, total, weights={"R1": 1, "A": 0, "B": 0})
    even = cascade(org, SALES_CNY, year, total, weights=Even())
    assert (Decimal("336426.77"), Decimal("28573.23")) == (
        zero.for_person("A"),
        zero.for_person("B"),
    )
    assert even == zero


def test_an_all_zero_blend_is_prorated_like_even() -> None:
    """A Blend whose every driver weighs the whole group zero prorates like Even()."""
    company = sample_company()
    blend = Blend(
        [
            (FromPeople(company.org, {}, as_of=company.as_of), 1),
            (FromCustomers(company.org, {}, as_of=company.as_of), 1),
        ]
    )
    assert {"D1": 0, "D2": 0} == blend.weights_for(["D1", "D2"])
    year = Period.parse("2026")
    total = Decimal("250000000.00")
    blended = cascade(company.org, SALES_CNY, year, total, weights=blend)
    even = cascade(company.org, SALES_CNY, year, total, weights=Even())
    assert [t.amount for t in even] == [t.amount for t in blended]
    mover, newcomer = "P-D1-R1-C5", "P-D1-R1-C6"  # moved on 15 July; joined that day
    assert blended.for_person(newcomer) < blended.for_person(mover)


def test_a_transfer_makes_two_prorated_targets() -> None:
    """The sample transfer (P-D1-R1-C5 on 15 July) gives two targets split at the move."""
    company = sample_company()
    q3 = Period.parse("2026-Q3")
    plan = cascade(
        company.org, SALES_CNY, q3, Decimal("9000000.00"), weights=Even(), calendar=company.calendar
    )
    before, after = plan.person_targets("P-D1-R1-C5")
    assert ("D1-R1", "D1-R2") == (before.unit_id, after.unit_id)
    assert Period(PeriodKind.QUARTER, DAY(2026, 7, 1), end=DAY(2026, 7, 14)) == before.period
    assert Period(PeriodKind.QUARTER, DAY(2026, 7, 15), end=DAY(2026, 9, 30)) == after.period
    calendar = company.calendar
    assert before.weight is not None
    assert after.weight is not None
    assert calendar.count_workdays(before.period) * after.weight == (
        calendar.count_workdays(after.period) * before.weight
    )
    assert plan.for_person("P-D1-R1-C5") == before.amount + after.amount
    assert [] == plan.check()


# -- over-assignment --------------------------------------------------------------------------

FRACTIONS = tuple(Decimal(f) for f in ("0", "0.1", "0.15", "0.2", "0.333", "1", "2.5"))


@settings(max_examples=60)
@given(cases(), st.sampled_from(FRACTIONS))
def test_one_over_assignment_for_every_level(case: Case, fraction: Decimal) -> None:
    """Children add up to quantize(parent x (1 + o)), never below the parent for o >= 0."""
    plan = case.run(over_assignment=fraction)
    assert [] == plan.check()
    quantum = case.metric.quantum
    for target in plan:
        if target.kind is not OwnerKind.UNIT:
            continue
        children = plan.children(target.owner_id)
        if not children:
            assert target.amount == target.children_total
            continue
        expected = quantize(target.amount * (1 + fraction), quantum, rounding=Rounding.HALF_EVEN)
        assert expected == target.children_total
        assert expected == sum((c.amount for c in children), Decimal(0))
        assert target.children_total is not None
        assert target.children_total >= target.amount


@settings(max_examples=80)
@given(cases(), st.data())
def test_over_assignment_per_level(case: Case, data: st.DataObject) -> None:
    """Per-level fractions apply to each group; siblings with conflicting ones raise TargetError."""
    labels = sorted({level_label(u) for u in case.org.units} | {"consultant", "region"})
    factors = data.draw(
        st.dictionaries(st.sampled_from(labels), st.sampled_from(FRACTIONS), max_size=4)
    )
    held = seats(case.org, case.period)
    subunits = children_of(case.org)
    conflict = False
    for unit in case.org.units:
        groups = {level_label(case.org.unit(s)) for s in subunits.get(unit.id, [])}
        if any(u == unit.id for _, u in held):
            groups.add("consultant")
        if len({factors.get(g, Decimal(0)) for g in groups}) > 1:
            conflict = True
    if conflict:
        with pytest.raises(TargetError, match="different over-assignments"):
            case.run(over_assignment=factors)
        return
    plan = case.run(over_assignment=factors)
    assert [] == plan.check()
    quantum = case.metric.quantum
    for target in plan:
        children = plan.children(target.owner_id) if target.kind is OwnerKind.UNIT else ()
        if not children:
            continue
        groups = {
            "consultant" if c.kind is OwnerKind.PERSON else level_label(case.org.unit(c.owner_id))
            for c in children
        }
        (fraction,) = {factors.get(g, Decimal(0)) for g in groups}
        expected = quantize(target.amount * (1 + fraction), quantum, rounding=Rounding.HALF_EVEN)
        assert expected == target.children_total
    assert_shares_follow_weights(case, plan)


def test_regions_add_up_to_ten_percent_more_than_their_district() -> None:
    """With {"region": 0.10} each district's regions add up to 110% of it; others to 100%."""
    company = sample_company()
    plan = cascade(
        company.org,
        SALES_CNY,
        Period.parse("2026"),
        Decimal("90000000.00"),
        weights=Even(),
        over_assignment={"region": "0.10"},
    )
    assert [] == plan.check()
    for district in ("D1", "D2", "D3"):
        assert Decimal("30000000.00") == plan.for_unit(district)
        regions = sum((plan.for_unit(u.id) for u in company.org.subunits(district)), Decimal(0))
        assert Decimal("33000000.00") == regions
    region = plan.unit_target("D1-R3")
    assert Decimal("11000000.00") == region.amount == region.children_total


def test_siblings_with_different_over_assignments_are_refused() -> None:
    """A region and a consultant under one unit cannot get different fractions: TargetError."""
    day = DAY(2025, 1, 1)
    org = Organization.from_records(
        units=[Unit("HQ", "Co", level="company"), Unit("R1", "R", parent_id="HQ", level="region")],
        people=[Person("P1", "Wang")],
        assignments=[Assignment("P1", "HQ", role=Role.CONSULTANT, start=day)],
    )
    with pytest.raises(TargetError, match="different over-assignments") as info:
        cascade(
            org,
            SALES_CNY,
            Period.parse("2026"),
            Decimal(100),
            weights=Even(),
            over_assignment={"region": Decimal("0.1")},
        )
    assert "unit 'HQ'" == info.value.record
    plan = cascade(
        org,
        SALES_CNY,
        Period.parse("2026"),
        Decimal(100),
        weights=Even(),
        over_assignment={"region": Decimal("0.1"), "consultant": Decimal("0.1")},
    )
    assert Decimal("110.00") == plan.unit_target("HQ").children_total


@settings(max_examples=40)
@given(cases(), st.sampled_from([Decimal("-0.1"), Decimal("-0.5"), Decimal("-0.999")]))
def test_a_negative_over_assignment_is_refused(case: Case, fraction: Decimal) -> None:
    """Children may not add up to less than their parent: a negative fraction raises."""
    with pytest.raises(AllocationError, match="over-assignment"):
        case.run(over_assignment=fraction)
    with pytest.raises(AllocationError, match="over-assignment"):
        case.run(over_assignment={"consultant": fraction})


# -- locked figures ---------------------------------------------------------------------------


def ancestors(org: Organization, unit_id: str) -> list[str]:
    """The units above ``unit_id`` (not the root, not itself)."""
    return [u.id for u in org.path_to_root(unit_id)[1:-1]]


@st.composite
def locked_cases(draw: st.DrawFn) -> tuple[Case, TargetPlan, dict[str, Decimal], set[str]]:
    """A case, its plan without locks, locks that fit, and which locks were drawn at random.

    Units and people are drawn at random and locked at a random figure up to their
    unlocked one (a mover: up to their smallest seat). Every unit above a drawn one is
    locked at its unlocked figure, so what each parent hands down stays the same and the
    locks of one parent never add up to more; where every child of a unit is locked the
    figures must add up exactly, so one drawn lock there is let go.
    """
    case = draw(cases(ids_apart=True))
    plan = case.run()
    quantum = case.metric.quantum
    units = [t.owner_id for t in plan if t.kind is OwnerKind.UNIT and t.parent_id is not None]
    people = list(plan.people())
    candidates = units + people
    assume(candidates)
    chosen = draw(st.sets(st.sampled_from(candidates), min_size=1, max_size=4))
    org = case.org
    is_unit = set(units)

    def seat_units(owner: str) -> list[str]:
        if owner in is_unit:
            return [owner]
        return [t.unit_id for t in plan.person_targets(owner)]

    closure = {a for owner in chosen for u in seat_units(owner) for a in ancestors(org, u)}
    if any(o not in is_unit for o in chosen):
        closure |= {u for owner in chosen if owner not in is_unit for u in seat_units(owner)} - {
            org.root.id
        }
    locks: dict[str, Decimal] = {u: plan.for_unit(u) for u in closure}
    drawn: set[str] = set()
    for owner in sorted(chosen):
        if owner in closure:
            continue
        if owner in is_unit:
            top = plan.for_unit(owner)
        else:
            top = min(t.amount for t in plan.person_targets(owner))
        steps = int(top / quantum)
        locks[owner] = EXACT.multiply(Decimal(draw(st.integers(0, steps))), quantum)
        drawn.add(owner)
    # Where every child of a unit is locked, one drawn lock is let go.
    for unit in [t for t in plan if t.kind is OwnerKind.UNIT]:
        children = plan.children(unit.owner_id)
        owners = {c.owner_id for c in children}
        if children and owners <= set(locks):
            loose = sorted(owners & drawn)
            if loose:
                del locks[loose[0]]
                drawn.discard(loose[0])
    return case, plan, locks, drawn


@settings(max_examples=80)
@given(locked_cases())
def test_locked_figures_are_kept_and_the_rest_rebalanced(
    args: tuple[Case, TargetPlan, dict[str, Decimal], set[str]],
) -> None:
    """Locked units and people keep their figures exactly; the others share what is left."""
    case, _, locks, _ = args
    plan = case.run(locked=locks)
    assert [] == plan.check()
    people = set(plan.people())
    for owner, value in locks.items():
        if owner in people:
            assert value == plan.for_person(owner)
            assert all(t.locked for t in plan.person_targets(owner))
        else:
            assert value == plan.for_unit(owner)
            assert plan.unit_target(owner).locked
    for target in plan:
        assert (target.weight is None) == (target.locked or target.parent_id is None)
        assert target.locked == (target.owner_id in locks)
    assert_shares_follow_weights(case, plan)


def test_locked_ids_not_in_the_plan_are_listed() -> None:
    """Locking ids the plan does not have raises one AllocationError naming each of them."""
    company = sample_company()
    with pytest.raises(AllocationError) as info:
        cascade(
            company.org,
            SALES_CNY,
            Period.parse("2026-Q3"),
            Decimal("9000000.00"),
            weights=Even(),
            locked={"NOPE": Decimal(0), "P-VP": Decimal(0), "D1-R1": Decimal(0), "X-9": 1},
        )
    message = str(info.value)
    assert "'NOPE'" in message
    assert "'X-9'" in message
    assert "'P-VP'" in message  # a manager carries no personal target
    assert "'D1-R1'" not in message


def test_locked_figures_above_what_the_parent_hands_down_are_refused() -> None:
    """Locks of one unit's children adding up to more than it has raise naming the unit."""
    company = sample_company()
    with pytest.raises(AllocationError, match="D1") as info:
        cascade(
            company.org,
            SALES_CNY,
            Period.parse("2026-Q3"),
            Decimal("9000.00"),
            weights=Even(),
            locked={"D1-R1": Decimal("2000.00"), "D1-R2": Decimal("2000.00")},
        )
    assert "4000.00" in str(info.value)


def test_every_child_locked_with_something_left_is_refused() -> None:
    """If every child of a unit is locked and their figures fall short, AllocationError says so."""
    company = sample_company(
        districts=1, regions_per_district=2, consultants_per_region=2, history=False
    )
    with pytest.raises(AllocationError, match="every child is locked"):
        cascade(
            company.org,
            SALES_CNY,
            Period.parse("2026-Q3"),
            Decimal("100.00"),
            weights=Even(),
            locked={"D1": Decimal("100.00"), "D1-R1": Decimal("10.00"), "D1-R2": Decimal("10.00")},
        )


def test_the_top_unit_locked_at_another_figure_is_refused() -> None:
    """Locking the top unit at anything but the total raises AllocationError."""
    company = sample_company()
    with pytest.raises(AllocationError, match="top unit"):
        cascade(
            company.org,
            SALES_CNY,
            Period.parse("2026"),
            Decimal("100.00"),
            weights=Even(),
            locked={"HQ": Decimal("99.00")},
        )


# -- the plan's views -----------------------------------------------------------------------


@settings(max_examples=60)
@given(cases(), st.one_of(window_days(), st.sampled_from([DAY(2025, 12, 1), DAY(2026, 4, 30)])))
def test_as_of_gives_everyone_in_post_that_day_one_full_period_target(
    case: Case, day: pendulum.Date
) -> None:
    """With as_of, each consultant in post that day has one full-period target in that unit."""
    plan = case.run(as_of=day)
    assert [] == plan.check()
    in_post = {
        (a.person_id, a.unit_id)
        for a in case.org.assignments
        if a.role is Role.CONSULTANT and a.active_on(day)
    }
    assert in_post == person_keys(plan)
    for target in plan:
        assert case.period == target.period
        assert not target.locked
    assert len(in_post) == len(plan.people())


@settings(max_examples=60)
@given(cases())
def test_lookups_agree_with_the_target_records(case: Case) -> None:
    """for_unit, for_person, children and people agree with iterating the Target records."""
    plan = case.run()
    by_person: dict[str, Decimal] = defaultdict(Decimal)
    order: list[str] = []
    for target in plan:
        if target.kind is OwnerKind.UNIT:
            assert target.amount == plan.for_unit(target.owner_id)
            assert target == plan.unit_target(target.owner_id)
        else:
            if target.owner_id not in by_person:
                order.append(target.owner_id)
            by_person[target.owner_id] += target.amount
    assert order == list(plan.people())
    for person, amount in by_person.items():
        assert amount == plan.for_person(person)
    for person in {p.id for p in case.org.people} - set(by_person):
        with pytest.raises(TargetError):
            plan.for_person(person)
    with pytest.raises(TargetError):
        plan.for_unit("no such unit")
    assert list(plan) == list(plan.targets)
    seen: set[str] = set()
    for target in plan:  # parents come before their children
        assert target.parent_id is None or target.parent_id in seen
        if target.kind is OwnerKind.UNIT:
            seen.add(target.owner_id)


@settings(max_examples=60)
@given(cases())
def test_to_rows_has_one_row_per_target_with_string_amounts(case: Case) -> None:
    """to_rows gives one row per target, in order, with amounts as exact strings."""
    plan = case.run()
    rows = plan.to_rows()
    assert len(plan) == len(rows)
    for target, row in zip(plan, rows, strict=True):
        assert isinstance(row["amount"], str)
        assert target.amount == Decimal(row["amount"])
        assert (target.owner_id, target.unit_id, target.parent_id) == (
            row["owner_id"],
            row["unit_id"],
            row["parent_id"],
        )
        assert target.kind.value == row["kind"]
        assert str(target.period) == row["period"]
        assert target.period == Period.parse(row["period"])
        if target.children_total is None:
            assert row["children_total"] is None
        else:
            assert target.children_total == Decimal(row["children_total"])
        assert (case.metric.name, case.metric.unit) == (row["metric"], row["unit"])


# -- phasing the plan -------------------------------------------------------------------------


def partial_children(plan: TargetPlan, unit_id: str) -> bool:
    """Whether some child of the unit covers only part of the plan's period."""
    return any(c.period != plan.period for c in plan.children(unit_id))


@settings(max_examples=80)
@given(
    cases(even=True, with_calendar=False),
    st.sampled_from([PeriodKind.MONTH, PeriodKind.DEKAD, PeriodKind.WEEK, PeriodKind.DAY]),
)
def test_phased_plan_passes_its_check_and_people_carry_only_their_days(
    case: Case, into: PeriodKind
) -> None:
    """Any cascaded plan phases: check() passes; a person's pieces are 0 outside their days."""
    plan = case.run()
    phased = plan.phase(into)
    event(
        "some child covers part of the period"
        if any(partial_children(plan, t.owner_id) for t in plan if t.kind is OwnerKind.UNIT)
        else "everyone covers the whole period"
    )
    assert [] == phased.check()
    held = seats(case.org, case.period)
    for target in plan:
        values = phased.of(target)
        assert list(values) == plan.period.split(into)
        if target.kind is not OwnerKind.PERSON:
            continue
        days = days_of(held[(target.owner_id, target.unit_id)])
        for piece, value in values.items():
            if not days.intersection(piece.dates()):
                assert 0 == value, (target.key, piece)


def test_a_person_who_comes_back_carries_nothing_while_away() -> None:
    """A consultant away from 11 to 31 January has one target, phased only onto days in post."""
    org = Organization.from_records(
        units=[Unit("HQ", "Co", level="company"), Unit("R1", "R", parent_id="HQ", level="region")],
        people=[Person("P1", "Wang"), Person("P2", "Li")],
        assignments=[
            Assignment("P1", "R1", role=Role.CONSULTANT, start=DAY(2025, 1, 1)),
            Assignment(
                "P2", "R1", role=Role.CONSULTANT, start=DAY(2026, 1, 1), end=DAY(2026, 1, 10)
            ),
            Assignment(
                "P2", "R1", role=Role.CONSULTANT, start=DAY(2026, 2, 1), end=DAY(2026, 2, 10)
            ),
        ],
    )
    plan = cascade(org, SALES_CNY, Period.parse("2026-Q1"), Decimal("9000.00"), weights=Even())
    (target,) = plan.person_targets("P2")
    q1 = PeriodKind.QUARTER
    assert Period(q1, DAY(2026, 1, 1), end=DAY(2026, 2, 10)) == target.period
    assert (
        Period(q1, DAY(2026, 1, 1), end=DAY(2026, 1, 10)),
        Period(q1, DAY(2026, 2, 1), end=DAY(2026, 2, 10)),
    ) == target.spans
    for into in (PeriodKind.MONTH, PeriodKind.DEKAD, PeriodKind.DAY):
        phased = plan.phase(into)
        assert [] == phased.check()
        carried = {piece for piece, value in phased.of(target).items() if value}
        in_post = set(target.spans[0].dates()) | set(target.spans[1].dates())
        assert all(in_post.intersection(piece.dates()) for piece in carried), into
    dekads = plan.phase(PeriodKind.DEKAD).of(target)
    assert [Period.parse("2026-01-D1"), Period.parse("2026-02-D1")] == [
        piece for piece, value in dekads.items() if value
    ]


def test_a_unit_whose_only_consultant_leaves_is_phased_onto_the_days_they_were_there() -> None:
    """When a unit's only consultant leaves mid-period, the unit's months follow their days."""
    org = Organization.from_records(
        units=[Unit("HQ", "Co", level="company"), Unit("R1", "R", parent_id="HQ", level="region")],
        people=[Person("P1", "Wang")],
        assignments=[
            Assignment(
                "P1", "R1", role=Role.CONSULTANT, start=DAY(2025, 1, 1), end=DAY(2026, 1, 31)
            )
        ],
    )
    plan = cascade(org, SALES_CNY, Period.parse("2026-Q1"), Decimal("900.00"), weights=Even())
    assert Decimal("900.00") == plan.for_person("P1")
    monthly = plan.phase(PeriodKind.MONTH)
    assert [] == monthly.check()
    january = [Decimal("900.00"), Decimal("0.00"), Decimal("0.00")]
    assert january == list(monthly.for_person("P1").values())
    assert january == list(monthly.for_unit("R1").values())
    assert january == list(monthly.for_unit("HQ").values())


# -- errors ---------------------------------------------------------------------------------


@given(cases(), st.sampled_from([Fraction(1, 2), Fraction(1, 10), Fraction(1, 1000)]))
def test_a_total_off_the_quantum_is_refused(case: Case, fraction: Fraction) -> None:
    """A total that is not a multiple of the metric's quantum raises AllocationError."""
    quantum = case.metric.quantum
    off = EXACT.divide(EXACT.multiply(quantum, Decimal(fraction.numerator)), fraction.denominator)
    with pytest.raises(AllocationError, match="multiple"):
        cascade(
            case.org,
            case.metric,
            case.period,
            EXACT.add(case.total, off),
            weights=case.weights,
        )


@settings(max_examples=60)
@given(cases(even=False, ids_apart=True), st.data())
def test_missing_weights_are_all_listed_in_one_error(case: Case, data: st.DataObject) -> None:
    """A weight mapping missing ids of one group raises one AllocationError naming them all."""
    assert case.raw is not None
    plan = case.run()
    groups = [
        [c.owner_id for c in plan.children(t.owner_id)]
        for t in plan
        if t.kind is OwnerKind.UNIT and plan.children(t.owner_id)
    ]
    assume(groups)
    group = data.draw(st.sampled_from(groups))
    missing = data.draw(st.sets(st.sampled_from(group), min_size=1))
    weights = {k: v for k, v in case.raw.items() if k not in missing}
    with pytest.raises(AllocationError, match="expected a weight") as info:
        case.run(weights=weights)
    message = str(info.value)
    # The first group (in tree order) with missing weights is reported, every id of it.
    listed = set(re.findall(r"'([^']*)'", message.split("none for", 1)[1]))
    assert listed
    assert listed <= set(missing)
    first = next(g for g in groups if set(g) & set(missing))
    assert set(first) & set(missing) == listed


def test_a_negative_weight_is_refused_naming_the_id() -> None:
    """A negative weight raises AllocationError naming the id."""
    company = sample_company()
    weights = dict.fromkeys([u.id for u in company.org.units], 1)
    weights.update(dict.fromkeys([p.id for p in company.org.people], 1))
    weights["D2"] = -3
    with pytest.raises(AllocationError, match=r"'D2' \(-3\)"):
        cascade(company.org, SALES_CNY, Period.parse("2026"), Decimal("100.00"), weights=weights)


def shared_id_org() -> Organization:
    """A CRM with one namespace of ids: units '1', '2', '3' and people '1' to '4'."""
    day = DAY(2025, 1, 1)
    return Organization.from_records(
        units=[
            Unit("1", "Co", level="company"),
            Unit("2", "North", parent_id="1", level="region"),
            Unit("3", "South", parent_id="1", level="region"),
        ],
        people=[Person("1", "VP"), Person("2", "Li"), Person("3", "Wang"), Person("4", "Zhao")],
        assignments=[
            Assignment("1", "1", role=Role.VP_SALES, start=day),
            Assignment("2", "2", role=Role.CONSULTANT, start=day),
            Assignment("3", "3", role=Role.CONSULTANT, start=day),
            Assignment("4", "3", role=Role.CONSULTANT, start=day),
        ],
    )


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"locked": {"2": 50}}, ["'2'"]),
        ({"weights": {"2": 1, "3": 1, "4": 1}}, ["'2'", "'3'"]),
        ({"weights": {"2": 1, "3": 1, "4": 1}, "locked": {"4": 10}}, ["'2'", "'3'"]),
        ({"locked": {"2": 50, "3": 100, "4": 10}}, ["'2'", "'3'"]),
    ],
)
def test_a_lock_or_weight_on_an_id_both_unit_and_person_is_refused(
    options: dict[str, Any], named: list[str]
) -> None:
    """Locked or mapped ids that are a unit's and a person's raise, naming every one."""
    options = {"weights": lambda _: 1, **options}
    with pytest.raises(AllocationError, match="ids must be unambiguous") as info:
        cascade(shared_id_org(), Metric("sales", "CNY", "1"), Period.parse("2026"), 300, **options)
    message = str(info.value)
    assert all(name in message for name in named)
    assert "'1'" not in message  # shared too, but neither locked nor in the mapping
    assert "'4'" not in message  # a person only


def test_shared_ids_are_fine_where_nothing_is_keyed_by_them() -> None:
    """A callable (or a driver) and locks on unshared ids still cascade in a shared namespace."""
    org = shared_id_org()
    plan = cascade(
        org,
        Metric("sales", "CNY", "1"),
        Period.parse("2026"),
        300,
        weights=lambda _: 1,
        locked={"4": 10},
    )
    assert [] == plan.check()
    assert Decimal(10) == plan.for_person("4")
    assert Decimal(150) == plan.for_person("2")


@pytest.mark.parametrize("field", ["amount", "children_total", "weight"])
def test_a_float_in_a_target_is_refused(field: str) -> None:
    """Target's amount, children_total and weight refuse floats with AmountTypeError."""
    figures: dict[str, Any] = {"amount": Decimal(1), field: 0.1}
    with pytest.raises(AmountTypeError, match="float"):
        Target(
            "P",
            OwnerKind.PERSON,
            unit_id="R",
            parent_id="HQ",
            period=Period.parse("2026"),
            **figures,
        )


def test_target_figures_become_decimals() -> None:
    """Ints and numeric strings given to a Target are kept as Decimals."""
    target = Target(
        "R",
        OwnerKind.UNIT,
        unit_id="R",
        parent_id="HQ",
        period=Period.parse("2026"),
        amount=5,
        children_total="5.50",
        weight=2,
    )
    assert (Decimal(5), Decimal("5.50"), Decimal(2)) == (
        target.amount,
        target.children_total,
        target.weight,
    )
    assert all(
        isinstance(v, Decimal) for v in (target.amount, target.children_total, target.weight)
    )


def test_with_amounts_reads_each_key_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """with_amounts builds the set of known keys once, not once per edit."""
    plan = cascade(
        sample_company().org, SALES_CNY, Period.parse("2026"), Decimal("900.00"), weights=Even()
    )
    edits = {t.key: t.amount for t in plan if t.kind is OwnerKind.PERSON}
    reads = 0
    key = Target.key

    def counting(target: Target) -> tuple[str, str, str]:
        nonlocal reads
        reads += 1
        return key.fget(target)  # type: ignore[misc]

    monkeypatch.setattr(Target, "key", property(counting))
    edited = plan.with_amounts(edits)
    assert reads <= 3 * len(plan)
    monkeypatch.undo()
    assert plan == edited


# -- the process decimal context ---------------------------------------------------------------


def everything_with_decimals() -> tuple[object, ...]:
    """The sample, a cascade with over-assignment and locks, its check, rows and a negotiation."""
    company = sample_company()
    org = company.org
    year = Period.parse("2026")
    plan = cascade(
        org,
        SALES_CNY,
        year,
        Decimal("300000000.00"),
        weights=FromCustomers(org, company.prior_year_sales, as_of=company.as_of),
        over_assignment={"region": Decimal("0.15")},
        locked={
            "D1": Decimal("123456789.01"),
            "D2": Decimal("98765432.11"),
            "P-D3-R2-C1": Decimal("1234567.89"),
        },
        calendar=company.calendar,
    )
    day = DAY(2026, 1, 5)
    even = cascade(org, SALES_CNY, year, Decimal("250000000.00"), weights=Even(), as_of=day)
    manager = org.manager_of_unit("D1-R3", as_of=day)
    assert manager is not None
    first, second = [t for t in even.children("D1-R3") if t.kind is OwnerKind.PERSON][:2]
    talks = TargetNegotiation(even, org).propose(first, first.amount, by=manager.id, at=day)
    talks = talks.counter(first, Decimal("1234567.89"), by=first.owner_id, at=day, reason="x")
    talks = talks.accept(first, by=manager.id, at=day).commit(first, by=manager.id, at=day)
    talks = talks.propose(second, Decimal("99999999.99"), by=manager.id, at=day)
    spread, kept = talks.rebalance(), talks.rebalance(leave_with_manager=True)
    return (
        company.prior_year_sales,
        company.market_potential,
        plan,
        plan.check(),
        plan.to_rows(),
        talks.gap(),
        talks.gap_by_level(),
        spread,
        spread.check(),
        kept,
        kept.check(),
        kept.to_rows(),
    )


@pytest.mark.parametrize(
    "context",
    [
        decimal.Context(prec=6, rounding=decimal.ROUND_UP),
        # Any use of the process context at all traps: one digit, exponent 0 only.
        decimal.Context(
            prec=1,
            Emin=0,
            Emax=0,
            traps=[decimal.Inexact, decimal.Rounded, decimal.Overflow, decimal.Subnormal],
        ),
    ],
    ids=["6 digits rounding up", "poisoned"],
)
def test_nothing_reads_the_process_decimal_context(context: decimal.Context) -> None:
    """The sample, cascade, check, to_rows and a negotiation give the same under any context."""
    expected = everything_with_decimals()
    assert [] == expected[3] == expected[8] == expected[10]
    with decimal.localcontext(context):
        actual = everything_with_decimals()
    assert expected == actual


# -- prorate ----------------------------------------------------------------------------------


@st.composite
def chains(draw: st.DrawFn) -> list[Assignment]:
    """One person's non-overlapping positions in and around the first quarter of 2026."""
    assignments: list[Assignment] = []
    start = draw(window_days(DAY(2025, 12, 1), DAY(2026, 3, 31)))
    for _ in range(draw(st.integers(0, 4))):
        length = draw(st.one_of(st.none(), st.integers(0, 60)))
        end = None if length is None else DAY.fromordinal(start.toordinal() + length)
        unit = draw(st.sampled_from(["R1", "R2", "R3"]))
        assignments.append(Assignment("P", unit, role=Role.CONSULTANT, start=start, end=end))
        if end is None:
            break
        start = DAY.fromordinal(end.toordinal() + 1 + draw(st.sampled_from([0, 0, 1, 9])))
    return draw(st.permutations(assignments))


@st.composite
def prorations(
    draw: st.DrawFn,
) -> tuple[Decimal, list[Assignment], Period, Decimal, WorkCalendar | None]:
    """An amount, one person's positions, a period, a quantum and maybe a calendar."""
    quantum = draw(st.sampled_from(QUANTA))
    amount = EXACT.multiply(Decimal(draw(st.integers(-(10**6), 10**9))), quantum)
    calendar = draw(st.none() | work_calendars(dates(DAY(2025, 12, 25), DAY(2026, 4, 5))))
    return amount, draw(chains()), draw(st.sampled_from(PERIODS)), quantum, calendar


def covered_days(
    assignment: Assignment | None, assignments: list[Assignment], period: Period
) -> set[pendulum.Date]:
    """The days of ``period`` an assignment covers (None: the days none covers)."""
    every = set(period.dates())
    if assignment is not None:
        end = assignment.end or period.end
        return {d for d in every if assignment.start <= d <= end}
    taken = set().union(*(covered_days(a, assignments, period) for a in assignments))
    return every - taken


@given(prorations())
def test_prorated_shares_add_up_to_the_amount(
    args: tuple[Decimal, list[Assignment], Period, Decimal, WorkCalendar | None],
) -> None:
    """Prorated shares add up to the amount exactly, each a multiple of the quantum."""
    amount, assignments, period, quantum, calendar = args
    shares = prorate(amount, assignments, period, quantum=quantum, calendar=calendar)
    assert amount == sum(shares.values(), Decimal(0))
    assert all(0 == Fraction(v) / Fraction(quantum) % 1 for v in shares.values())


@given(prorations())
def test_prorated_shares_follow_working_days(
    args: tuple[Decimal, list[Assignment], Period, Decimal, WorkCalendar | None],
) -> None:
    """Each share is within one quantum of amount x its working days / the period's."""
    amount, assignments, period, quantum, calendar = args
    total = workdays(set(period.dates()), calendar)
    assume(total)
    shares = prorate(amount, assignments, period, quantum=quantum, calendar=calendar)
    inside = [a for a in assignments if covered_days(a, assignments, period)]
    assert sorted(inside, key=lambda a: a.start) == [a for a in shares if a is not None]
    for assignment, share in shares.items():
        days = workdays(covered_days(assignment, inside, period), calendar)
        exact = Fraction(amount) * days / total
        assert abs(Fraction(share) - exact) < Fraction(quantum), assignment


@given(prorations())
def test_uncovered_working_days_go_under_none(
    args: tuple[Decimal, list[Assignment], Period, Decimal, WorkCalendar | None],
) -> None:
    """A share keyed None appears exactly when some working day of the period is uncovered."""
    amount, assignments, period, quantum, calendar = args
    inside = [a for a in assignments if covered_days(a, assignments, period)]
    shares = prorate(amount, assignments, period, quantum=quantum, calendar=calendar)
    uncovered = workdays(covered_days(None, inside, period), calendar)
    assert (uncovered > 0 or not inside) == (None in shares)


def test_overlapping_assignments_are_refused() -> None:
    """Two positions of one person on the same day raise AllocationError naming the day."""
    first = Assignment("P", "R1", role=Role.CONSULTANT, start=DAY(2026, 1, 1), end=DAY(2026, 1, 20))
    second = Assignment("P", "R2", role=Role.CONSULTANT, start=DAY(2026, 1, 20))
    with pytest.raises(AllocationError, match="2026-01-20"):
        prorate(100, [second, first], Period.parse("2026-01"), quantum=1)


def test_the_sample_transfer_is_prorated_by_working_days() -> None:
    """P-D1-R1-C5 moves on 15 July: July's target splits by working days before and after."""
    company = sample_company()
    july = Period.parse("2026-07")
    positions = company.org.assignments_of("P-D1-R1-C5")
    shares = prorate(
        Decimal("3100.00"), positions, july, quantum=Decimal("0.01"), calendar=company.calendar
    )
    assert ["D1-R1", "D1-R2"] == [a.unit_id for a in shares if a is not None]
    assert None not in shares
    calendar = company.calendar
    before = calendar.count_workdays(
        Period(PeriodKind.MONTH, DAY(2026, 7, 1), end=DAY(2026, 7, 14))
    )
    after = calendar.count_workdays(
        Period(PeriodKind.MONTH, DAY(2026, 7, 15), end=DAY(2026, 7, 31))
    )
    assert (10, 13) == (before, after)
    expected = apportion(Decimal("3100.00"), {"R1": before, "R2": after}, quantum=Decimal("0.01"))
    assert list(expected.values()) == list(shares.values())
    # Without a calendar every day counts: 14 and 17 of 31.
    by_days = prorate(Decimal(3100), positions, july, quantum=1)
    assert [Decimal(1400), Decimal(1700)] == list(by_days.values())


def test_a_profile_prorates_seats_by_the_weight_of_their_days() -> None:
    """With a seasonal profile, a seat held in a busy month weighs that month's profile share."""
    org = Organization.from_records(
        units=[Unit("HQ", "Co", level="company"), Unit("R1", "R", parent_id="HQ", level="region")],
        people=[Person("P1", "Wang"), Person("P2", "Li")],
        assignments=[
            Assignment("P1", "R1", role=Role.CONSULTANT, start=DAY(2025, 1, 1)),
            Assignment("P2", "R1", role=Role.CONSULTANT, start=DAY(2026, 12, 1)),
        ],
    )
    year = Period.parse("2026")
    season = dict.fromkeys(range(1, 12), 1) | {12: 9}  # December: 9 of 20
    flat = cascade(org, SALES_CNY, year, Decimal("2900.00"), weights=Even())
    busy = cascade(org, SALES_CNY, year, Decimal("2900.00"), weights=Even(), profile=season)
    # By days P2 weighs 31 against P1's 365; by the profile 9 against P1's 20.
    by_days = apportion(Decimal("2900.00"), {"P1": 365, "P2": 31}, quantum=Decimal("0.01"))
    assert by_days["P2"] == flat.for_person("P2")
    assert Decimal("900.00") == busy.for_person("P2")
    assert Decimal("2000.00") == busy.for_person("P1")
    assert [] == busy.check()
