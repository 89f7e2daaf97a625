"""The result of a cascade: every unit's and every consultant's target, and its checks."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from deepmarketing.errors import TargetError
from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.quantities import (
    DECIMAL_CONTEXT,
    Amount,
    Metric,
    exact_sum,
    is_multiple,
    to_decimal,
)

if TYPE_CHECKING:
    from deepmarketing.targets._phased import PhasedPlan
    from deepmarketing.targets._phasing import Profile

__all__ = ["OwnerKind", "Target", "TargetPlan"]


class OwnerKind(enum.Enum):
    """Who carries a target: a unit (its manager answers for it) or a person.

    Examples:
        >>> OwnerKind("person")
        <OwnerKind.PERSON: 'person'>
        >>> OwnerKind.UNIT.value  # the first item of a Target.key
        'unit'
    """

    UNIT = "unit"
    PERSON = "person"


def _to_periods(value: Iterable[Period]) -> tuple[Period, ...]:
    return tuple(value)


def _to_amount(value: Amount) -> Decimal:
    return to_decimal(value, what="target amount")


def _to_children_total(value: Amount | None) -> Decimal | None:
    return None if value is None else to_decimal(value, what="target children_total")


def _to_weight(value: Amount | None) -> Decimal | None:
    return None if value is None else to_decimal(value, what="target weight")


@attrs.frozen
class Target:
    """One owner's target for the plan's metric, over the plan's period or part of it.

    A consultant who transfers during the period has one ``Target`` per unit they sat
    in, each over the part of the period (a clipped :class:`~deepmarketing.periods.Period`)
    they spent there; :meth:`TargetPlan.for_person` adds them up.

    Args:
        owner_id: The unit id or person id.
        kind: Whether the owner is a unit or a person.
        unit_id: The unit itself, or the unit the person sat in.
        parent_id: The unit whose target this one was carved from (``None`` at the top).
        period: The days this target covers: from the first to the last day the owner
            held the seat in the plan's period.
        amount: The target, a multiple of the metric's quantum.
        children_total: For a unit: what its children's targets add up to (its amount,
            or more with over-assignment). ``None`` for a person.
        weight: The allocation weight it was given (``None`` for the top or a locked one).
        locked: Whether the figure was fixed by hand (or committed) rather than allocated.
        spans: For a person who left the unit and came back within the period (so
            ``period`` takes in days they were away), the runs of days they held the
            seat, each a clipped period; empty when ``period`` is one such run.

    Raises:
        AmountTypeError: If ``amount``, ``children_total`` or ``weight`` is a float
            (also a ``TypeError``); ints and numeric strings become Decimals.
        QuantityError: If one of them is a string that is not a finite number.

    Examples:
        >>> from deepmarketing.quantities import SALES_CNY
        >>> from deepmarketing.samples import sample_company
        >>> from deepmarketing.targets import cascade
        >>> july = Period.parse("2026-07")
        >>> plan = cascade(sample_company().org, SALES_CNY, july, 3_100_000, weights=lambda _: 1)
        >>> [(t.unit_id, str(t.period), t.amount) for t in plan.person_targets("P-D1-R1-C5")]
        [('D1-R1', '2026-07[2026-07-01..2026-07-14]', Decimal('31111.11')),
         ('D1-R2', '2026-07[2026-07-15..2026-07-31]', Decimal('41528.77'))]
    """

    owner_id: str
    kind: OwnerKind
    unit_id: str = attrs.field(kw_only=True)
    parent_id: str | None = attrs.field(kw_only=True)
    period: Period = attrs.field(kw_only=True)
    amount: Decimal = attrs.field(kw_only=True, converter=_to_amount)
    children_total: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_children_total
    )
    weight: Decimal | None = attrs.field(default=None, kw_only=True, converter=_to_weight)
    locked: bool = attrs.field(default=False, kw_only=True)
    spans: tuple[Period, ...] = attrs.field(default=(), kw_only=True, converter=_to_periods)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies this target within its plan: (kind, owner id, unit id)."""
        return (self.kind.value, self.owner_id, self.unit_id)

    @property
    def runs(self) -> tuple[Period, ...]:
        """The runs of days the target covers: its ``spans``, or its period as one run."""
        return self.spans or (self.period,)


def _to_targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return tuple(value)


@attrs.frozen
class TargetPlan:
    """Targets for one metric and period, from the top unit down to every consultant.

    Built by :func:`cascade`. Iterate it for its :class:`Target` records (top-down, in
    tree order), ask :meth:`for_unit` / :meth:`for_person`, phase it into time with
    :meth:`phase`, export it with :meth:`to_rows`, and verify it with :meth:`check`.

    Args:
        metric: What the targets measure.
        period: The period they cover.
        targets: Every target, parents before their children.

    Examples:
        >>> from deepmarketing.quantities import NEW_CUSTOMERS
        >>> from deepmarketing.samples import sample_company
        >>> from deepmarketing.targets import Even, cascade
        >>> org = sample_company().org
        >>> plan = cascade(org, NEW_CUSTOMERS, Period.parse("2026"), 900, weights=Even())
        >>> plan.for_unit("HQ"), plan.for_unit("D1-R1"), plan.for_person("P-D1-R1-C1")
        (Decimal('900'), Decimal('100'), Decimal('20'))
        >>> len(plan), plan.check()
        (60, [])
    """

    metric: Metric
    period: Period
    targets: tuple[Target, ...] = attrs.field(converter=_to_targets)
    _units: dict[str, Target] = attrs.field(init=False, eq=False, repr=False)
    _people: dict[str, list[Target]] = attrs.field(init=False, eq=False, repr=False)
    _children: dict[str, list[Target]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        units: dict[str, Target] = {}
        people: dict[str, list[Target]] = defaultdict(list)
        children: dict[str, list[Target]] = defaultdict(list)
        for target in self.targets:
            if target.kind is OwnerKind.UNIT:
                if target.owner_id in units:
                    raise TargetError(
                        "appears twice in the plan", record=f"target of unit {target.owner_id!r}"
                    )
                units[target.owner_id] = target
            else:
                people[target.owner_id].append(target)
            if target.parent_id is not None:
                children[target.parent_id].append(target)
        object.__setattr__(self, "_units", units)
        object.__setattr__(self, "_people", dict(people))
        object.__setattr__(self, "_children", dict(children))

    # -- lookups ----------------------------------------------------------------------------

    @property
    def root(self) -> Target:
        """The top unit's target (the whole)."""
        for target in self.targets:
            if target.parent_id is None:
                return target
        raise TargetError("has no top target", record="target plan")

    def unit_target(self, unit_id: str) -> Target:
        """The target record of ``unit_id``.

        Raises:
            TargetError: If the plan has no target for that unit.
        """
        try:
            return self._units[unit_id]
        except (KeyError, TypeError):
            raise TargetError("has no target in this plan", record=f"unit {unit_id!r}") from None

    def for_unit(self, unit_id: str) -> Decimal:
        """The target of ``unit_id``.

        Raises:
            TargetError: If the plan has no target for that unit.
        """
        return self.unit_target(unit_id).amount

    def person_targets(self, person_id: str) -> tuple[Target, ...]:
        """The target records of ``person_id``: one per unit they sat in during the period.

        Raises:
            TargetError: If the plan has no target for that person.
        """
        try:
            return tuple(self._people[person_id])
        except (KeyError, TypeError):
            raise TargetError(
                "has no target in this plan", record=f"person {person_id!r}"
            ) from None

    def for_person(self, person_id: str) -> Decimal:
        """The target of ``person_id``, over every unit they sat in during the period.

        Raises:
            TargetError: If the plan has no target for that person.
        """
        return exact_sum(t.amount for t in self.person_targets(person_id))

    def children(self, unit_id: str) -> tuple[Target, ...]:
        """The targets carved directly from ``unit_id``'s: its subunits and its people."""
        self.unit_target(unit_id)
        return tuple(self._children.get(unit_id, ()))

    def people(self) -> tuple[str, ...]:
        """The ids of every person with a target, in plan order."""
        return tuple(self._people)

    def __iter__(self) -> Iterator[Target]:
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    # -- verification -----------------------------------------------------------------------

    def check(self) -> list[str]:
        """Verify the plan's arithmetic; the verifier twin of :func:`cascade`.

        Returns:
            Every problem found (empty when the plan is sound): an amount that is not a
            multiple of the metric's quantum, a unit whose children do not add up to its
            ``children_total`` exactly, a ``children_total`` below the unit's amount, a
            child whose parent has no target, or a negative target.

        Examples:
            >>> from deepmarketing.samples import sample_company
            >>> from deepmarketing.quantities import SALES_CNY
            >>> from deepmarketing.targets import cascade
            >>> company = sample_company()
            >>> plan = cascade(
            ...     company.org, SALES_CNY, Period.parse("2026"), 90_000_000, weights=lambda _: 1
            ... )
            >>> plan.check()
            []
        """
        problems: list[str] = []
        quantum = self.metric.quantum
        for target in self.targets:
            name = f"{target.kind.value} {target.owner_id!r}"
            if target.kind is OwnerKind.PERSON:
                name += f" in {target.unit_id!r}"
            if not is_multiple(target.amount, quantum):
                problems.append(f"{name}: {target.amount} is not a multiple of {quantum}")
            if target.amount < 0:
                problems.append(f"{name}: negative target {target.amount}")
            if target.parent_id is not None and target.parent_id not in self._units:
                problems.append(f"{name}: parent unit {target.parent_id!r} has no target")
        for unit_id, unit in self._units.items():
            children = self._children.get(unit_id)
            if not children:
                continue
            expected = unit.children_total if unit.children_total is not None else unit.amount
            if expected < unit.amount:
                problems.append(
                    f"unit {unit_id!r}: children_total {expected} is below its target {unit.amount}"
                )
            actual = exact_sum(child.amount for child in children)
            if actual != expected:
                problems.append(
                    f"unit {unit_id!r}: children add up to {actual}, expected {expected}"
                )
        return problems

    # -- time -------------------------------------------------------------------------------

    def phase(
        self,
        into: PeriodKind | str,
        *,
        calendar: WorkCalendar | None = None,
        profile: Profile | None = None,
    ) -> PhasedPlan:
        """Phase every target into sub-periods, adding up exactly across levels and time.

        Every person's target is phased on its own over the days they held the seat
        (like :func:`phase`, with the same calendar and profile), so each piece is
        within one quantum of its exact share and carries nothing outside their days.
        A unit's figure for a piece is what its children carry in it, so the children
        add up to the unit piece by piece, and the company's months are what its people
        carry. With over-assignment a unit's own (smaller) target follows its children's
        profile. The split goes level by level (year > quarter > month > dekad > day;
        weeks gathered from days), so the days of a month add up to the month for every
        target, whatever grain is asked for.

        Args:
            into: The kind of the pieces (months, dekads, weeks, days).
            calendar: Weight days by working days.
            profile: Seasonal weights (see :func:`phase`).

        Returns:
            The phased plan; its :meth:`PhasedPlan.check` finds no problem.

        Raises:
            PeriodError: If ``into`` names no period kind.

        Notes:
            One level-by-level split per person (about 170 microseconds a year into
            days), then sums: linear in the number of targets and pieces.

        Examples:
            >>> from deepmarketing.samples import sample_company
            >>> from deepmarketing.quantities import SALES_CNY
            >>> from deepmarketing.targets import cascade
            >>> company = sample_company()
            >>> plan = cascade(
            ...     company.org, SALES_CNY, Period.parse("2026-Q3"), 9_000_000, weights=lambda _: 1
            ... )
            >>> monthly = plan.phase("month", calendar=company.calendar)
            >>> monthly.check()
            []
            >>> before, after = plan.person_targets("P-D1-R1-C5")  # moved on 15 July
            >>> [str(v) for v in monthly.of(before).values()]
            ['30434.78', '0.00', '0.00']
        """
        from deepmarketing.targets._phased import phase_plan

        return phase_plan(self, into, calendar=calendar, profile=profile)

    # -- export -----------------------------------------------------------------------------

    def to_rows(self) -> list[dict[str, Any]]:
        """The plan as flat rows for a spreadsheet or a CRM table (strings for exactness).

        Examples:
            >>> from deepmarketing.samples import sample_company
            >>> from deepmarketing.quantities import SALES_CNY
            >>> from deepmarketing.targets import cascade
            >>> plan = cascade(
            ...     sample_company().org,
            ...     SALES_CNY,
            ...     Period.parse("2026"),
            ...     90_000_000,
            ...     weights=lambda _: 1,
            ... )
            >>> plan.to_rows()[0]  # doctest: +NORMALIZE_WHITESPACE
            {'metric': 'sales', 'unit': 'CNY', 'period': '2026', 'kind': 'unit', 'owner_id': 'HQ',
             'unit_id': 'HQ', 'parent_id': None, 'amount': '90000000.00',
             'children_total': '90000000.00', 'locked': False}
        """
        zero = self.metric.zero
        ctx = DECIMAL_CONTEXT
        return [
            {
                "metric": self.metric.name,
                "unit": self.metric.unit,
                "period": str(t.period),
                "kind": t.kind.value,
                "owner_id": t.owner_id,
                "unit_id": t.unit_id,
                "parent_id": t.parent_id,
                "amount": str(ctx.add(t.amount, zero)),
                "children_total": None
                if t.children_total is None
                else str(ctx.add(t.children_total, zero)),
                "locked": t.locked,
            }
            for t in self.targets
        ]

    def with_amounts(self, amounts: Mapping[tuple[str, str, str], Amount]) -> TargetPlan:
        """A copy with some targets' amounts replaced (by :attr:`Target.key`), unchecked.

        For a manual edit: the parents are not adjusted, so run :meth:`check` on the
        result (or use :class:`TargetNegotiation` and its ``rebalance`` to keep the plan
        adding up).

        Raises:
            TargetError: If a key names no target of the plan.

        Examples:
            >>> from deepmarketing.quantities import NEW_CUSTOMERS
            >>> from deepmarketing.samples import sample_company
            >>> from deepmarketing.targets import Even, cascade
            >>> org = sample_company().org
            >>> plan = cascade(org, NEW_CUSTOMERS, Period.parse("2026"), 900, weights=Even())
            >>> plan.with_amounts({("person", "P-D1-R1-C2", "D1-R1"): 30}).check()[0]
            "unit 'D1-R1': children add up to 110, expected 100"
        """
        keys = {t.key for t in self.targets}
        unknown = [key for key in amounts if key not in keys]
        if unknown:
            raise TargetError(f"no targets with keys {unknown}", record="target plan")
        return attrs.evolve(
            self,
            targets=tuple(
                attrs.evolve(t, amount=self.metric.validate(amounts[t.key]))
                if t.key in amounts
                else t
                for t in self.targets
            ),
        )
