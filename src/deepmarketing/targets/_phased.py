"""A target plan phased into time: every target's figure for every sub-period, consistent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from deepmarketing.errors import TargetError
from deepmarketing.periods import Period, PeriodKind, WorkCalendar, to_period_kind
from deepmarketing.quantities import DECIMAL_CONTEXT
from deepmarketing.targets._apportion import _to_units, apportion
from deepmarketing.targets._phasing import Phaser, Profile
from deepmarketing.targets._plan import OwnerKind

if TYPE_CHECKING:
    from deepmarketing.targets._plan import Target, TargetPlan

__all__ = ["PhasedPlan"]

_Key = tuple[str, str, str]


@attrs.frozen
class PhasedPlan:
    """Every target of a plan split over the pieces of its period, adding up both ways.

    Each target's pieces add up to its amount; within each unit, the children's figures
    for every piece add up to the unit's (to its ``children_total``, with
    over-assignment) exactly; and the grains nest. Built by :meth:`TargetPlan.phase`.

    A person's piece is within one quantum of its exact share; a unit's piece is the sum
    of its people's, so with a coarse quantum (whole customers by the month) a unit's
    months can stray from an even profile by up to one quantum per person below it.

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
        (['102', '105', '93'], [])
    """

    plan: TargetPlan
    into: PeriodKind
    pieces: tuple[Period, ...]
    # Figures are kept in whole quanta (ints) and turned into Decimals when asked for:
    # a plan of 100,000 people by the day holds tens of millions of them.
    _values: Mapping[_Key, tuple[int, ...]] = attrs.field(alias="values", repr=False)
    _children_values: Mapping[str, tuple[int, ...]] = attrs.field(
        alias="children_values", repr=False
    )

    def _money(self, units: Iterable[int]) -> list[Decimal]:
        step = self.plan.metric.quantum
        multiply = DECIMAL_CONTEXT.multiply
        return [multiply(Decimal(u), step) for u in units]

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
        return dict(zip(self.pieces, self._money(values), strict=True))

    def for_unit(self, unit_id: str) -> dict[Period, Decimal]:
        """A unit's target per piece."""
        return self.of(self.plan.unit_target(unit_id))

    def for_person(self, person_id: str) -> dict[Period, Decimal]:
        """A person's target per piece, over every seat they held."""
        seats = [self._values[t.key] for t in self.plan.person_targets(person_id)]
        totals = [sum(column) for column in zip(*seats, strict=True)]
        return dict(zip(self.pieces, self._money(totals), strict=True))

    def check(self) -> list[str]:
        """Verify the phasing; the verifier twin of :meth:`TargetPlan.phase`.

        Returns:
            Every problem: a target whose pieces do not add up to its amount, a unit
            whose children's pieces do not add up to its own (or to its
            ``children_total``), or a figure for a piece the plan does not have.
        """
        problems: list[str] = []
        step = self.plan.metric.quantum
        count = len(self.pieces)
        for target in self.plan:
            values = self._values.get(target.key)
            name = f"{target.kind.value} {target.owner_id!r} in {target.unit_id!r}"
            if values is None or len(values) != count:
                problems.append(f"{name}: expected a figure for each of the {count} pieces")
                continue
            total = DECIMAL_CONTEXT.multiply(Decimal(sum(values)), step)
            if total != target.amount:
                problems.append(f"{name}: pieces add up to {total}, not {target.amount}")
        for unit in self.plan:
            children = self.plan.children(unit.owner_id) if unit.kind is OwnerKind.UNIT else ()
            if not children:
                continue
            expected = self._children_values.get(unit.owner_id)
            owed = unit.children_total if unit.children_total is not None else unit.amount
            if expected is None or DECIMAL_CONTEXT.multiply(Decimal(sum(expected)), step) != owed:
                problems.append(
                    f"unit {unit.owner_id!r}: its children's pieces do not add to {owed}"
                )
                continue
            for i, piece in enumerate(self.pieces):
                actual = sum(self._values[c.key][i] for c in children if c.key in self._values)
                if actual != expected[i]:
                    problems.append(
                        f"unit {unit.owner_id!r}: children add up to "
                        f"{DECIMAL_CONTEXT.multiply(Decimal(actual), step)} in {piece}, expected "
                        f"{DECIMAL_CONTEXT.multiply(Decimal(expected[i]), step)}"
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
            for piece, value in zip(self.pieces, self._money(self._values[target.key]), strict=True)
        ]


def phase_plan(
    plan: TargetPlan,
    into: PeriodKind | str,
    *,
    calendar: WorkCalendar | None = None,
    profile: Profile | None = None,
) -> PhasedPlan:
    """Phase a whole plan from the people up (see :meth:`TargetPlan.phase`).

    Every person's target is phased on its own over the days they held the seat, level
    by level (year > quarter > month > dekad > day; weeks gathered from days), so each
    piece is within one quantum of its exact share and the grains nest. A unit's figure
    for a piece is what its children carry in it; with over-assignment, the unit's own
    (smaller) target follows its children's profile, level by level.
    """
    kind = to_period_kind(into)
    period = plan.period
    step = plan.metric.quantum
    whole = Phaser(period, kind, quantum=step, profile=profile, calendar=calendar)
    levels = whole.levels
    parents = [_parent_index(levels[k - 1], levels[k]) for k in range(1, len(levels))]
    by_runs: dict[tuple[Period, ...], Phaser] = {(period,): whole}

    def phaser_for(target: Target) -> Phaser:
        runs = target.runs
        found = by_runs.get(runs)
        if found is None:
            found = Phaser(
                period, kind, quantum=step, profile=profile, calendar=calendar, active=runs
            )
            by_runs[runs] = found
        return found

    # Only the finest level is kept per target (memory: a plan of 100,000 people by the
    # day); a unit's coarser levels, when needed, are sums of its finest figures.
    units: dict[_Key, list[int]] = {}
    children_units: dict[str, list[int]] = {}
    for target in reversed(plan.targets):  # children before their parents
        amount = _to_units(target.amount, step, what="target")
        if target.kind is OwnerKind.PERSON:
            units[target.key] = phaser_for(target).split_levels_units(amount)[-1]
            continue
        children = plan.children(target.owner_id)
        if not children:
            units[target.key] = whole.split_levels_units(amount)[-1]
            continue
        carried = [sum(column) for column in zip(*(units[c.key] for c in children), strict=True)]
        children_units[target.owner_id] = carried
        if sum(carried) == amount:
            units[target.key] = carried
        else:
            units[target.key] = _follow(amount, _aggregate_up(carried, parents), parents)[-1]
    gather = whole.gather

    def finish(last: list[int]) -> tuple[int, ...]:
        if gather is not None:
            gathered, position = [], 0
            for count in gather:
                gathered.append(sum(last[position : position + count]))
                position += count
            last = gathered
        return tuple(last)

    return PhasedPlan(
        plan=plan,
        into=kind,
        pieces=whole.pieces,
        values={key: finish(rows) for key, rows in units.items()},
        children_values={uid: finish(rows) for uid, rows in children_units.items()},
    )


def _aggregate_up(finest: list[int], parents: list[list[int]]) -> list[list[int]]:
    """Every level's figures from the finest level's, by adding up each piece's parts."""
    rows = [finest]
    for k in range(len(parents), 0, -1):
        upper = [0] * (max(parents[k - 1]) + 1)
        for index, parent in enumerate(parents[k - 1]):
            upper[parent] += rows[0][index]
        rows.insert(0, upper)
    return rows


def _follow(amount: int, profile: list[list[int]], parents: list[list[int]]) -> list[list[int]]:
    """Split ``amount`` level by level in proportion to ``profile`` (the children's figures).

    Each piece's figure is shared among its sub-pieces by the largest-remainder method
    on the profile's figures for them, so the grains nest and the total is exact.
    """
    rows = [[amount]]
    for k in range(1, len(profile)):
        row = [0] * len(profile[k])
        groups: dict[int, list[int]] = {}
        for index, parent in enumerate(parents[k - 1]):
            groups.setdefault(parent, []).append(index)
        for parent, members in groups.items():
            shares = apportion(rows[k - 1][parent], {i: profile[k][i] for i in members})
            for i, share in shares.items():
                row[i] = int(share)
        rows.append(row)
    return rows


def _parent_index(upper: tuple[Period, ...], lower: tuple[Period, ...]) -> list[int]:
    """For each piece of ``lower``, the index of the piece of ``upper`` it lies in."""
    result: list[int] = []
    p = 0
    for piece in lower:
        while not upper[p].contains(piece):
            p += 1
        result.append(p)
    return result
