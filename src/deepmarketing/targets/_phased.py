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
from deepmarketing.quantities import exact_sum
from deepmarketing.targets._matrix import apportion_matrix
from deepmarketing.targets._phasing import Phaser, Profile, _day_weights

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
    """Phase a whole plan top-down (see :meth:`TargetPlan.phase`)."""
    kind = PeriodKind(into) if not isinstance(into, PeriodKind) else into
    period = plan.period
    quantum = plan.metric.quantum
    phaser = Phaser(period, kind, quantum=quantum, profile=profile, calendar=calendar)
    pieces = phaser.pieces
    days = _scaled_day_weights(period, profile, calendar)
    piece_bounds = [(p.start, p.end) for p in pieces]
    values: dict[_Key, tuple[Decimal, ...]] = {}
    children_values: dict[str, tuple[Decimal, ...]] = {}
    root = plan.root
    values[root.key] = tuple(phaser.split(root.amount).values())
    for unit in plan:
        if unit.kind.value != "unit":
            continue
        own = values[unit.key]
        total = unit.children_total if unit.children_total is not None else unit.amount
        columns = own if total == unit.amount else tuple(phaser.split(total).values())
        children_values[unit.owner_id] = columns
        children = plan.children(unit.owner_id)
        if not children:
            continue
        rows = {c.key: c.amount for c in children}
        cols = dict(zip(range(len(pieces)), columns, strict=True))
        partial = [
            c for c in children if (c.period.start, c.period.end) != (period.start, period.end)
        ]
        weights = None
        if partial:
            full = [_span_weight(days, first, last) for first, last in piece_bounds]
            cell: dict[tuple[_Key, int], int] = {}
            for child in children:
                for i, (first, last) in enumerate(piece_bounds):
                    if child in partial:
                        lo, hi = max(first, child.period.start), min(last, child.period.end)
                        cell[(child.key, i)] = _span_weight(days, lo, hi) if lo <= hi else 0
                    else:
                        cell[(child.key, i)] = full[i]
            weights = cell
        try:
            table = apportion_matrix(rows, cols, weights, quantum=quantum)
        except AllocationError as exc:
            raise AllocationError(
                f"its children cannot carry its target piece by piece: {exc.detail}; "
                "a piece of the period nobody covers needs a person to carry it (add the "
                "manager's role to the cascade's roles)",
                record=f"unit {unit.owner_id!r}",
            ) from exc
        for child in children:
            values[child.key] = tuple(table[(child.key, i)] for i in range(len(pieces)))
    return PhasedPlan(
        plan=plan, into=kind, pieces=pieces, values=values, children_values=children_values
    )


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
