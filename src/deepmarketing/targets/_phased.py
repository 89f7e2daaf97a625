"""A target plan phased into time: every target's figure for every sub-period, consistent."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from deepmarketing.errors import AllocationError, TargetError
from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.quantities import DECIMAL_CONTEXT, exact_sum
from deepmarketing.targets._apportion import _to_units
from deepmarketing.targets._matrix import apportion_matrix
from deepmarketing.targets._phasing import Phaser, Profile, _day_weights
from deepmarketing.targets._plan import OwnerKind

if TYPE_CHECKING:
    from deepmarketing.targets._plan import Target, TargetPlan

__all__ = ["PhasedPlan"]

_Key = tuple[str, str, str]


@attrs.frozen
class PhasedPlan:
    """Every target of a plan split over the pieces of its period, adding up both ways.

    Each target's pieces add up to its amount; within each unit, the children's figures
    for every piece add up to the unit's (to its ``children_total`` phased the same way,
    with over-assignment) exactly. Built by :meth:`TargetPlan.phase`.

    Attributes:
        plan: The plan that was phased.
        into: The kind of the pieces.
        pieces: The pieces, in date order.

    Examples:
        >>> from deepmarketing.quantities import NEW_CUSTOMERS
        >>> from deepmarketing.samples import sample_company
        >>> from deepmarketing.targets import Even, cascade
        >>> org = sample_company().org
        >>> plan = cascade(org, NEW_CUSTOMERS, Period.parse("2026-Q3"), 900, weights=Even())
        >>> monthly = plan.phase("month")
        >>> [str(v) for v in monthly.for_unit("D1").values()], monthly.check()
        (['101', '101', '98'], [])
    """

    plan: TargetPlan
    into: PeriodKind
    pieces: tuple[Period, ...]
    _values: Mapping[_Key, tuple[Decimal, ...]] = attrs.field(alias="values", repr=False)
    _children_values: Mapping[str, tuple[Decimal, ...]] = attrs.field(
        alias="children_values", repr=False
    )

    def of(self, target: Target | _Key) -> dict[Period, Decimal]:
        """One target's figure per piece.

        Raises:
            TargetError: If the target is not in the plan.
        """
        key = target if isinstance(target, tuple) else target.key
        try:
            values = self._values[key]
        except KeyError:
            raise TargetError("is not in this plan", record=f"target {key!r}") from None
        return dict(zip(self.pieces, values, strict=True))

    def for_unit(self, unit_id: str) -> dict[Period, Decimal]:
        """A unit's target per piece."""
        return self.of(self.plan.unit_target(unit_id))

    def for_person(self, person_id: str) -> dict[Period, Decimal]:
        """A person's target per piece, over every seat they held."""
        seats = [self._values[t.key] for t in self.plan.person_targets(person_id)]
        return {piece: exact_sum(s[i] for s in seats) for i, piece in enumerate(self.pieces)}

    def check(self) -> list[str]:
        """Verify the phasing; the verifier twin of :meth:`TargetPlan.phase`.

        Returns:
            Every problem: a target whose pieces do not add up to its amount, a unit
            whose children's pieces do not add up to its own, or a piece that is not a
            multiple of the quantum.
        """
        problems: list[str] = []
        quantum = self.plan.metric.quantum
        for target in self.plan:
            values = self._values[target.key]
            name = f"{target.kind.value} {target.owner_id!r} in {target.unit_id!r}"
            if exact_sum(values) != target.amount:
                problems.append(
                    f"{name}: pieces add up to {exact_sum(values)}, not {target.amount}"
                )
            if any(v % quantum for v in values):
                problems.append(f"{name}: a piece is not a multiple of {quantum}")
        for unit_id, expected in self._children_values.items():
            children = self.plan.children(unit_id)
            if not children:
                continue
            for i, piece in enumerate(self.pieces):
                actual = exact_sum(self._values[c.key][i] for c in children)
                if actual != expected[i]:
                    problems.append(
                        f"unit {unit_id!r}: children add up to {actual} in {piece}, "
                        f"expected {expected[i]}"
                    )
        return problems

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per target and piece, amounts as strings."""
        return [
            {
                "kind": target.kind.value,
                "owner_id": target.owner_id,
                "unit_id": target.unit_id,
                "period": str(piece),
                "amount": str(value),
            }
            for target in self.plan
            for piece, value in zip(self.pieces, self._values[target.key], strict=True)
        ]


def phase_plan(
    plan: TargetPlan,
    into: PeriodKind | str,
    *,
    calendar: WorkCalendar | None = None,
    profile: Profile | None = None,
) -> PhasedPlan:
    """Phase a whole plan top-down and level by level (see :meth:`TargetPlan.phase`).

    The grains nest (year > quarter > month > dekad > day; weeks are gathered from
    days), and every figure at one grain is split among the pieces of the next, so the
    days of a month add up to the month for every target, whatever grain is asked for.
    Within one grain, each unit's figure for a piece is shared among its children by
    controlled rounding, so the children add up to the unit piece by piece.
    """
    kind = PeriodKind(into) if not isinstance(into, PeriodKind) else into
    period = plan.period
    step = plan.metric.quantum
    phaser = Phaser(period, kind, quantum=step, profile=profile, calendar=calendar)
    levels = phaser.levels
    parents = [_parent_index(levels[k - 1], levels[k]) for k in range(1, len(levels))]
    days = _scaled_day_weights(period, profile, calendar)
    units: dict[_Key, list[list[int]]] = {}
    children_units: dict[str, list[list[int]]] = {}
    root = plan.root
    units[root.key] = phaser.split_levels_units(_to_units(root.amount, step, what="target"))
    for unit in plan:
        if unit.kind is not OwnerKind.UNIT:
            continue
        own = units[unit.key]
        total = unit.children_total if unit.children_total is not None else unit.amount
        columns = (
            own
            if total == unit.amount
            else phaser.split_levels_units(_to_units(total, step, what="target"))
        )
        children_units[unit.owner_id] = columns
        children = plan.children(unit.owner_id)
        if not children:
            continue
        try:
            _share_down(children, columns, levels, parents, units, days, period, step)
        except AllocationError as exc:
            raise AllocationError(
                f"its children cannot carry its target piece by piece: {exc.detail}; a piece "
                "of the period that nobody covers needs someone to carry it (add the "
                "manager's role to the cascade's roles)",
                record=f"unit {unit.owner_id!r}",
            ) from exc
    gather = phaser.gather
    ctx = DECIMAL_CONTEXT

    def finish(rows: list[list[int]]) -> tuple[Decimal, ...]:
        last = rows[-1]
        if gather is not None:
            gathered, position = [], 0
            for count in gather:
                gathered.append(sum(last[position : position + count]))
                position += count
            last = gathered
        return tuple(ctx.multiply(Decimal(v), step) for v in last)

    return PhasedPlan(
        plan=plan,
        into=kind,
        pieces=phaser.pieces,
        values={key: finish(rows) for key, rows in units.items()},
        children_values={uid: finish(rows) for uid, rows in children_units.items()},
    )


def _parent_index(upper: tuple[Period, ...], lower: tuple[Period, ...]) -> list[int]:
    """For each piece of ``lower``, the index of the piece of ``upper`` it lies in."""
    result: list[int] = []
    p = 0
    for piece in lower:
        while not upper[p].contains(piece):
            p += 1
        result.append(p)
    return result


def _share_down(
    children: tuple[Target, ...],
    columns: list[list[int]],
    levels: tuple[tuple[Period, ...], ...],
    parents: list[list[int]],
    units: dict[_Key, list[list[int]]],
    days: _DayWeights,
    period: Period,
    step: Decimal,
) -> None:
    """Fill in every child's figures at every level from the unit's, by controlled rounding."""
    for child in children:
        units[child.key] = [[_to_units(child.amount, step, what="target")]]
    partial = [
        c
        for c in children
        if c.spans or (c.period.start, c.period.end) != (period.start, period.end)
    ]
    for k in range(1, len(levels)):
        pieces = levels[k]
        groups: dict[int, list[int]] = {}
        for index, parent in enumerate(parents[k - 1]):
            groups.setdefault(parent, []).append(index)
        for child in children:
            units[child.key].append([0] * len(pieces))
        for parent, members in groups.items():
            rows = {c.key: units[c.key][k - 1][parent] for c in children}
            if not any(rows.values()):
                continue
            cols = {i: columns[k][i] for i in members}
            weights: dict[tuple[_Key, int], int] | None = None
            if partial:
                weights = {}
                for c in children:
                    for i in members:
                        weights[(c.key, i)] = _seat_weight(days, pieces[i], c)
            table = apportion_matrix(rows, cols, weights)
            for c in children:
                row = units[c.key][k]
                for i in members:
                    row[i] = int(table[(c.key, i)])


def _seat_weight(days: _DayWeights, piece: Period, child: Target) -> int:
    """The weight of the days of ``piece`` on which ``child`` held its seat.

    Only the runs of days in the seat count: a person who left the unit and came back
    carries nothing while away.
    """
    weight = 0
    for run in child.runs:
        first, last = max(piece.start, run.start), min(piece.end, run.end)
        if first <= last:
            weight += _span_weight(days, first, last)
    return weight


class _DayWeights:
    """Integer day weights with prefix sums, for the weight of any run of days."""

    def __init__(self, period: Period, weights: Mapping[_dt.date, Fraction]) -> None:
        common = math.lcm(*(w.denominator for w in weights.values())) if weights else 1
        self.first = period.start.toordinal()
        prefix = [0]
        for day in period.dates():
            prefix.append(prefix[-1] + int(weights[day] * common))
        self.prefix = prefix


def _scaled_day_weights(
    period: Period, profile: Profile | None, calendar: WorkCalendar | None
) -> _DayWeights:
    return _DayWeights(period, _day_weights(period, profile, calendar))


def _span_weight(days: _DayWeights, first: _dt.date, last: _dt.date) -> int:
    return (
        days.prefix[last.toordinal() - days.first + 1] - days.prefix[first.toordinal() - days.first]
    )
