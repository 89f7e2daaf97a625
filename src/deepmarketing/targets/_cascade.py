"""The level-by-level cascade of a target down the organization, with proration."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs
import pendulum

from deepmarketing.errors import AllocationError, TargetError
from deepmarketing.org import Assignment, Organization, Role
from deepmarketing.periods import Period, WorkCalendar, to_date
from deepmarketing.quantities import (
    DECIMAL_CONTEXT,
    Amount,
    Metric,
    Rounding,
    exact_sum,
    is_multiple,
    quantize,
    to_decimal,
)
from deepmarketing.targets._apportion import apportion
from deepmarketing.targets._drivers import Driver, Weights, resolve_weights
from deepmarketing.targets._phasing import Profile, _day_weights
from deepmarketing.targets._plan import OwnerKind, Target, TargetPlan

__all__ = ["cascade", "prorate"]


class _WorkdayCounter:
    """Working days (or days) between two dates of one period, in constant time.

    With a seasonal profile each day counts for its profile weight (on one integer
    scale), so a seat held in the busy months weighs more, as phasing will see it.
    """

    def __init__(
        self, period: Period, calendar: WorkCalendar | None, profile: Profile | None = None
    ) -> None:
        self.first = period.start.toordinal()
        counts = [0]
        if profile is None:
            for day in period.dates():
                counts.append(
                    counts[-1] + (1 if calendar is None or calendar.is_workday(day) else 0)
                )
        else:
            weights = _day_weights(period, profile, calendar)
            scale = math.lcm(*(w.denominator for w in weights.values())) if weights else 1
            for day in period.dates():
                counts.append(counts[-1] + int(weights[day] * scale))
        self.prefix = counts

    def count(self, start: _dt.date, end: _dt.date) -> int:
        return (
            self.prefix[end.toordinal() - self.first + 1]
            - self.prefix[start.toordinal() - self.first]
        )

    @property
    def total(self) -> int:
        return self.prefix[-1]


def _clip(
    period: Period, start: _dt.date, end: _dt.date | None
) -> tuple[pendulum.Date, pendulum.Date]:
    first = max(to_date(start), period.start)
    last = period.end if end is None else min(to_date(end), period.end)
    return first, last


def prorate(
    amount: Amount,
    assignments: Iterable[Assignment],
    period: Period,
    *,
    quantum: Amount,
    calendar: WorkCalendar | None = None,
) -> dict[Assignment | None, Decimal]:
    """Split a full-period target over the assignments that cover parts of the period.

    Each assignment carries the share of ``amount`` its working days in the period are
    of all the period's working days (all days without a calendar). Days no assignment
    covers (before a join, after a departure) make a share of their own, under the key
    ``None``, for whoever covers them; the shares always add up to ``amount`` exactly.

    Args:
        amount: The full-period target, a multiple of ``quantum``.
        assignments: One person's positions (they must not overlap, as in a valid
            organization); those outside the period get nothing and are left out.
        period: The target's period.
        quantum: The smallest step of a share.
        calendar: Count working days under this calendar instead of all days.

    Returns:
        Each assignment's share, in date order, then ``None`` for the uncovered days if
        there are any.

    Raises:
        AllocationError: If ``amount`` is not a multiple of ``quantum``, or assignments
            overlap.

    Examples:
        >>> from deepmarketing.org import Assignment, Role
        >>> first = Assignment(
        ...     "P",
        ...     "R1",
        ...     role=Role.CONSULTANT,
        ...     start=pendulum.date(2025, 1, 1),
        ...     end=pendulum.date(2026, 7, 14),
        ... )
        >>> second = Assignment("P", "R2", role=Role.CONSULTANT, start=pendulum.date(2026, 7, 15))
        >>> shares = prorate(Decimal("3100"), [first, second], Period.parse("2026-07"), quantum=1)
        >>> [(a.unit_id if a else None, str(v)) for a, v in shares.items()]
        [('R1', '1400'), ('R2', '1700')]
    """
    counter = _WorkdayCounter(period, calendar)
    spans = sorted(
        (
            a
            for a in assignments
            if a.start <= period.end and (a.end is None or a.end >= period.start)
        ),
        key=lambda a: a.start,
    )
    weights: dict[Assignment | None, int] = {}
    covered = 0
    previous_end: _dt.date | None = None
    for assignment in spans:
        first, last = _clip(period, assignment.start, assignment.end)
        if previous_end is not None and first <= previous_end:
            raise AllocationError(
                f"assignments overlap on {first}; expected one position at a time",
                record=f"proration of {assignment.person_id!r}",
            )
        previous_end = last
        weights[assignment] = counter.count(first, last)
        covered += counter.count(first, last)
    if covered < counter.total or not spans:
        weights[None] = counter.total - covered
    return apportion(amount, weights, quantum=quantum)


@attrs.frozen
class _Slot:
    """A person's seat in one unit during the period (several assignments merged)."""

    person_id: str
    unit_id: str
    role: Role
    first: pendulum.Date
    last: pendulum.Date
    workdays: int
    runs: tuple[tuple[pendulum.Date, pendulum.Date], ...] = ()  # set when more than one

    @property
    def key(self) -> str:
        return f"{self.person_id}@{self.unit_id}"


def cascade(
    org: Organization,
    metric: Metric,
    period: Period,
    total: Amount,
    *,
    weights: Weights,
    as_of: _dt.date | None = None,
    over_assignment: Mapping[str, Amount] | Amount | None = None,
    locked: Mapping[str, Amount] | None = None,
    calendar: WorkCalendar | None = None,
    roles: Iterable[Role] = (Role.CONSULTANT,),
    profile: Profile | None = None,
) -> TargetPlan:
    """Cascade a total level by level down the unit tree to every consultant.

    Each unit's target is split among its children, its subunits and the people who
    hold a position in it, in proportion to their ``weights``, exactly, in the metric's
    quantum (:func:`apportion`). A consultant who joins, leaves or transfers during the
    period has a seat in each unit they sat in, weighted by the share of the period's
    working days they spent there, so their target is prorated. Where every member of
    a group weighs zero (a new region without prior sales), each weighs 1 instead,
    before the working days count, so seats are still prorated.

    Ids must be unambiguous. The organization allows a unit and a person to share an
    id, but ``locked`` and a mapping of ``weights`` are keyed by bare id, so such an id
    could mean either record: ``cascade`` refuses to guess and raises. Give units and
    people distinct ids (``"U-7"``, ``"P-7"``) wherever you lock or weigh by id; a
    callable receives the bare id too, and :class:`FromPeople` and
    :class:`FromCustomers` refuse a shared id the same way.

    Args:
        org: The organization.
        metric: What the target measures; its quantum is the smallest step.
        period: The period of the target.
        total: The top unit's target, a multiple of the metric's quantum.
        weights: Each child's allocation weight: a mapping from unit or person id, a
            callable taking that id, or a :class:`Driver` such as :class:`Even`,
            :func:`prior_actuals`, :func:`market_potential` or a :class:`Blend`.
        as_of: Plan on the organization as it stands on this day: the people in
            position on ``as_of`` each carry a full-period target, with no proration.
            ``None`` (the default) follows every move during the period, prorated.
        over_assignment: Extra to hand down, as a fraction: a mapping from a level
            label (``"region"``) or a role value (``"consultant"``) to the fraction by
            which the targets of that level add up above their parent's (``0.10``: the
            regions of a district add up to 110% of the district's target), or one
            fraction for every level. The children's total is the parent's target times
            ``1 + fraction``, rounded to the quantum (half-even); they add up to it
            exactly. Fractions are 0 or more: children never get less than their parent.
        locked: Targets fixed by hand, by unit or person id; the other children of the
            same parent share what is left. A locked person who moved during the period
            has the figure prorated over their seats.
        calendar: Count working days under this calendar for proration (all days
            without one).
        roles: Which positions carry personal targets (consultants by default; add
            ``Role.REGIONAL_MANAGER`` where managers carry their own accounts).
        profile: Seasonal weights (as for :func:`phase`): prorate seats by the profile
            weight of their days rather than by their plain (working) days, so that a
            seat held in the busy months carries more. Pass the same profile to
            :meth:`TargetPlan.phase` for a company whose months follow the profile.

    Returns:
        The plan, top-down in tree order; :meth:`TargetPlan.check` finds no problem.

    Raises:
        AllocationError: If ``total`` is not a multiple of the quantum, a weight is
            missing or negative, locked targets of one parent add up to more than it
            has to give, a locked id is not in the plan, an over-assignment is
            negative, or a key of ``locked`` or of a mapping ``weights`` is the id of
            both a unit and a person (every such id is named).
        TargetError: If the siblings of one parent would get different over-assignments.

    Notes:
        Linear in the number of units and positions, plus one :func:`apportion` per
        unit: about two seconds for 100,000 people in 5,000 units.

    Examples:
        >>> from deepmarketing.quantities import SALES_CNY
        >>> from deepmarketing.samples import sample_company
        >>> from deepmarketing.targets import prior_actuals
        >>> company = sample_company()
        >>> driver = prior_actuals(company.org, company.prior_year_sales, as_of=company.as_of)
        >>> plan = cascade(
        ...     company.org,
        ...     SALES_CNY,
        ...     Period.parse("2026"),
        ...     Decimal("250000000.00"),
        ...     weights=driver,
        ...     over_assignment={"region": "0.10"},
        ... )
        >>> plan.for_unit("HQ"), plan.for_unit("D1")
        (Decimal('250000000.00'), Decimal('85648892.12'))
        >>> sum(plan.for_unit(u.id) for u in company.org.subunits("D1"))
        Decimal('94213781.33')
    """
    amount = to_decimal(total, what="total")
    if not is_multiple(amount, metric.quantum):
        raise AllocationError(
            f"expected a multiple of the quantum {metric.quantum} {metric.unit}, got {amount}",
            record="total",
        )
    # At the metric's precision, so the top figure reads like every other (cents shown).
    amount = DECIMAL_CONTEXT.add(amount, metric.zero)
    if not isinstance(period, Period):
        raise TargetError(f"expected a Period, got {type(period).__name__}", record="cascade")
    roles = frozenset(roles)
    day = None if as_of is None else to_date(as_of, what="as_of")
    counter = _WorkdayCounter(period, calendar, profile)
    factors = _over_assignment(over_assignment)
    fixed = {
        key: metric.validate(value, record=f"locked target of {key!r}")
        for key, value in (locked or {}).items()
    }
    ambiguous = _ambiguous_ids(org, weights, fixed)
    if ambiguous:
        listed = ", ".join(repr(i) for i in sorted(ambiguous))
        raise AllocationError(
            f"ids must be unambiguous, but {listed} "
            f"{'is the id' if len(ambiguous) == 1 else 'are each the id'} of both a unit and "
            "a person, so a locked figure or a weight given by id could mean either record; "
            "expected distinct unit and person ids in locked and weights",
            record="cascade",
        )
    person_locks = _person_locks(org, fixed, period, day, roles, counter, metric)
    root = org.root
    targets: list[Target] = []
    seen_locks: set[str] = set()
    amounts: dict[str, Decimal] = {root.id: amount}
    unit_weights: dict[str, Decimal] = {}
    if root.id in fixed:
        seen_locks.add(root.id)
        if fixed[root.id] != amount:
            raise AllocationError(
                f"the top unit is locked at {fixed[root.id]} but the total is {amount}",
                record=f"unit {root.id!r}",
            )
    for unit in (root, *org.subunits(root.id, recursive=True)):
        unit_amount = amounts[unit.id]
        subunits = org.subunits(unit.id)
        slots = _slots(org, unit.id, period, day, roles, counter)
        children_total = unit_amount
        child_keys = [s.id for s in subunits] + [slot.key for slot in slots]
        if child_keys:
            labels = {str(s.level) for s in subunits} | {slot.role.value for slot in slots}
            factor = _group_factor(factors, labels, unit.id)
            if factor:
                children_total = quantize(
                    DECIMAL_CONTEXT.multiply(unit_amount, DECIMAL_CONTEXT.add(_ONE, factor)),
                    metric.quantum,
                    rounding=Rounding.HALF_EVEN,
                )
        targets.append(
            Target(
                unit.id,
                OwnerKind.UNIT,
                unit_id=unit.id,
                parent_id=unit.parent_id,
                period=period,
                amount=unit_amount,
                children_total=children_total,
                weight=None if unit.id in fixed else unit_weights.get(unit.id),
                locked=unit.id in fixed,
            )
        )
        if not child_keys:
            continue
        ids = [s.id for s in subunits] + list(dict.fromkeys(slot.person_id for slot in slots))
        raw = resolve_weights(weights, ids)
        if not any(raw.values()):
            # Nothing to tell the members apart (a new region, no prior sales): weigh them
            # alike *before* the working days, so seats are still prorated.
            raw = dict.fromkeys(raw, _ONE)
        # A seat weighs its holder's weight times the working days spent there, a subunit
        # its weight times all the period's working days: both are weight x share of the
        # period, on one scale (a full-period consultant weighs as much as a subunit).
        whole = Decimal(counter.total)
        child_weights: dict[str, Decimal] = {
            s.id: DECIMAL_CONTEXT.multiply(raw[s.id], whole) for s in subunits
        }
        for slot in slots:
            share = DECIMAL_CONTEXT.multiply(raw[slot.person_id], Decimal(slot.workdays))
            child_weights[slot.key] = share
        locked_here = {s.id: fixed[s.id] for s in subunits if s.id in fixed}
        locked_here.update(
            {slot.key: person_locks[slot.key] for slot in slots if slot.key in person_locks}
        )
        seen_locks.update(_lock_owner(key) for key in locked_here)
        free = {k: w for k, w in child_weights.items() if k not in locked_here}
        locked_total = exact_sum(locked_here.values())
        rest = DECIMAL_CONTEXT.subtract(children_total, locked_total)
        if rest < 0:
            raise AllocationError(
                f"locked targets add up to {locked_total}, more than the "
                f"{children_total} to hand down",
                record=f"unit {unit.id!r}",
            )
        if free:
            shares = apportion(rest, free, quantum=metric.quantum)
        elif rest:
            raise AllocationError(
                f"every child is locked but {rest} is left to hand down", record=f"unit {unit.id!r}"
            )
        else:
            shares = {}
        shares.update(locked_here)
        for subunit in subunits:
            amounts[subunit.id] = shares[subunit.id]
            unit_weights[subunit.id] = child_weights[subunit.id]
        for slot in slots:
            key = slot.key
            targets.append(
                Target(
                    slot.person_id,
                    OwnerKind.PERSON,
                    unit_id=slot.unit_id,
                    parent_id=unit.id,
                    period=period
                    if (slot.first, slot.last) == (period.start, period.end)
                    else Period(period.kind, slot.first, end=slot.last),
                    spans=tuple(Period(period.kind, a, end=b) for a, b in slot.runs),
                    amount=shares[key],
                    weight=None if key in locked_here else child_weights[key],
                    locked=key in locked_here,
                )
            )
    unknown = sorted(set(fixed) - seen_locks)
    if unknown:
        raise AllocationError(
            f"locked ids are not in the plan: {', '.join(repr(u) for u in unknown)}",
            record="cascade",
        )
    # Each unit's target comes before its people's, and units come in tree order, so
    # every parent precedes its children.
    return TargetPlan(metric=metric, period=period, targets=targets)


_ONE = Decimal(1)


def _ambiguous_ids(org: Organization, weights: Weights, fixed: Mapping[str, Decimal]) -> set[str]:
    """The keys of ``fixed`` and of a mapping ``weights`` that are a unit's and a person's id."""
    units = {u.id for u in org.units}
    shared = {p.id for p in org.people if p.id in units}
    if not shared:
        return set()
    keyed: Mapping[str, Amount] = (
        weights if isinstance(weights, Mapping) and not isinstance(weights, Driver) else {}
    )
    return {i for i in shared if i in fixed or i in keyed}


def _lock_owner(key: str) -> str:
    return key.split("@", 1)[0]


def _slots(
    org: Organization,
    unit_id: str,
    period: Period,
    day: pendulum.Date | None,
    roles: frozenset[Role],
    counter: _WorkdayCounter,
) -> list[_Slot]:
    """The people with a seat in the unit: over the period, or on ``day`` for the whole period."""
    if day is not None:
        people = {
            a.person_id: a.role
            for a in org.assignments_in(unit_id, start=day, end=day)
            if a.role in roles
        }
        return [
            _Slot(p, unit_id, people[p], period.start, period.end, counter.total)
            for p in sorted(people)
        ]
    seats: dict[str, list[Assignment]] = {}
    for assignment in org.assignments_in(unit_id, start=period.start, end=period.end):
        if assignment.role in roles:
            seats.setdefault(assignment.person_id, []).append(assignment)
    slots = []
    for person, held in sorted(seats.items()):
        spans = [_clip(period, a.start, a.end) for a in held]
        runs = _runs(spans)
        slots.append(
            _Slot(
                person,
                unit_id,
                held[-1].role,
                runs[0][0],
                runs[-1][1],
                sum(counter.count(first, last) for first, last in spans),
                tuple(runs) if len(runs) > 1 else (),
            )
        )
    return slots


def _runs(
    spans: Iterable[tuple[pendulum.Date, pendulum.Date]],
) -> list[tuple[pendulum.Date, pendulum.Date]]:
    """The spans merged into runs of consecutive days, in date order."""
    runs: list[tuple[pendulum.Date, pendulum.Date]] = []
    for first, last in sorted(spans):
        if runs and first.toordinal() <= runs[-1][1].toordinal() + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], last))
        else:
            runs.append((first, last))
    return runs


def _over_assignment(value: Mapping[str, Amount] | Amount | None) -> dict[str, Decimal] | Decimal:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        factors = {
            str(k): to_decimal(v, what=f"over-assignment of {k!r}") for k, v in value.items()
        }
        # Children never add up to less than their parent (TargetPlan.check says so).
        bad = [k for k, v in factors.items() if v < 0]
        if bad:
            raise AllocationError(
                f"expected fractions of 0 or more for {bad}", record="over-assignment"
            )
        return factors
    factor = to_decimal(value, what="over-assignment")
    if factor < 0:
        raise AllocationError(
            f"expected a fraction of 0 or more, got {factor}", record="over-assignment"
        )
    return factor


def _group_factor(factors: dict[str, Decimal] | Decimal, labels: set[str], unit_id: str) -> Decimal:
    if isinstance(factors, Decimal):
        return factors
    found = {factors.get(label, Decimal(0)) for label in labels}
    if len(found) > 1:
        raise TargetError(
            f"its children ({', '.join(sorted(labels))}) would get different over-assignments "
            f"{sorted(found)}; expected one per group",
            record=f"unit {unit_id!r}",
        )
    return found.pop()


def _person_locks(
    org: Organization,
    fixed: Mapping[str, Decimal],
    period: Period,
    day: pendulum.Date | None,
    roles: frozenset[Role],
    counter: _WorkdayCounter,
    metric: Metric,
) -> dict[str, Decimal]:
    """A locked person's figure spread over their seats in the plan by working days.

    The person's targets then add up to the locked figure exactly, whatever moves they
    made during the period.
    """
    locks: dict[str, Decimal] = {}
    people = {p.id for p in org.people}
    for person_id, value in fixed.items():
        if person_id not in people:
            continue
        seats: dict[str, int] = {}
        for assignment in org.assignments_of(person_id):
            if assignment.role not in roles:
                continue
            if day is not None:
                if assignment.active_on(day):
                    seats[assignment.unit_id] = counter.total
                continue
            if assignment.start > period.end or (
                assignment.end is not None and assignment.end < period.start
            ):
                continue
            first, last = _clip(period, assignment.start, assignment.end)
            seats[assignment.unit_id] = seats.get(assignment.unit_id, 0) + counter.count(
                first, last
            )
        if seats:
            for unit_id, share in apportion(value, seats, quantum=metric.quantum).items():
                locks[f"{person_id}@{unit_id}"] = share
    return locks
