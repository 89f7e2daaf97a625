"""Plans: components with effective dates, plan-wide gates, cap and floor, and a draw.

A :class:`Plan` is a frozen, validated composition of components (anything that follows
the :class:`~deepmarketing.incentives.Component` protocol). :func:`calculate` runs them
in order and then applies, each as lines of its own: the plan's gates, its cap or floor
on the components' total, and the :class:`Draw` settled against the carried balance.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pendulum

from deepmarketing.errors import PlanError
from deepmarketing.incentives._components import (
    PAY_CNY,
    Component,
    Gate,
    Line,
    Step,
)
from deepmarketing.incentives._exact import money, round_pay
from deepmarketing.periods import Period, to_date
from deepmarketing.quantities import DECIMAL_CONTEXT, Metric, is_multiple, to_decimal

__all__ = ["Draw", "Plan"]


def _optional_date(value: object) -> pendulum.Date | None:
    return None if value is None else to_date(value, what="date")


def _non_negative(what: str) -> Callable[[object], Decimal]:
    def convert(value: object) -> Decimal:
        amount = to_decimal(value, what=what)
        if amount < 0:
            raise PlanError(f"expected a non-negative amount, got {amount}", record=what)
        return amount

    return convert


def _optional_amount(what: str) -> Callable[[object], Decimal | None]:
    def convert(value: object) -> Decimal | None:
        return None if value is None else _non_negative(what)(value)

    return convert


def _nn_draw_amount(value: object) -> Decimal:
    return _non_negative("draw amount")(value)


def _opt_plan_cap(value: object) -> Decimal | None:
    return _optional_amount("plan cap")(value)


def _opt_plan_floor(value: object) -> Decimal | None:
    return _optional_amount("plan floor")(value)


@attrs.frozen
class Draw:
    """A draw against earnings: pay is topped up to ``amount`` when earnings fall short.

    With ``E`` the period's earnings (every component line after plan gates, cap and
    floor), ``A`` the draw prorated to the days worked and rounded once, and ``B`` the
    balance carried in (what the person owes from earlier draws):

    * *top-up*: if ``E < A`` the draw pays ``A - max(E, 0)`` (a draw does not fund
      clawbacks that take earnings below zero);
    * *non-recoverable* (``recoverable=False``): the top-up is the person's to keep;
    * *recoverable*: the top-up is added to the balance, and earnings above the draw
      in later periods recover it: a recovery line takes ``min(B, E - A)``;
    * *with a guarantee* (``guarantee_until``): top-ups in periods ending on or
      before that date are kept even on a recoverable draw (a new hire's guaranteed
      months); without one, every top-up of a recoverable draw is owed.

    The balance carried out is the statement's ``draw_balance``; pass it to the next
    period's :class:`~deepmarketing.incentives.PayInputs`.

    Args:
        amount: The draw for a full period.
        recoverable: Whether top-ups are recovered from later earnings.
        guarantee_until: Last day of the guarantee, or ``None`` for none.
        name: The name its lines carry.

    Examples:
        >>> draw = Draw(Decimal("5000"), recoverable=True)
        >>> lines, balance = draw.settle(
        ...     Decimal("3200.00"), Decimal("0"), period=Period.parse("2026-07"), factor=Fraction(1)
        ... )
        >>> [(line.step.value, str(line.amount)) for line in lines], balance
        ([('draw', '1800.00')], Decimal('1800.00'))
        >>> lines, balance = draw.settle(
        ...     Decimal("6000.00"), balance, period=Period.parse("2026-08"), factor=Fraction(1)
        ... )
        >>> [(line.step.value, str(line.amount)) for line in lines], balance
        ([('recovery', '-1000.00')], Decimal('800.00'))
    """

    amount: Decimal = attrs.field(converter=_nn_draw_amount)
    recoverable: bool = attrs.field(kw_only=True)
    guarantee_until: pendulum.Date | None = attrs.field(
        default=None, converter=_optional_date, kw_only=True
    )
    name: str = attrs.field(default="draw", kw_only=True)

    def is_guaranteed(self, period: Period) -> bool:
        """Whether top-ups in ``period`` are kept (the period ends within the guarantee)."""
        return not self.recoverable or (
            self.guarantee_until is not None and period.end <= self.guarantee_until
        )

    def settle(
        self,
        earned: Decimal,
        balance: Decimal,
        *,
        period: Period,
        factor: Fraction,
        quantum: Decimal = PAY_CNY.quantum,
    ) -> tuple[tuple[Line, ...], Decimal]:
        """The draw and recovery lines for ``earned``, and the balance carried out."""
        draw = round_pay(Fraction(self.amount) * factor, quantum)
        shown = (
            money(draw) if factor == 1 else f"{money(draw)} (prorated from {money(self.amount)})"
        )
        lines: list[Line] = []
        if self.recoverable and balance > 0 and earned > draw:
            recovered = min(balance, DECIMAL_CONTEXT.subtract(earned, draw))
            balance = DECIMAL_CONTEXT.subtract(balance, recovered)
            lines.append(
                Line(
                    self.name,
                    Step.RECOVERY,
                    DECIMAL_CONTEXT.minus(recovered),
                    f"earned {money(earned)} above the draw of {shown}: {money(recovered)} "
                    f"of the draw balance recovered; {money(balance)} still owed",
                    base=earned,
                )
            )
        if earned < draw:
            top_up = DECIMAL_CONTEXT.subtract(draw, max(earned, Decimal(0)))
            if self.is_guaranteed(period):
                kept = (
                    "non-recoverable"
                    if not self.recoverable
                    else f"guaranteed to {self.guarantee_until}"
                )
                note = f"{kept}, not owed"
            else:
                balance = DECIMAL_CONTEXT.add(balance, top_up)
                note = f"recoverable: draw balance now {money(balance)}"
            lines.append(
                Line(
                    self.name,
                    Step.DRAW,
                    top_up,
                    f"earned {money(earned)} below the draw of {shown}: topped up "
                    f"{money(top_up)}; {note}",
                    base=earned,
                )
            )
        return tuple(lines), balance


def _to_components(values: Iterable[Any]) -> tuple[Component, ...]:
    components = tuple(values)
    for item in components:
        if not isinstance(item, Component):
            raise PlanError(
                f"expected components with a name and a pay() method, got "
                f"{type(item).__name__} {item!r}",
                record="plan",
            )
    return components


def _to_gates(values: Iterable[Gate]) -> tuple[Gate, ...]:
    gates = tuple(values)
    for gate in gates:
        if not isinstance(gate, Gate):
            raise PlanError(f"expected Gate objects, got {type(gate).__name__}", record="plan")
    return gates


def _check_plan(instance: Plan, attribute: attrs.Attribute[Any], value: object) -> None:
    record = f"plan {instance.name!r}"
    if not instance.components:
        raise PlanError("expected at least one component", record=record)
    names = Counter(c.name for c in instance.components)
    twice = sorted(name for name, n in names.items() if n > 1)
    if twice:
        raise PlanError(f"component names must be unique, got twice: {twice}", record=record)
    if instance.end is not None and instance.end < instance.start:
        raise PlanError(
            f"expected the end {instance.end} on or after the start {instance.start}",
            record=record,
        )
    quantum = instance.pay.quantum
    for what, amount in (("cap", instance.cap), ("floor", instance.floor)):
        if amount is not None and not is_multiple(amount, quantum):
            raise PlanError(
                f"expected the {what} to be a multiple of {quantum} {instance.pay.unit}, "
                f"got {amount}",
                record=record,
            )
    if instance.cap is not None and instance.floor is not None and instance.floor > instance.cap:
        raise PlanError(
            f"expected the floor {money(instance.floor)} not to exceed the cap "
            f"{money(instance.cap)}",
            record=record,
        )


@attrs.frozen
class Plan:
    """An incentive plan: components, effective dates, plan-wide gates, cap, floor, draw.

    Args:
        name: The plan's name.
        components: The components, in the order their lines appear; names unique.
        start: The first day the plan is in force.
        end: The last day, or ``None`` while open.
        pay: The currency and quantum of pay (default :data:`PAY_CNY`, to the fen).
        cap: The most the components pay together in a period (before the draw).
        floor: The least they pay together when the plan's gates pass.
        gates: Thresholds that must all be met or no component pays (e.g. collection
            rate >= 80%).
        draw: A :class:`Draw`, settled after everything else.

    Raises:
        PlanError: If there are no components, two share a name, the end is before the
            start, the cap or floor is not a whole quantum, or the floor exceeds the cap.

    Examples:
        >>> from deepmarketing.incentives import Commission, RateTable
        >>> plan = Plan(
        ...     "consultants 2026",
        ...     (Commission("commission", RateTable.flat(Decimal("0.02"))),),
        ...     start=pendulum.date(2026, 1, 1),
        ... )
        >>> plan.covers(Period.parse("2026-07")), plan.covers(Period.parse("2025-12"))
        (True, False)
        >>> attrs.evolve(plan, components=plan.components * 2)
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PlanError: plan 'consultants 2026': component names must be unique,
            got twice: ['commission']
    """

    name: str
    components: tuple[Component, ...] = attrs.field(converter=_to_components)
    start: pendulum.Date = attrs.field(converter=to_date, kw_only=True)
    end: pendulum.Date | None = attrs.field(default=None, converter=_optional_date, kw_only=True)
    pay: Metric = attrs.field(default=PAY_CNY, kw_only=True)
    cap: Decimal | None = attrs.field(default=None, converter=_opt_plan_cap, kw_only=True)
    floor: Decimal | None = attrs.field(default=None, converter=_opt_plan_floor, kw_only=True)
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_to_gates, kw_only=True)
    draw: Draw | None = attrs.field(default=None, kw_only=True, validator=_check_plan)

    def effective_on(self, day: _dt.date) -> bool:
        """Whether the plan is in force on ``day``."""
        day = to_date(day)
        return self.start <= day and (self.end is None or day <= self.end)

    def covers(self, period: Period) -> bool:
        """Whether the plan is in force on at least one day of ``period``."""
        return self.start <= period.end and (self.end is None or period.start <= self.end)
